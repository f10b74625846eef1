// Exponential backoff with full jitter (a random wait in [0, min(cap, base·2^attempt)]): clients
// that failed together do not retry together.
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 60_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}
