// Shared helpers for benchmarks: one JSON object per metric per line on stdout.
export function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra }) + '\n');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function timeRuns(runs: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
