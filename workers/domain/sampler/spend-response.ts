// How a holder's cost rises with its own daily budget: the spend-response (diminishing returns)
// the allocator needs to know what the NEXT unit of budget buys, not just the average one.
//
// Model: on a day with budget b, a holder pays CPM(b) = CPM₀ · (1 + κ·b) — pushing more money into
// one audience reaches its less responsive, more contested part, so each 1,000 impressions cost
// more. 1/κ is the holder's "capacity": the daily spend at which its CPM has doubled. Under that
// model the value per unit of spend at budget b is θ(b) = θ₀ / (1 + κb) and the marginal value is
// θ₀ / (1 + κb)²; the allocator equalises the latter.
//
// κ is estimated only from what the engine stores: each holder's daily spend and impressions. The
// regression is within a holder (its own days at different budgets), so holders with a cheap or
// expensive audience do not masquerade as saturation:
//   ln CPM_d ≈ const_i + κ · (b_d − b̄_i) / (1 + κ b̄_i)      (linearised around the holder's mean budget)
// pooled over the account for κ₀, then per holder by ridge regression towards κ₀ (a log-sd of 0.6
// between holders' capacities, i.e. a factor ~1.8) — a holder that never changed its budget simply
// keeps κ₀. With no budget variation anywhere yet (the first days of an account) κ₀ falls back to
// a stated assumption: a CPM elasticity of 0.25 at the account's mean budget (capacity 3× that
// budget: raising an average holder's budget by 10 % raises its CPM by ~2.5 %), held with a weak
// prior so a few days of data override it.

/** Discounted sums over a holder's days with spend > 0 and impressions > 0: x = daily spend (minor units), y = ln CPM. */
export interface SpendCurve {
  w: number;
  x: number;
  xx: number;
  y: number;
  xy: number;
  yy: number;
}

export const emptySpendCurve = (): SpendCurve => ({ w: 0, x: 0, xx: 0, y: 0, xy: 0, yy: 0 });

/** Adds one day (spend in minor units, impressions) with discount weight `weight`; days without delivery are skipped. */
export function addSpendDay(c: SpendCurve, spend: number, impressions: number, weight: number): void {
  if (!(spend > 0) || !(impressions > 0) || !(weight > 0)) return;
  const y = Math.log((1000 * spend) / impressions);
  c.w += weight;
  c.x += weight * spend;
  c.xx += weight * spend * spend;
  c.y += weight * y;
  c.xy += weight * spend * y;
  c.yy += weight * y * y;
}

export interface SpendResponse {
  /** Account-level κ₀ (per minor unit of daily spend). */
  kappa0: number;
  /** Per holder κ_i after shrinkage towards κ₀. */
  kappa: Float64Array;
  /** Per holder discounted mean daily spend (0 without data): where its posterior was measured. */
  meanSpend: Float64Array;
  /** Residual log-CPM variance (day-to-day noise) the shrinkage is weighed against. */
  noiseVar: number;
  /** Whether κ₀ rests on observed budget changes (false: the stated default). */
  fromData: boolean;
}

/** Assumed CPM elasticity at the account's mean budget when nothing has been observed yet. */
export const DEFAULT_CPM_ELASTICITY = 0.25;
/** Between-holder log-sd of capacity: how far one holder's κ may stray from κ₀ a priori. */
const HOLDER_LOG_SD = 0.6;
const DEFAULT_NOISE_VAR = 0.02; // ~14 % day-to-day CPM noise, until measured
const MIN_KAPPA_FRACTION = 0.1;
const PRIOR_DAYS_OF_VARIATION = 1; // the default κ₀ weighs as much as ~1 holder-day of ±20 % moves

/**
 * Fits κ₀ and each holder's κ. `refBudget` is the account's mean daily budget per holder (minor
 * units); it only scales the default when no budget has moved yet.
 */
export function fitSpendResponse(curves: ReadonlyArray<SpendCurve | undefined>, refBudget: number): SpendResponse {
  const n = curves.length;
  const meanSpend = new Float64Array(n);
  const sxx = new Float64Array(n);
  const sxy = new Float64Array(n);
  const syy = new Float64Array(n);
  let dof = 0;
  for (let i = 0; i < n; i++) {
    const c = curves[i];
    if (!c || c.w <= 0) continue;
    meanSpend[i] = c.x / c.w;
    sxx[i] = Math.max(0, c.xx - (c.x * c.x) / c.w);
    sxy[i] = c.xy - (c.x * c.y) / c.w;
    syy[i] = Math.max(0, c.yy - (c.y * c.y) / c.w);
    dof += Math.max(0, c.w - 1);
  }
  const ref = refBudget > 0 ? refBudget : 1;
  // Elasticity e = κb/(1+κb) at b = ref  ⇒  κ = e / ((1 − e)·ref).
  const kappaDefault = DEFAULT_CPM_ELASTICITY / ((1 - DEFAULT_CPM_ELASTICITY) * ref);
  // Prior weight in Σ x′² units: one day of a ±20 % move around ref, scaled like the data.
  const priorSxx = PRIOR_DAYS_OF_VARIATION * (0.2 * ref) ** 2;

  // Pooled κ₀: slope of ln CPM on x′ = (b − b̄)/(1 + κ b̄); a few fixed-point passes settle κ.
  let kappa0 = kappaDefault;
  let anyVariation = false;
  for (let it = 0; it < 6; it++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      if (sxx[i]! <= 0) continue;
      const f = 1 + kappa0 * meanSpend[i]!;
      num += sxy[i]! / f;
      den += sxx[i]! / (f * f);
    }
    anyVariation = den > 0;
    const fp = 1 + kappa0 * ref;
    const pw = priorSxx / (fp * fp);
    kappa0 = Math.max(0, (num + pw * kappaDefault) / (den + pw));
  }
  // Never assume an audience absorbs unlimited budget at a flat price (a noisy or negative slope).
  kappa0 = Math.max(MIN_KAPPA_FRACTION * kappaDefault, kappa0);

  let rss = 0;
  for (let i = 0; i < n; i++) {
    const f = 1 + kappa0 * meanSpend[i]!;
    rss += syy[i]! - (2 * kappa0 * sxy[i]!) / f + (kappa0 * kappa0 * sxx[i]!) / (f * f);
  }
  const noiseVar = dof >= 3 && rss > 0 ? Math.max(1e-4, rss / dof) : DEFAULT_NOISE_VAR;

  const kappa = new Float64Array(n);
  const priorSd = HOLDER_LOG_SD * kappa0;
  const tau = priorSd > 0 ? noiseVar / (priorSd * priorSd) : 0;
  for (let i = 0; i < n; i++) {
    if (sxx[i]! <= 0 || tau === 0) {
      kappa[i] = kappa0;
      continue;
    }
    const f = 1 + kappa0 * meanSpend[i]!;
    const k = (sxy[i]! / f + tau * kappa0) / (sxx[i]! / (f * f) + tau);
    kappa[i] = Math.min(10 * kappa0, Math.max(0.1 * kappa0, k));
  }
  return { kappa0, kappa, meanSpend, noiseVar, fromData: anyVariation };
}
