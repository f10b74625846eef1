// Posteriors per holder (ad set, campaign) and per ad.
//
// The objective is pipeline value per unit of spend (pipeline ROAS), factored as
//   θ = CTR × (impressions per spend) × (deals per click) × (value per deal).
// CTR ~ Beta with an empirical-Bayes prior fitted on the account; deals per click ~ Gamma with a
// prior centred on the account's own rate worth a few deals. With little CRM evidence the deal
// rate sits at the account's rate, so holders are ranked by clicks per unit spend (CTR); as deals
// accumulate their own rate takes over. That is the CTR→pipeline weight, moved by evidence, not
// by age. ln θ is Normal with moments matched exactly from the Beta and Gamma factors
// (E ln X = ψ(α) − ψ(α+β), Var = ψ′(α) − ψ′(α+β); for Gamma ψ(a) − ln b and ψ′(a)).
import { betaQuantile } from '../math/beta';
import { digamma, normalQuantile, trigamma } from '../math/special';

/** Exponentially discounted sums for one entity (see discountWeight). */
export interface Evidence {
  impressions: number;
  clicks: number;
  spend: number; // minor units
  deals: number; // deals credited (closed-lost count too: they were pipeline that failed)
  value: number; // pipeline value, minor units (won at amount, open at stage value, lost 0)
}

export interface AccountPrior {
  ctrAlpha: number;
  ctrBeta: number;
  dealShape: number; // Gamma prior on deals per click
  dealRate: number; // in clicks
  meanDealValue: number; // minor units
  impressionsPerSpend: number;
  hasPipeline: boolean;
}

export interface HolderPosterior {
  ctr: { alpha: number; beta: number };
  deals: { shape: number; rate: number };
  meanDealValue: number;
  impressionsPerSpend: number;
  /** ln θ ~ Normal(mu, sigma): the objective P(best) is computed on. */
  logObjective: { mu: number; sigma: number };
  /** How much of the ranking comes from the holder's own pipeline evidence (0..1). */
  pipelineWeight: number;
}

export const DEFAULT_MAX_PSEUDO_COUNT = 1000;
const PRIOR_DEALS = 2; // the account's deal rate counts as this many deals of evidence

/** Weight of a day `ageDays` old under exponential discounting with the given half-life. */
export function discountWeight(ageDays: number, halfLifeDays: number): number {
  return Math.pow(0.5, Math.max(0, ageDays) / halfLifeDays);
}

/**
 * Empirical-Bayes Beta prior for CTR by the method of moments on the account's entities, with the
 * binomial noise removed from the observed spread; the pseudo-count is capped so a homogeneous
 * account cannot drown an entity's own evidence.
 */
export function fitCtrPrior(entities: Array<{ impressions: number; clicks: number }>, maxPseudoCount = DEFAULT_MAX_PSEUDO_COUNT) {
  const usable = entities.filter((e) => e.impressions >= 100);
  const totalI = usable.reduce((s, e) => s + e.impressions, 0);
  const totalC = usable.reduce((s, e) => s + e.clicks, 0);
  const m = totalI > 0 ? Math.min(0.5, Math.max(1e-4, totalC / totalI)) : 0.01;
  let kappa = 20; // weak default when the account has too little to fit on
  if (usable.length >= 3) {
    let varObs = 0;
    let noise = 0;
    for (const e of usable) {
      const r = e.clicks / e.impressions;
      const w = e.impressions / totalI;
      varObs += w * (r - m) ** 2;
      noise += w * ((m * (1 - m)) / e.impressions);
    }
    const between = varObs - noise;
    kappa = between > 0 ? (m * (1 - m)) / between - 1 : maxPseudoCount;
  }
  kappa = Math.min(maxPseudoCount, Math.max(2 / m, kappa)); // α ≥ 2 keeps ln-CTR near-Normal
  return { alpha: m * kappa, beta: (1 - m) * kappa };
}

export function fitAccountPrior(entities: Evidence[], maxPseudoCount = DEFAULT_MAX_PSEUDO_COUNT): AccountPrior {
  const ctr = fitCtrPrior(entities, maxPseudoCount);
  const sum = entities.reduce(
    (s, e) => ({ i: s.i + e.impressions, c: s.c + e.clicks, sp: s.sp + e.spend, d: s.d + e.deals, v: s.v + e.value }),
    { i: 0, c: 0, sp: 0, d: 0, v: 0 },
  );
  const hasPipeline = sum.d > 0 && sum.v > 0;
  const dealsPerClick = hasPipeline && sum.c > 0 ? sum.d / sum.c : 0.01;
  return {
    ctrAlpha: ctr.alpha,
    ctrBeta: ctr.beta,
    dealShape: PRIOR_DEALS,
    dealRate: PRIOR_DEALS / dealsPerClick,
    meanDealValue: hasPipeline ? sum.v / sum.d : 1,
    impressionsPerSpend: sum.sp > 0 ? sum.i / sum.sp : 1,
    hasPipeline,
  };
}

export function posteriorOf(e: Evidence, prior: AccountPrior): HolderPosterior {
  const clicks = Math.min(e.clicks, e.impressions);
  const alpha = prior.ctrAlpha + clicks;
  const beta = prior.ctrBeta + (e.impressions - clicks);
  const shape = prior.dealShape + e.deals;
  const rate = prior.dealRate + clicks;
  // One pseudo-deal at the account's mean value keeps a single lucky deal from dominating.
  const meanDealValue = prior.hasPipeline ? (e.value + prior.meanDealValue) / (e.deals + 1) : 1;
  // Delivery cost is observed, not estimated; with little spend the account's rate stands in.
  const ips = e.spend >= 1000 && e.impressions > 0 ? e.impressions / e.spend : prior.impressionsPerSpend;

  let mu = digamma(alpha) - digamma(alpha + beta) + Math.log(ips);
  let variance = trigamma(alpha) - trigamma(alpha + beta);
  if (prior.hasPipeline) {
    mu += digamma(shape) - Math.log(rate) + Math.log(Math.max(meanDealValue, 1e-9));
    variance += trigamma(shape);
  }
  return {
    ctr: { alpha, beta },
    deals: { shape, rate },
    meanDealValue,
    impressionsPerSpend: ips,
    logObjective: { mu, sigma: Math.sqrt(variance) },
    pipelineWeight: prior.hasPipeline ? e.deals / (e.deals + prior.dealShape) : 0,
  };
}

export interface Intervals {
  ctr: [number, number];
  ctrMean: number;
  /** Pipeline ROAS (value ÷ spend); null when the account has no pipeline data. */
  pipelineRoas: [number, number] | null;
  pipelineRoasMean: number | null;
}

/** Central credible intervals (default 90 %) for what a buyer reads in a recommendation. */
export function credibleIntervals(p: HolderPosterior, hasPipeline: boolean, level = 0.9): Intervals {
  const tail = (1 - level) / 2;
  const ctr: [number, number] = [betaQuantile(tail, p.ctr.alpha, p.ctr.beta), betaQuantile(1 - tail, p.ctr.alpha, p.ctr.beta)];
  const ctrMean = p.ctr.alpha / (p.ctr.alpha + p.ctr.beta);
  if (!hasPipeline) return { ctr, ctrMean, pipelineRoas: null, pipelineRoasMean: null };
  const z = normalQuantile(1 - tail);
  const { mu, sigma } = p.logObjective;
  return {
    ctr,
    ctrMean,
    pipelineRoas: [Math.exp(mu - z * sigma), Math.exp(mu + z * sigma)],
    pipelineRoasMean: Math.exp(mu + (sigma * sigma) / 2),
  };
}
