// A closed-loop Meta-like market of budget holders (ad sets), deterministic by seed.
//
// Each holder has latent, unobserved rates:
//   CTR            logistic(Normal)                       ~0.5–3.5 %
//   base CPM       log-Normal around USD 12                (what 1,000 impressions cost at low budget)
//   capacity       log-Normal around USD 250/day           (audience size: effective CPM =
//                  base × (1 + budget / capacity)^k, k = 1 — spending more on one audience
//                  costs more per impression, so the best allocation is spread, not all-in)
//   deals / click  log-Normal around 0.6 %, correlated −0.35 with CTR (curiosity clicks from
//                  broad, cheap audiences convert worse: a high CTR is not a good lead)
//   value / deal   log-Normal around USD 500 (stage value of the pipeline a deal opens)
// CTR and deal rate drift slowly (random walks: creatives fatigue, audiences shift), and each day
// carries independent shocks (auction-wide and per-holder CPM, CTR, conversion). A few holders
// launch mid-run with no data.
//
// Pipeline value per unit spend is θ(b) = CTR × 1000 / CPM(b) × deals/click × value/deal: its
// spread across holders (≈ 0.8 in log-sd at even budgets) comes from four factors, only one of which (CTR) is
// visible from Meta's data alone.
import { sampleNormal } from '../../../workers/domain/math/random';
import { streamRng } from './random';

export interface MarketConfig {
  days: number;
  initialHolders: [number, number]; // inclusive range
  launches: [number, number];
  launchDays: [number, number];
  /** Daily total = initial holders × this (minor units). */
  budgetPerHolder: number;
  ctrMedian: number;
  ctrLogitSd: number;
  cpmMedian: number; // minor units per 1,000 impressions
  cpmLogSd: number;
  capacityMedian: number; // minor units per day
  capacityLogSd: number;
  saturation: number; // k in base × (1 + b / capacity)^k; (0, 1]
  dealsPerClickMedian: number;
  dealsPerClickLogSd: number;
  dealCtrCorrelation: number;
  dealValueMedian: number; // minor units
  dealValueLogSd: number;
  /** Log-sd of one deal's value around its holder's expected value (what the CRM shows). */
  dealAmountLogSd: number;
  ctrDriftSd: number; // per day, logit scale
  dealDriftSd: number; // per day, log scale
  shockAccountCpmSd: number;
  shockHolderCpmSd: number;
  shockCtrSd: number;
  shockDealSd: number;
  /** P(a deal is created 0, 1, … days after its click). */
  dealLag: number[];
}

export const DEFAULT_MARKET: MarketConfig = {
  days: 30,
  initialHolders: [20, 34],
  launches: [2, 5],
  launchDays: [5, 22],
  budgetPerHolder: 10_000, // USD 100 a day per ad set: a USD 2–3.4k/day account
  ctrMedian: 0.013,
  ctrLogitSd: 0.45,
  cpmMedian: 1_200,
  cpmLogSd: 0.3,
  capacityMedian: 25_000,
  capacityLogSd: 0.6,
  saturation: 1,
  dealsPerClickMedian: 0.006,
  dealsPerClickLogSd: 0.6,
  dealCtrCorrelation: -0.35,
  dealValueMedian: 50_000,
  dealValueLogSd: 0.4,
  dealAmountLogSd: 0.6,
  ctrDriftSd: 0.03,
  dealDriftSd: 0.02,
  shockAccountCpmSd: 0.1,
  shockHolderCpmSd: 0.08,
  shockCtrSd: 0.08,
  shockDealSd: 0.1,
  dealLag: [0.3, 0.25, 0.18, 0.12, 0.09, 0.06],
};

export interface MarketHolder {
  id: string;
  launchDay: number;
  cpm: number;
  capacity: number;
  dealValue: number;
}

/** One holder's rates on one day. */
export interface Rates {
  ctr: number;
  cpm: number; // at zero budget
  capacity: number;
  dealsPerClick: number;
  dealValue: number;
}

export interface Market {
  seed: number;
  config: MarketConfig;
  total: number;
  holders: MarketHolder[];
  /** [day][holder]: the slow state an oracle may know (drift, no daily shocks). */
  planned: Rates[][];
  /** [day][holder]: what the day actually delivers (drift and shocks). */
  actual: Rates[][];
}

const logit = (p: number) => Math.log(p / (1 - p));
const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const intIn = (rng: () => number, [lo, hi]: [number, number]) => lo + Math.floor(rng() * (hi - lo + 1));

export function createMarket(seed: number, config: MarketConfig = DEFAULT_MARKET): Market {
  const c = config;
  const rng = streamRng(seed, 'market');
  const nInitial = intIn(rng, c.initialHolders);
  const nLaunch = intIn(rng, c.launches);
  const holders: MarketHolder[] = [];
  const ctrLogit0: number[] = [];
  const dealLog0: number[] = [];
  for (let h = 0; h < nInitial + nLaunch; h++) {
    const r = streamRng(seed, 'holder', h);
    const zCtr = sampleNormal(r);
    const zDeal = c.dealCtrCorrelation * zCtr + Math.sqrt(1 - c.dealCtrCorrelation ** 2) * sampleNormal(r);
    ctrLogit0.push(logit(c.ctrMedian) + c.ctrLogitSd * zCtr);
    dealLog0.push(Math.log(c.dealsPerClickMedian) + c.dealsPerClickLogSd * zDeal);
    holders.push({
      id: `as_${seed}_${h}`,
      launchDay: h < nInitial ? 0 : intIn(r, c.launchDays),
      cpm: c.cpmMedian * Math.exp(c.cpmLogSd * sampleNormal(r)),
      capacity: c.capacityMedian * Math.exp(c.capacityLogSd * sampleNormal(r)),
      dealValue: c.dealValueMedian * Math.exp(c.dealValueLogSd * sampleNormal(r)),
    });
  }
  const planned: Rates[][] = [];
  const actual: Rates[][] = [];
  const ctrState = [...ctrLogit0];
  const dealState = [...dealLog0];
  for (let d = 0; d < c.days; d++) {
    const day = streamRng(seed, 'day', d);
    const accountCpm = c.shockAccountCpmSd * sampleNormal(day);
    const p: Rates[] = [];
    const a: Rates[] = [];
    holders.forEach((h, i) => {
      const s = streamRng(seed, 'shock', d, i);
      if (d > 0) {
        ctrState[i] = ctrState[i]! + c.ctrDriftSd * sampleNormal(s);
        dealState[i] = dealState[i]! + c.dealDriftSd * sampleNormal(s);
      }
      const base: Rates = {
        ctr: logistic(ctrState[i]!),
        cpm: h.cpm,
        capacity: h.capacity,
        dealsPerClick: Math.exp(dealState[i]!),
        dealValue: h.dealValue,
      };
      p.push(base);
      a.push({
        ...base,
        ctr: logistic(ctrState[i]! + c.shockCtrSd * sampleNormal(s)),
        cpm: h.cpm * Math.exp(accountCpm + c.shockHolderCpmSd * sampleNormal(s)),
        dealsPerClick: base.dealsPerClick * Math.exp(c.shockDealSd * sampleNormal(s)),
      });
    });
    planned.push(p);
    actual.push(a);
  }
  return { seed, config: c, total: nInitial * c.budgetPerHolder, holders, planned, actual };
}

/** Holders live on `day` (indices into market.holders). */
export function activeOn(m: Market, day: number): number[] {
  const out: number[] = [];
  m.holders.forEach((h, i) => {
    if (h.launchDay <= day) out.push(i);
  });
  return out;
}

export function expectedImpressions(r: Rates, budget: number, k: number): number {
  if (budget <= 0) return 0;
  return (budget * 1000) / (r.cpm * Math.pow(1 + budget / r.capacity, k));
}

/** Expected pipeline value (minor units) that `budget` buys on a day with rates `r`. */
export function expectedValue(r: Rates, budget: number, k: number): number {
  return expectedImpressions(r, budget, k) * r.ctr * r.dealsPerClick * r.dealValue;
}

/** d value / d budget: θ0 · (1 + x)^(−k−1) · (1 + x − k·x), x = b / capacity. Decreasing for k ≤ 1. */
export function marginalValue(r: Rates, budget: number, k: number): number {
  const theta0 = (1000 / r.cpm) * r.ctr * r.dealsPerClick * r.dealValue;
  const x = Math.max(0, budget) / r.capacity;
  return theta0 * Math.pow(1 + x, -k - 1) * (1 + x - k * x);
}
