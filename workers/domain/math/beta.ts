// The Beta distribution: density, CDF (regularised incomplete beta by Lentz's continued
// fraction) and quantiles, for CTR posteriors and their credible intervals.
import { logGamma, normalQuantile } from './special';

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

export function betaLogPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return -Infinity;
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}

function continuedFraction(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return h;
}

/** I_x(a, b), the Beta(a, b) CDF at x. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  return x < (a + 1) / (a + b + 2) ? (front * continuedFraction(x, a, b)) / a : 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

/**
 * The p-quantile of Beta(a, b): Newton steps on the CDF from a normal start, guarded by a
 * bracket (bisection whenever Newton would leave it), to ~1e-12.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const z = normalQuantile(p);
  if (Math.min(a, b) >= 200) {
    // Cornish–Fisher with the skewness term: with both shapes this large the error is far below
    // what an interval is read at (< 1e-4 of a standard deviation), and the continued fraction
    // behind the exact CDF needs hundreds of terms here.
    const skew = (2 * (b - a) * Math.sqrt(a + b + 1)) / ((a + b + 2) * Math.sqrt(a * b));
    return Math.min(1, Math.max(0, mean + sd * (z + (skew * (z * z - 1)) / 6)));
  }
  let lo = 0;
  let hi = 1;
  let x = Math.min(1 - 1e-12, Math.max(1e-12, mean + z * sd));
  const lb = logBeta(a, b);
  for (let i = 0; i < 100; i++) {
    const f = betaCdf(x, a, b) - p;
    if (Math.abs(f) < 1e-13) break;
    if (f < 0) lo = x;
    else hi = x;
    const pdf = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb);
    let next = pdf > 0 ? x - f / pdf : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) < 1e-14 * Math.max(x, 1e-300)) {
      x = next;
      break;
    }
    x = next;
  }
  return x;
}
