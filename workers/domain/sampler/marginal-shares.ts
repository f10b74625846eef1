// Budget shares from "which holder is the best home for the next unit of budget".
//
// With a linear response (every unit of budget buys the same value) the best allocation puts
// everything on the best holder, and a holder's expected share under the posterior is exactly
// P(it is best): the original rule. With diminishing returns (spend-response.ts) the best
// allocation spreads: holder i should receive budget while its MARGINAL value θ₀ᵢ/(1 + κᵢb)² is
// above the account's going rate λ, i.e. b*ᵢ = cᵢ·(√(θ₀ᵢ/λ) − 1)⁺ with cᵢ = 1/κᵢ. Integrating over
// the posterior, a holder's share is its expected optimal budget
//   E[b*ᵢ] = ∫₀^∞ P(holder i's marginal value at b exceeds λ) db,
// the probability — dollar by dollar — that this holder is the best place for that dollar: the
// P(best) rule applied at the margin. (A Thompson sampler that draws every θ and water-fills
// converges to the same shares; λ barely moves between draws once an account has more than a
// handful of holders, so it is solved once — "mean field" — which keeps this O(n), see the test
// against the sampled version.) For ln θ₀ ~ Normal(m, s²), √(θ₀/λ) is log-Normal and the
// expectation is closed-form: c·(e^{μ+σ²/2}·Φ(μ/σ + σ) − Φ(μ/σ)), μ = (m − ln λ)/2, σ = s/2.
// λ is found by bisection so the expected budgets add up to the total.
import { normalCdf } from '../math/special';

// Φ tabulated once on [−12, 12] (linear interpolation errs by < 1e-7): the root search below
// evaluates it twice per holder per step, and erfc's exp was most of the cost at 10,000 holders.
const Z_LIM = 12;
const Z_STEP = 1 / 512;
let PHI: Float64Array | null = null;
function phi(z: number): number {
  if (z <= -Z_LIM) return 0;
  if (z >= Z_LIM) return 1;
  if (!PHI) {
    PHI = new Float64Array(Math.ceil((2 * Z_LIM) / Z_STEP) + 2);
    for (let k = 0; k < PHI.length; k++) PHI[k] = normalCdf(-Z_LIM + k * Z_STEP);
  }
  const pos = (z + Z_LIM) / Z_STEP;
  const k = pos | 0;
  const f = pos - k;
  return PHI[k]! * (1 - f) + PHI[k + 1]! * f;
}

/** E[c·(√(θ/λ) − 1)⁺] for ln θ ~ N(m, s²), at ln λ = lnLambda. */
export function expectedOptimalBudget(m: number, s: number, capacity: number, lnLambda: number): number {
  const mu = (m - lnLambda) / 2;
  const sd = s / 2;
  if (sd < 1e-9) return mu > 0 ? capacity * (Math.exp(mu) - 1) : 0;
  const d2 = mu / sd;
  if (d2 < -Z_LIM) return 0; // Φ(−12) ≈ 2e-33: no share worth a minor unit
  const v = capacity * (Math.exp(mu + (sd * sd) / 2) * phi(d2 + sd) - phi(d2));
  return v > 0 ? v : 0;
}

/**
 * Expected optimal budgets (summing to `total`) for holders with ln θ₀ ~ N(mu[i], sigma[i]²) and
 * capacities 1/kappa[i]. θ₀ is value per unit of spend at a negligible budget.
 */
export function marginalShares(mu: Float64Array, sigma: Float64Array, kappa: Float64Array, total: number): Float64Array {
  const n = mu.length;
  const out = new Float64Array(n);
  if (n === 0 || !(total > 0)) return out;
  const cap = new Float64Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    cap[i] = 1 / kappa[i]!;
    lo = Math.min(lo, mu[i]! - 2 * Math.log1p(total * kappa[i]!));
    hi = Math.max(hi, mu[i]! + 20 * sigma[i]!);
  }
  // At ln λ = lo every holder alone would want ≥ total; at hi nobody wants anything.
  lo -= 1;
  hi += 1;
  const sumAt = (l: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += expectedOptimalBudget(mu[i]!, sigma[i]!, cap[i]!, l);
    return s;
  };
  // Root of g(ln λ) = ln Σ E[b*] − ln total, smooth and decreasing: a few bisection steps to get
  // into its nearly linear part, then regula falsi with the Illinois fix — ~12 evaluations in all
  // where plain bisection needed 40. The shares are only weights (allocateBudgets rescales them),
  // so a relative 1e-7 on the total is plenty.
  const g = (l: number) => Math.log(Math.max(sumAt(l), 1e-300)) - Math.log(total);
  let gLo = g(lo);
  let gHi = g(hi);
  let side = 0;
  for (let it = 0; it < 60 && hi - lo > 1e-9; it++) {
    const mid = it < 4 || !(gLo - gHi > 0) || gHi < -50 ? (lo + hi) / 2 : (lo * gHi - hi * gLo) / (gHi - gLo);
    const f = g(mid);
    if (Math.abs(f) <= 1e-7) {
      lo = mid;
      break;
    }
    if (f > 0) {
      lo = mid;
      gLo = f;
      if (side === 1) gHi /= 2;
      side = 1;
    } else {
      hi = mid;
      gHi = f;
      if (side === -1) gLo /= 2;
      side = -1;
    }
  }
  let s = 0;
  for (let i = 0; i < n; i++) {
    out[i] = expectedOptimalBudget(mu[i]!, sigma[i]!, cap[i]!, lo);
    s += out[i]!;
  }
  if (s > 0) for (let i = 0; i < n; i++) out[i] = (out[i]! * total) / s;
  return out;
}
