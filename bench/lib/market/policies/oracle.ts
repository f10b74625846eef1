// Knows every holder's true rates for today (drift included, today's random shocks not) and
// spends where the marginal value is highest: equal marginal value λ across funded holders,
// Σ b_i = total. Value is concave in each budget, so this is the optimum. No caps, no floors.
// The capped variant solves the same problem inside Adloop's box (±cap of yesterday, Meta's
// minimum, new holders uncapped above): the best any policy bound by that cap could do, which
// separates what the cap costs from what learning costs.
import { marginalValue, type Rates } from '../model';
import type { Policy } from '../policy';
import { roundWithin } from '../round';

/** The budget in [lo, hi] at which this holder's marginal value is closest to λ. */
function budgetAt(r: Rates, lambda: number, k: number, lo: number, hi: number): number {
  if (marginalValue(r, lo, k) <= lambda) return lo;
  if (marginalValue(r, hi, k) >= lambda) return hi;
  if (k === 1) {
    // θ0 / (1 + b/c)² = λ  ⇒  b = c(√(θ0/λ) − 1)
    const b = r.capacity * (Math.sqrt(marginalValue(r, 0, 1) / lambda) - 1);
    return Math.min(hi, Math.max(lo, b));
  }
  let a = lo;
  let z = hi;
  for (let it = 0; it < 60; it++) {
    const mid = (a + z) / 2;
    if (marginalValue(r, mid, k) > lambda) a = mid;
    else z = mid;
  }
  return (a + z) / 2;
}

/** Integer budgets maximising Σ value_i(b_i) subject to Σ b_i = total and lo_i ≤ b_i ≤ hi_i. */
export function oracleBudgets(rates: Rates[], total: number, k: number, lo?: number[], hi?: number[]): number[] {
  const l = lo ?? rates.map(() => 0);
  const h = (hi ?? rates.map(() => total)).map((x) => Math.min(x, total));
  const at = (lambda: number) => rates.map((r, i) => budgetAt(r, lambda, k, l[i]!, h[i]!));
  const sum = (bs: number[]) => bs.reduce((s, b) => s + b, 0);
  let a = 0;
  let z = Math.max(...rates.map((r) => marginalValue(r, 0, k)));
  for (let it = 0; it < 100; it++) {
    const mid = (a + z) / 2;
    if (sum(at(mid)) > total) a = mid;
    else z = mid;
  }
  // Σ at(z) ≤ total by a hair (or by whole units once rounded down): hand those out within bounds.
  return roundWithin(at(z), l.map(Math.ceil), h.map(Math.floor), total);
}

export const oracle: Policy = ({ market, day, active, total }) => {
  const b = oracleBudgets(
    active.map((i) => market.planned[day]![i]!),
    total,
    market.config.saturation,
  );
  return new Map(active.map((i, k) => [i, b[k]!]));
};

export function createCappedOracle(maxChange: number, minBudget: number): Policy {
  return ({ market, day, active, total, yesterday }) => {
    const lo = active.map((i) => {
      const y = yesterday.get(i);
      return y === undefined ? minBudget : Math.max(minBudget, Math.ceil(y * (1 - maxChange)));
    });
    const hi = active.map((i) => {
      const y = yesterday.get(i);
      return y === undefined ? total : Math.max(minBudget, Math.floor(y * (1 + maxChange)));
    });
    const b = oracleBudgets(
      active.map((i) => market.planned[day]![i]!),
      total,
      market.config.saturation,
      lo,
      hi,
    );
    return new Map(active.map((i, k) => [i, b[k]!]));
  };
}
