// Small statistics the detector applies to one ad's rows. All work on row ranges of columnar
// arrays so the batch path allocates nothing per row.
import { digamma, trigamma } from '../math/special';

/** Median of χ²(1): the scale-free reference for the robust dispersion estimate. */
const CHI2_1_MEDIAN = 0.454936423119572;

/**
 * Extra-binomial dispersion φ of daily clicks, from successive days. Real daily CTR moves more
 * than binomial noise (placements, weekdays), and a test that assumes pure binomial noise on
 * 100+ clicks a day raises false alarms. For two adjacent days with the same rate,
 * (p₁ − p₂)² / (p̄(1 − p̄)(1/n₁ + 1/n₂)) ≈ φ·χ²(1); comparing neighbours makes the estimate
 * immune to slow trends. The mean of these is the efficient estimate, but one pair straddling a
 * change point would inflate it; so each term is capped at 9× a robust level (the median
 * ÷ median of χ²(1)), which leaves the mean practically unbiased (P(χ²(1) > 9) = 0.3 %) while
 * an outlier pair cannot move it. Never below 1: counts are not less noisy than binomial.
 */
export function dispersion(
  impressions: ArrayLike<number>,
  clicks: ArrayLike<number>,
  from: number,
  to: number,
  buf: Float64Array,
): number {
  let k = 0;
  let prev = -1;
  for (let r = from; r < to; r++) {
    const n = impressions[r]!;
    if (n <= 0) continue;
    if (prev >= 0) {
      const n0 = impressions[prev]!;
      const x0 = clicks[prev]!;
      const x = clicks[r]!;
      const pooled = (x0 + x) / (n0 + n);
      if (pooled > 0 && pooled < 1) {
        const d = x0 / n0 - x / n;
        buf[k++] = (d * d) / (pooled * (1 - pooled) * (1 / n0 + 1 / n));
      }
    }
    prev = r;
  }
  if (k < 4) return 1;
  const sorted = buf.subarray(0, k).sort();
  const med = k % 2 ? sorted[(k - 1) >> 1]! : 0.5 * (sorted[k / 2 - 1]! + sorted[k / 2]!);
  const cap = 9 * Math.max(1, med / CHI2_1_MEDIAN);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.min(cap, sorted[j]!);
  return Math.max(1, sum / k);
}

/**
 * Posterior mean and variance of ln p for a click rate with x clicks in n impressions: a Beta
 * posterior from the Jeffreys prior, with counts divided by φ (quasi-likelihood: overdispersed
 * counts carry 1/φ of the information). E[ln p] = ψ(a) − ψ(a + b), Var = ψ′(a) − ψ′(a + b) are
 * exact for a Beta, so small click counts are handled without a normal approximation to p.
 */
export function logRateMoments(x: number, n: number, phi: number, out: { mean: number; variance: number }): void {
  const a = x / phi + 0.5;
  const b = (n - x) / phi + 0.5;
  out.mean = digamma(a) - digamma(a + b);
  out.variance = trigamma(a) - trigamma(a + b);
}

export interface TrendFit {
  /** ln CTR at t = 0. */
  intercept: number;
  /** Change of ln CTR per day. */
  slope: number;
  slopeSe: number;
  ok: boolean;
}

/**
 * Log-linear CTR trend ln p_t = a + b·t fitted on counts (Poisson regression with ln impressions
 * as offset, Newton's method), so low-volume days weigh less, as they should. The slope's
 * standard error is inflated by √φ for overdispersion.
 */
export function fitLogLinearTrend(
  day: ArrayLike<number>,
  impressions: ArrayLike<number>,
  clicks: ArrayLike<number>,
  from: number,
  to: number,
  t0: number,
  phi: number,
  out: TrendFit,
): void {
  let sx = 0;
  let sn = 0;
  let distinct = 0;
  for (let r = from; r < to; r++) {
    if (impressions[r]! > 0) {
      sx += clicks[r]!;
      sn += impressions[r]!;
      distinct++;
    }
  }
  out.ok = false;
  if (distinct < 2 || sx <= 0) return;
  let a = Math.log(sx / sn);
  let b = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  for (let iter = 0; iter < 25; iter++) {
    let ga = 0;
    let gb = 0;
    haa = 0;
    hab = 0;
    hbb = 0;
    for (let r = from; r < to; r++) {
      const n = impressions[r]!;
      if (n <= 0) continue;
      const t = day[r]! - t0;
      const mu = n * Math.exp(a + b * t);
      const res = clicks[r]! - mu;
      ga += res;
      gb += t * res;
      haa += mu;
      hab += mu * t;
      hbb += mu * t * t;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) return;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a += da;
    b += db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) break;
  }
  const det = haa * hbb - hab * hab;
  out.intercept = a;
  out.slope = b;
  out.slopeSe = Math.sqrt((phi * haa) / det);
  out.ok = Number.isFinite(a) && Number.isFinite(b);
}

export interface WindowShift {
  /** Mean of the values in the recent window minus the mean in the baseline window. */
  diff: number;
  se: number;
  ok: boolean;
}

/**
 * Compares the mean of a per-day series (NaN = no value) in the recent window against the
 * baseline window. The day-to-day noise σ comes from successive differences
 * (σ² ≈ Σ(v_t − v_{t−1})² / 2(k−1)), which a trend or a shift barely inflates, so the shift being
 * tested does not hide itself in its own noise estimate.
 */
export function compareWindows(
  values: Float64Array,
  day: ArrayLike<number>,
  from: number,
  to: number,
  baseFrom: number,
  baseTo: number,
  recentFrom: number,
  out: WindowShift,
): void {
  let sb = 0;
  let nb = 0;
  let sr = 0;
  let nr = 0;
  let ss = 0;
  let k = 0;
  let prev = NaN;
  for (let r = from; r < to; r++) {
    const v = values[r - from]!;
    if (Number.isNaN(v)) continue;
    const d = day[r]!;
    if (d >= baseFrom && d <= baseTo) {
      sb += v;
      nb++;
    }
    if (d >= recentFrom) {
      sr += v;
      nr++;
    }
    if (!Number.isNaN(prev)) {
      ss += (v - prev) * (v - prev);
      k++;
    }
    prev = v;
  }
  out.ok = nb >= 2 && nr >= 2 && k >= 2;
  if (!out.ok) return;
  const sigma = Math.sqrt(ss / (2 * k));
  out.diff = sr / nr - sb / nb;
  // A floor keeps perfectly smooth (synthetic) series from producing infinite z-scores.
  out.se = Math.max(1e-3, sigma * Math.sqrt(1 / nb + 1 / nr));
}
