// Calendar days as integers (days since 1970-01-01 UTC), so the hot loop compares numbers.
const MS_PER_DAY = 86_400_000;

export function dayNumber(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Not a day (YYYY-MM-DD): ${iso}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
  if (dayString(n) !== iso) throw new Error(`Not a calendar day: ${iso}`);
  return n;
}

export function dayString(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}
