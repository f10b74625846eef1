// Budget shares from "which holder is the best home for the next unit of budget".
//
// Thompson's reading of P(best): draw every holder's value per unit of spend θ from its posterior,
// allocate as if the draw were the truth, and average. With a flat cost curve each draw puts the
// whole budget on the best holder, so the average share is exactly P(best) — the original rule.
// With diminishing returns (spend-response.ts) each draw spreads the budget instead: holder i
// gets budget while its MARGINAL value θ₀ᵢ/(1 + κᵢb)² is above the draw's going rate λ, i.e.
// b*ᵢ = cᵢ·(√(θ₀ᵢ/λ) − 1)⁺ with cᵢ = 1/κᵢ, λ set so the draw spends the total. A holder's share is
// its expected optimal budget E[b*ᵢ] = ∫₀^∞ P(the b-th unit is best spent on holder i) db: P(best)
// taken unit by unit, at the margin.
//
// Two ways to compute it, both tested against a plain sampler:
//  - up to SAMPLED_UP_TO holders, by the sampler itself (seeded, so deterministic): with few
//    holders the water level λ moves a lot between draws;
//  - from MEAN_FIELD_FROM holders on, in mean field: one λ for all draws, which barely moves once many holders compete (0.2 %
//    of the total per holder at 40 holders, vs 8 % at 2). Then ln θ₀ ~ Normal(m, s²) makes √(θ₀/λ)
//    log-Normal and E[b*] closed-form, c·(e^{μ+σ²/2}·Φ(μ/σ + σ) − Φ(μ/σ)), μ = (m − ln λ)/2,
//    σ = s/2, with λ found by a root search so the expected budgets add up to the total: O(n) per
//    step, ~6 ms at 10,000 holders. (κ is never 0 — spend-response.ts floors it — so no holder can
//    absorb the whole total in mean field.)
//  - in between, a blend whose weight on the sampler falls linearly with the holder count. The
//    two differ by ~0.5 % of the total per holder around 16 holders (up to 2 %), so a hard switch
//    made the other holders' budgets jump when a buyer added the 17th ad set; the blend moves them
//    by a 48th of that per ad set added. The sampler at 64 holders costs ~12 ms.
import { createRng } from '../math/random';
import { normalCdf, normalQuantile } from '../math/special';

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

/** Up to this many holders the shares are sampled exactly (thompsonShares)… */
export const SAMPLED_UP_TO = 16;
/** …from this many on, mean field; in between, a blend (see the header). */
export const MEAN_FIELD_FROM = 64;
const DRAWS = 2_000;

/**
 * Expected optimal budgets (summing to `total`) for holders with ln θ₀ ~ N(mu[i], sigma[i]²) and
 * capacities 1/kappa[i]; θ₀ is value per unit of spend at a negligible budget. Small accounts are
 * sampled (mean field errs by up to 8 % of the total at 2 holders, 2–3 % at 3–10); large ones
 * use mean field (0.2 % at 40); between SAMPLED_UP_TO and MEAN_FIELD_FROM the two are blended.
 */
export function marginalShares(mu: Float64Array, sigma: Float64Array, kappa: Float64Array, total: number): Float64Array {
  const n = mu.length;
  if (n <= SAMPLED_UP_TO) return thompsonShares(mu, sigma, kappa, total);
  if (n >= MEAN_FIELD_FROM) return meanFieldShares(mu, sigma, kappa, total);
  const w = samplerWeight(n);
  const sampled = thompsonShares(mu, sigma, kappa, total);
  const field = meanFieldShares(mu, sigma, kappa, total);
  // Both sum to the total, so the blend does too.
  for (let i = 0; i < n; i++) sampled[i] = w * sampled[i]! + (1 - w) * field[i]!;
  return sampled;
}

/** Weight on the sampler for n holders: 1 up to SAMPLED_UP_TO, 0 from MEAN_FIELD_FROM, linear between. */
export function samplerWeight(n: number): number {
  if (n <= SAMPLED_UP_TO) return 1;
  if (n >= MEAN_FIELD_FROM) return 0;
  return (MEAN_FIELD_FROM - n) / (MEAN_FIELD_FROM - SAMPLED_UP_TO);
}

/**
 * The optimum for known θ₀ (each draw): the top-k holders by θ are funded, with
 * 1/√λ = (total + Σ_k cᵢ) / Σ_k cᵢ√θᵢ, for the largest k at which the k-th holder is still above λ.
 */
function waterFillInto(theta: Float64Array, cap: Float64Array, order: Int32Array, total: number, acc: Float64Array, weight: number): void {
  const n = theta.length;
  // Insertion sort from the previous draw's order: draws rank holders alike, so this is ~O(n).
  for (let a = 1; a < n; a++) {
    const i = order[a]!;
    const t = theta[i]!;
    let b = a - 1;
    while (b >= 0 && theta[order[b]!]! < t) {
      order[b + 1] = order[b]!;
      b--;
    }
    order[b + 1] = i;
  }
  let sumC = 0;
  let sumCRoot = 0;
  let invRootLambda = 0;
  let k = 0;
  for (; k < n; k++) {
    const i = order[k]!;
    const nextC = sumC + cap[i]!;
    const nextCRoot = sumCRoot + cap[i]! * Math.sqrt(theta[i]!);
    const inv = (total + nextC) / nextCRoot;
    // Holder i joins only if its θ clears the water level the larger set would set.
    if (k > 0 && Math.sqrt(theta[i]!) * inv <= 1) break;
    sumC = nextC;
    sumCRoot = nextCRoot;
    invRootLambda = inv;
  }
  for (let j = 0; j < k; j++) {
    const i = order[j]!;
    const b = cap[i]! * (Math.sqrt(theta[i]!) * invRootLambda - 1);
    if (b > 0) acc[i]! += weight * b;
  }
}

/**
 * Thompson sampling made deterministic and low-noise: DRAWS joint draws of θ₀, each water-filled,
 * averaged. Each holder's draws are stratified (Latin hypercube: every one of the DRAWS normal
 * quantiles once, in its own seeded order), so its marginal is sampled exactly and only the
 * pairing between holders is random — identical holders split within 0.1 %, not 1 %.
 */
export function thompsonShares(mu: Float64Array, sigma: Float64Array, kappa: Float64Array, total: number, draws = DRAWS, seed = 1): Float64Array {
  const n = mu.length;
  const out = new Float64Array(n);
  if (n === 0 || !(total > 0)) return out;
  const cap = Float64Array.from(kappa, (k) => 1 / k);
  const z = Float64Array.from({ length: draws }, (_, d) => normalQuantile((d + 0.5) / draws));
  const rng = createRng(seed);
  const perm = new Int32Array(n * draws);
  for (let i = 0; i < n; i++) {
    const row = perm.subarray(i * draws, (i + 1) * draws);
    for (let d = 0; d < draws; d++) row[d] = d;
    for (let d = draws - 1; d > 0; d--) {
      const j = Math.floor(rng() * (d + 1));
      const t = row[d]!;
      row[d] = row[j]!;
      row[j] = t;
    }
  }
  const theta = new Float64Array(n);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) theta[i] = Math.exp(mu[i]! + sigma[i]! * z[perm[i * draws + d]!]!);
    waterFillInto(theta, cap, order, total, out, 1 / draws);
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += out[i]!;
  if (s > 0) for (let i = 0; i < n; i++) out[i] = (out[i]! * total) / s;
  return out;
}

/** One water level λ for all draws (see the header): O(n) per step of the root search. */
export function meanFieldShares(mu: Float64Array, sigma: Float64Array, kappa: Float64Array, total: number): Float64Array {
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
  // expectedOptimalBudget with everything that does not depend on λ taken out of the loop:
  // E = A·e^{(ref − ln λ)/2}·Φ(d + sd) − c·Φ(d), d = (m − ln λ)/(2·sd), A = c·e^{(m − ref)/2 + sd²/2}
  // (ref = max m keeps A finite), so a step costs two table lookups per holder and one exp in all.
  let ref = -Infinity;
  for (let i = 0; i < n; i++) ref = Math.max(ref, mu[i]!);
  const a = new Float64Array(n);
  const halfSd = new Float64Array(n);
  const invTwoSd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const sd = sigma[i]! / 2;
    halfSd[i] = sd;
    invTwoSd[i] = sd < 1e-9 ? 0 : 1 / (2 * sd);
    a[i] = cap[i]! * Math.exp((mu[i]! - ref) / 2 + (sd * sd) / 2);
  }
  const sumAt = (l: number) => {
    const e = Math.exp((ref - l) / 2);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const sd = halfSd[i]!;
      let v: number;
      if (invTwoSd[i] === 0) v = a[i]! * e - cap[i]!;
      else {
        const d = (mu[i]! - l) * invTwoSd[i]!;
        if (d < -Z_LIM) continue;
        v = a[i]! * e * phi(d + sd) - cap[i]! * phi(d);
      }
      if (v > 0) s += v;
    }
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
