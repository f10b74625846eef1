// Turning P(best) into daily budgets that a buyer can push: exact totals in minor units, Meta's
// minimum budgets, a cap on each holder's change per 24 h, Meta's 4 budget edits per hour per
// ad set, and a protected floor for holders still in the ignorance zone.
//
// The water-filling finds k with Σ clamp(k·share_i, lo_i, hi_i) = total, so the caps bend the
// shares instead of breaking the total; largest-remainder rounding then keeps the sum exact. The
// shares are P(best) taken at the margin (marginal-shares.ts); plain P(best) when none is given.

export interface AllocationHolder {
  id: string;
  /** P(best) on the objective: reported, and orders holders when the total cannot fund them all. */
  pBest: number;
  /** Relative budget share the water-filling follows; defaults to pBest (see marginal-shares.ts). */
  share?: number;
  /** Today's budget (minor units); null for a holder without one yet. */
  currentBudget: number | null;
  /** The budget 24 h ago, the base of the ±cap; defaults to the current one. */
  budget24hAgo?: number | null;
  minBudget: number;
  /** Budget edits already made in the last hour (Meta refuses a 5th, code 17). */
  editsLastHour: number;
  ignorance: boolean;
}

export interface AllocationOptions {
  total: number;
  /** Max change per 24 h, as a fraction (0.2 = ±20 %). */
  maxChange: number;
  maxEditsPerHour: number;
}

export type Constraint = 'cap_up' | 'cap_down' | 'min_budget' | 'exploration_floor' | 'edit_limit' | 'caps_relaxed' | 'unfundable';

export interface AllocationResult {
  id: string;
  recommended: number;
  lo: number;
  hi: number;
  bindings: Constraint[];
}

export class AllocationError extends Error {}

export function allocateBudgets(holders: AllocationHolder[], opts: AllocationOptions): { results: AllocationResult[]; notes: string[] } {
  const { total } = opts;
  if (!Number.isInteger(total) || total < 0) throw new AllocationError('The total budget must be a non-negative integer of minor units.');
  const n = holders.length;
  if (n === 0) return { results: [], notes: total > 0 ? ['No budget holders to allocate to.'] : [] };

  const notes: string[] = [];
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const bind: Constraint[][] = holders.map(() => []);
  const frozen = new Uint8Array(n);
  const funded = new Uint8Array(n).fill(1);
  const evenShare = total / n;

  for (let i = 0; i < n; i++) {
    const h = holders[i]!;
    const min = Math.max(0, Math.ceil(h.minBudget));
    const current = h.currentBudget;
    if (current !== null && h.editsLastHour >= opts.maxEditsPerHour) {
      frozen[i] = 1;
      lo[i] = hi[i] = current;
      bind[i]!.push('edit_limit');
      continue;
    }
    const base = h.budget24hAgo ?? current;
    lo[i] = min;
    hi[i] = Infinity;
    if (base !== null && base > 0) {
      lo[i] = Math.max(min, Math.ceil(base * (1 - opts.maxChange)));
      hi[i] = Math.max(lo[i]!, Math.floor(base * (1 + opts.maxChange)));
    }
    // Holders still learning are not cut: they keep their budget (or an even share when new).
    if (h.ignorance) {
      const floor = Math.min(hi[i]!, Math.max(min, Math.floor(current ?? evenShare)));
      if (floor > lo[i]!) {
        lo[i] = floor;
        bind[i]!.push('exploration_floor');
      }
    }
  }

  const sum = (arr: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) if (funded[i]) s += arr[i]!;
    return s;
  };

  // Feasibility, relaxing the softest constraint first: the one-day cut cap of established
  // holders, then the exploration floors.
  for (const relaxFloors of [false, true]) {
    if (sum(lo) <= total) break;
    for (let i = 0; i < n; i++) {
      if (frozen[i] || (holders[i]!.ignorance && !relaxFloors)) continue;
      const min = Math.max(0, Math.ceil(holders[i]!.minBudget));
      if (lo[i]! > min) {
        lo[i] = min;
        bind[i]!.push('caps_relaxed');
      }
    }
    notes.push(
      relaxFloors
        ? 'The total does not cover the exploration floors of holders still learning; they were relaxed.'
        : 'The total is below what the current budgets allow to cut in one day; the ±cap was relaxed.',
    );
  }
  if (sum(lo) > total) {
    // Even Meta's minimums do not fit: leave the least promising holders unfunded.
    const order = [...Array(n).keys()].filter((i) => !frozen[i]).sort((x, y) => holders[x]!.pBest - holders[y]!.pBest);
    for (const i of order) {
      if (sum(lo) <= total) break;
      funded[i] = 0;
      bind[i]!.push('unfundable');
    }
    if (sum(lo) > total) throw new AllocationError('The total is below the budgets that cannot change this hour (Meta edit limit) plus Meta minimums.');
    notes.push('The total cannot fund every holder at Meta’s minimum budget; the least promising get no budget.');
  }
  if (sum(hi) < total) {
    for (let i = 0; i < n; i++) {
      if (frozen[i] || !funded[i] || hi[i] === Infinity) continue;
      hi[i] = Infinity;
      bind[i]!.push('caps_relaxed');
    }
    if (sum(hi) < total) throw new AllocationError('Every holder is frozen by Meta’s edit limit; the total cannot change this hour.');
    notes.push('The total is above what the ±cap allows in one day; the cap was relaxed upward.');
  }

  // Water-filling on k: x_i(k) = clamp(k · share_i, lo_i, hi_i), Σ x_i(k) = total. Plain loops over
  // typed arrays: for 10,000 holders the bisection makes ~100 passes, and closures per element
  // made this the recommender's second-largest cost.
  const share = new Float64Array(n);
  for (let i = 0; i < n; i++) share[i] = funded[i] ? Math.max(holders[i]!.share ?? holders[i]!.pBest, 1e-12) : 0;
  const totalAt = (k: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (!funded[i]) continue;
      const v = k * share[i]!;
      s += v < lo[i]! ? lo[i]! : v > hi[i]! ? hi[i]! : v;
    }
    return s;
  };
  let kLo = 0;
  let kHi = 1;
  while (totalAt(kHi) < total && kHi < 1e30) kHi *= 2;
  for (let it = 0; it < 200 && kHi - kLo > kHi * 1e-15; it++) {
    const mid = (kLo + kHi) / 2;
    if (totalAt(mid) < total) kLo = mid;
    else kHi = mid;
  }
  const x = new Float64Array(n);
  const frac = new Float64Array(n);
  const out = new Array<number>(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    if (!funded[i]) {
      out[i] = 0;
      continue;
    }
    const v = kHi * share[i]!;
    x[i] = v < lo[i]! ? lo[i]! : v > hi[i]! ? hi[i]! : v;
    frac[i] = x[i]! - Math.floor(x[i]!);
    // Largest remainder: floor within bounds, then hand out the missing units by fractional part.
    out[i] = Math.max(lo[i]!, Math.min(hi[i]!, Math.floor(x[i]!)));
    assigned += out[i]!;
  }
  let missing = total - assigned;
  if (missing !== 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => frac[q]! - frac[p]! || holders[q]!.pBest - holders[p]!.pBest);
    while (missing !== 0) {
      let moved = false;
      for (const i of order) {
        if (missing === 0) break;
        if (!funded[i] || frozen[i]) continue;
        if (missing > 0 && out[i]! + 1 <= hi[i]!) {
          out[i]! += 1;
          missing -= 1;
          moved = true;
        } else if (missing < 0 && out[i]! - 1 >= lo[i]!) {
          out[i]! -= 1;
          missing += 1;
          moved = true;
        }
      }
      if (!moved) throw new AllocationError('Could not round the allocation to the exact total within the bounds.');
    }
  }

  const results = holders.map((h, i) => {
    const b = bind[i]!;
    if (funded[i] && !frozen[i]) {
      if (out[i] === hi[i] && hi[i] !== Infinity && !b.includes('caps_relaxed')) b.push('cap_up');
      if (out[i] === lo[i]) {
        const min = Math.ceil(h.minBudget);
        if (out[i] === min) b.push('min_budget');
        else if (!b.includes('exploration_floor') && !b.includes('caps_relaxed')) b.push('cap_down');
      }
    }
    return { id: h.id, recommended: out[i]!, lo: lo[i]!, hi: hi[i]!, bindings: b };
  });
  return { results, notes };
}
