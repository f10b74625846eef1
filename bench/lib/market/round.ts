/**
 * Integer budgets proportional to `weights` that sum exactly to `total` (largest remainder; ties
 * go to the lower index so the result is deterministic). All-zero weights split evenly.
 */
export function roundToTotal(weights: readonly number[], total: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  if (!Number.isInteger(total) || total < 0) throw new Error('total must be a non-negative integer');
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const sum = clean.reduce((s, w) => s + w, 0);
  const exact = sum > 0 ? clean.map((w) => (w / sum) * total) : clean.map(() => total / n);
  const out = exact.map(Math.floor);
  let missing = total - out.reduce((s, v) => s + v, 0);
  const order = [...exact.keys()].sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!) || a - b);
  for (let k = 0; missing > 0; k = (k + 1) % n, missing--) out[order[k]!]! += 1;
  return out;
}

/**
 * Integers near `x` (Σ x ≤ total) within integer bounds [lo_i, hi_i] summing to `total`: floor,
 * then hand out the missing units by largest fractional part among holders with room.
 */
export function roundWithin(x: readonly number[], lo: readonly number[], hi: readonly number[], total: number): number[] {
  const out = x.map((v, i) => Math.min(hi[i]!, Math.max(lo[i]!, Math.floor(v))));
  let missing = total - out.reduce((s, v) => s + v, 0);
  const order = [...x.keys()].sort((a, b) => x[b]! - Math.floor(x[b]!) - (x[a]! - Math.floor(x[a]!)) || a - b);
  while (missing !== 0) {
    let moved = false;
    for (const i of order) {
      if (missing === 0) break;
      if (missing > 0 && out[i]! < hi[i]!) {
        out[i]! += 1;
        missing -= 1;
        moved = true;
      } else if (missing < 0 && out[i]! > lo[i]!) {
        out[i]! -= 1;
        missing += 1;
        moved = true;
      }
    }
    if (!moved) throw new Error('the bounds cannot hold the total');
  }
  return out;
}
