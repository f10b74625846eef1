// How much an audience lifts or sinks CTR: an ad set's typical creative against the account's
// typical creative, as a ratio ρ the gate moves neighbours' CTRs with (workers/domain/winners/gate.ts).
//
// Typical creative, not typical impression: delivery leans toward each ad set's best ads, so an ad
// set's impression-weighted CTR sits above what its next creative can expect (about 7 % above on
// the learning bench's account, measured once). So each side is a mean of per-ad CTRs, each ad
// weighted by how well its CTR is measured, wᵢ = nᵢ / (nᵢ + κ) with κ = `MEASURED_CLICKS` / m
// impressions (≈ 1 once an ad has that many expected clicks, ≈ 0 for an ad that has barely run).
//
// Shrinkage, empirical Bayes: creatives within one ad set differ by about 1.5× as much (log-odds sd
// ≈ 0.38: DNA and per-ad luck) as ad sets' audiences do (≈ 0.25), so an ad set's mean over k
// measured ads is pooled with `PSEUDO_ADS` (= 0.38² / 0.25² ≈ 2) ads at the account mean. An ad set
// with one ad moves the prediction a third of the way; one with six, three quarters.

/** Expected clicks at which an ad's CTR counts as measured. */
export const MEASURED_CLICKS = 30;
/** Ads at the account mean an ad set's mean is pooled with. */
export const PSEUDO_ADS = 2;

/** Σ wᵢ·ctrᵢ and Σ wᵢ over a set of ads. */
export interface CtrMoments {
  weightedCtr: number;
  weight: number;
}

export const NO_ADS: CtrMoments = { weightedCtr: 0, weight: 0 };

/** One ad's contribution (zero for an ad without impressions). */
export function adMoments(clicks: number, impressions: number, accountCtr: number): CtrMoments {
  if (!(impressions > 0) || !(accountCtr > 0)) return NO_ADS;
  const kappa = MEASURED_CLICKS / accountCtr;
  const c = Math.max(0, Math.min(clicks, impressions));
  return { weightedCtr: c / (impressions + kappa), weight: impressions / (impressions + kappa) };
}

export const addMoments = (a: CtrMoments, b: CtrMoments): CtrMoments => ({ weightedCtr: a.weightedCtr + b.weightedCtr, weight: a.weight + b.weight });
export const subtractMoments = (a: CtrMoments, b: CtrMoments): CtrMoments => ({ weightedCtr: a.weightedCtr - b.weightedCtr, weight: Math.max(0, a.weight - b.weight) });

/**
 * ρ = (ad set's pooled mean CTR) / (account's mean CTR). 1 when the account has no measured ads;
 * an ad set with none is the account mean, so 1 as well.
 */
export function contextRatio(adSet: CtrMoments, account: CtrMoments): number {
  if (!(account.weight > 0) || !(account.weightedCtr > 0)) return 1;
  const mean = account.weightedCtr / account.weight;
  const pooled = (Math.max(0, adSet.weightedCtr) + PSEUDO_ADS * mean) / (Math.max(0, adSet.weight) + PSEUDO_ADS);
  return pooled / mean;
}
