// A ceiling for learning on this market: the posterior a Bayesian would hold if it were TOLD the
// market's generating distribution (DEFAULT_MARKET's medians and spreads, the CTR–deal-rate
// correlation, the deal lag, the noise levels), updated on exactly the data Adloop sees (daily
// rows, CRM deals by create date). No policy can know these; Adloop estimates its priors from the
// account. Comparing policies on this posterior separates what the SHARE RULE costs from what
// ESTIMATION costs:
//  - idealMarginal(7): Adloop's own share rule (marginal-shares.ts, the expected optimal budget
//    under the posterior, i.e. P(best) at the margin) and Adloop's 7-day half-life, fed the ideal
//    posterior: the most Adloop's rule could reach at the defaults;
//  - idealMarginal(null): the same on all the data, undiscounted (drift here is slow, ~0.1 in
//    30 days, so discounting mostly throws evidence away on this market);
//  - idealGreedy: the budgets optimal for the posterior MEAN, all data (no P(best), no exploration);
//  - idealGreedyTrueCapacity: the same, with each holder's true capacity instead of its posterior.
// Each component's posterior, every day and deal weighted by the half-life's discount (1 without):
//  - CTR: Beta with pseudo-counts matching the logit-Normal prior's spread;
//  - CPM₀ and capacity: ln CPM_d = ln CPM₀ + ln(1 + b_d/capacity) + noise, the capacity on a grid
//    under its log-Normal prior, CPM₀ Normal–Normal given it (the noise sd known);
//  - deals per click: a grid under its log-Normal prior, centred by the correlation on the
//    holder's CTR; Poisson likelihood with each day's clicks counted at the share of their deals
//    the lag lets exist by now;
//  - value per deal: ln value ~ Normal around the holder's ln value − s²/2 (s known), Normal prior.
import { marginalShares } from '../../../../workers/domain/sampler/marginal-shares';
import type { MarketConfig } from '../model';
import type { HolderHistory } from '../observe';
import type { Policy } from '../policy';
import { withShares } from './diagnostics';

const logit = (p: number) => Math.log(p / (1 - p));
const GRID = Array.from({ length: 201 }, (_, k) => -5 + k * 0.05); // standard-Normal nodes, ±5 sd

export interface IdealPosterior {
  /** ln θ₀ (value per unit of spend at a negligible budget): mean and sd. */
  mu: number;
  sigma: number;
  /** Posterior mean of 1/capacity. */
  kappa: number;
}

/** Weighted mean and variance of f over grid points with log-weights `lw`. */
function moments(lw: number[], f: (k: number) => number): { mean: number; variance: number } {
  const top = Math.max(...lw);
  let total = 0;
  let s = 0;
  let ss = 0;
  lw.forEach((l, k) => {
    const p = Math.exp(l - top);
    const x = f(k);
    total += p;
    s += p * x;
    ss += p * x * x;
  });
  const mean = s / total;
  return { mean, variance: Math.max(0, ss / total - mean * mean) };
}

/** The ideal posterior on the morning after `asOf`; `halfLifeDays` null weighs every day alike. */
export function idealPosterior(h: HolderHistory, asOf: number, c: MarketConfig, halfLifeDays: number | null): IdealPosterior {
  const weight = (day: number) => (halfLifeDays === null ? 1 : Math.pow(0.5, (asOf - day) / halfLifeDays));
  const rows = h.rows.filter((r) => r.day <= asOf && r.impressions > 0);
  const w = rows.map((r) => weight(r.day));
  let impressions = 0;
  let clicks = 0;
  rows.forEach((r, j) => {
    impressions += w[j]! * r.impressions;
    clicks += w[j]! * r.clicks;
  });
  // CTR: a Beta whose spread matches the logit-Normal prior's near its median.
  const ctrPseudo = 1 / (c.ctrLogitSd ** 2 * c.ctrMedian * (1 - c.ctrMedian));
  const ctrA = c.ctrMedian * ctrPseudo + clicks;
  const ctrB = (1 - c.ctrMedian) * ctrPseudo + impressions - clicks;
  const ctr = ctrA / (ctrA + ctrB);
  const lnCtrVar = 1 / ctrA - 1 / (ctrA + ctrB);

  // CPM₀ and capacity: for each capacity on the grid, CPM₀ is Normal–Normal; the grid is weighted
  // by the marginal likelihood of the days under that capacity.
  const noise = c.shockAccountCpmSd ** 2 + c.shockHolderCpmSd ** 2;
  const prior0 = Math.log(c.cpmMedian);
  const fits = GRID.map((g) => {
    const capacity = c.capacityMedian * Math.exp(c.capacityLogSd * g);
    let prec = 1 / c.cpmLogSd ** 2;
    let num = prior0 / c.cpmLogSd ** 2;
    const ys = rows.map((r) => Math.log((r.spend * 1000) / r.impressions) - Math.log1p(r.spend / capacity));
    ys.forEach((y, j) => {
      prec += w[j]! / noise;
      num += (w[j]! * y) / noise;
    });
    const m = num / prec;
    let q = (prior0 - m) ** 2 / c.cpmLogSd ** 2;
    ys.forEach((y, j) => (q += (w[j]! * (y - m) ** 2) / noise));
    return { capacity, m, prec, lw: -0.5 * q - 0.5 * g * g };
  });
  const lwCap = fits.map((f) => f.lw);
  const kappa = moments(lwCap, (k) => 1 / fits[k]!.capacity).mean;
  // ln(1000/CPM₀) given the capacity, mixed over the grid (law of total variance).
  const lnIps = moments(lwCap, (k) => Math.log(1000) - fits[k]!.m);
  const lnIpsVar = lnIps.variance + moments(lwCap, (k) => 1 / fits[k]!.prec).mean;

  // Deals per click: log-Normal prior centred by the correlation on this holder's CTR.
  const z = (logit(ctr) - logit(c.ctrMedian)) / c.ctrLogitSd;
  const rho = c.dealCtrCorrelation;
  const pm = Math.log(c.dealsPerClickMedian) + rho * c.dealsPerClickLogSd * z;
  const ps = c.dealsPerClickLogSd * Math.sqrt(1 - rho * rho);
  const lagCdf = (age: number) => c.dealLag.slice(0, Math.max(0, age) + 1).reduce((s, p) => s + p, 0);
  let exposure = 0;
  rows.forEach((r, j) => (exposure += w[j]! * r.clicks * lagCdf(asOf - r.day)));
  const deals = h.deals.filter((d) => d.createdDay <= asOf);
  const dealCount = deals.reduce((s, d) => s + weight(d.createdDay), 0);
  const lwDeal = GRID.map((g) => {
    const lr = pm + g * ps;
    return -0.5 * g * g + dealCount * lr - exposure * Math.exp(lr);
  });
  const lnDeal = moments(lwDeal, (k) => pm + GRID[k]! * ps);

  // Value per deal: Normal–Normal on ln value.
  const s2 = c.dealAmountLogSd ** 2;
  let vPrec = 1 / c.dealValueLogSd ** 2;
  let vNum = Math.log(c.dealValueMedian) / c.dealValueLogSd ** 2;
  for (const d of deals) {
    vPrec += weight(d.createdDay) / s2;
    vNum += (weight(d.createdDay) * (Math.log(Math.max(1, d.value)) + s2 / 2)) / s2;
  }

  const mu = Math.log(ctr) + lnIps.mean + lnDeal.mean + vNum / vPrec;
  const sigma = Math.sqrt(lnCtrVar + lnIpsVar + lnDeal.variance + 1 / vPrec);
  return { mu, sigma, kappa };
}

function idealPolicy(mode: 'marginal' | 'greedy' | 'greedy_true_capacity', halfLifeDays: number | null): Policy {
  return (ctx) => {
    const { market, day, active, total, history } = ctx;
    const posts = active.map((i) => idealPosterior(history[i]!, day - 1, market.config, halfLifeDays));
    const kappa = Float64Array.from(active, (i, k) => (mode === 'greedy_true_capacity' ? 1 / market.holders[i]!.capacity : posts[k]!.kappa));
    // Greedy: the posterior MEAN of θ₀ as if it were known (σ = 0 in the share rule).
    const mu = Float64Array.from(posts, (p) => (mode === 'marginal' ? p.mu : p.mu + (p.sigma * p.sigma) / 2));
    const sigma = Float64Array.from(posts, (p) => (mode === 'marginal' ? p.sigma : 0));
    return withShares(ctx, marginalShares(mu, sigma, kappa, total));
  };
}

export const idealMarginal = (halfLifeDays: number | null) => idealPolicy('marginal', halfLifeDays);
export const idealGreedy = idealPolicy('greedy', null);
export const idealGreedyTrueCapacity = idealPolicy('greedy_true_capacity', null);
