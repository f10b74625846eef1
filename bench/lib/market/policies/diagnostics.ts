// Diagnostic policies for the allocation-quality bench: they separate what the share rule costs
// from what learning costs. Each one sets shares and hands them to Adloop's own water-filling
// (allocateBudgets: the same ±cap and minimums; the exploration floor only for holders launched
// that day, not Adloop's 2-day age rule), so only the shares differ.
//  - pBestTrueRates: P(best) when the rates are known, i.e. all weight on the holder with the
//    highest true value per unit spend at yesterday's budget;
//  - powerSharesTrueRates: shares ∝ (true value per unit spend)^4 — the equal-marginal-value
//    allocation under a power-law response with elasticity 0.75, fed the truth;
//  - powerSharesPosterior: the same rule fed Adloop's posterior means instead of the truth;
//  - marginalTrueRates: Adloop's own share rule (marginal-shares.ts: expected optimal budgets) fed
//    the true value per unit of spend and the true capacity — what the rule itself can reach;
//  - marginalTrueCapacity: Adloop's posteriors, but the true capacity instead of the fitted cost
//    curve — what estimating the curve costs, apart from estimating the value.
import { allocateBudgets } from '../../../../workers/domain/sampler/allocate';
import { marginalShares } from '../../../../workers/domain/sampler/marginal-shares';
import { fitAccountPrior, posteriorOf } from '../../../../workers/domain/sampler/posterior';
import { expectedValue } from '../model';
import type { Policy, PolicyContext } from '../policy';
import { ADLOOP_SETTINGS, holderEvidence } from './adloop';

const POWER = 4; // 1 / (1 − 0.75)

/** Shares handed to Adloop's own water-filling (the same ±cap and minimums as Adloop). */
export function withShares(ctx: PolicyContext, shares: ArrayLike<number>): Map<number, number> {
  const { active, total, yesterday } = ctx;
  const sum = Array.from(shares).reduce((a, b) => a + b, 0) || 1;
  const res = allocateBudgets(
    active.map((i, k) => ({
      id: String(i),
      pBest: shares[k]! / sum,
      currentBudget: yesterday.get(i) ?? null,
      minBudget: ADLOOP_SETTINGS.minBudget,
      editsLastHour: 0,
      ignorance: !yesterday.has(i),
    })),
    { total, maxChange: ADLOOP_SETTINGS.maxChangePct / 100, maxEditsPerHour: 4 },
  );
  return new Map(active.map((i, k) => [i, res.results[k]!.recommended]));
}

function trueValuePerSpend(ctx: PolicyContext): number[] {
  const { market, day, active, total, yesterday } = ctx;
  return active.map((i) => {
    const b = yesterday.get(i) ?? total / active.length;
    return expectedValue(market.planned[day]![i]!, b, market.config.saturation) / b;
  });
}

export const pBestTrueRates: Policy = (ctx) => {
  const v = trueValuePerSpend(ctx);
  const best = Math.max(...v);
  return withShares(ctx, v.map((x) => (x === best ? 1 : 0)));
};

export const powerSharesTrueRates: Policy = (ctx) => withShares(ctx, trueValuePerSpend(ctx).map((x) => x ** POWER));

export const powerSharesPosterior: Policy = (ctx) => {
  const { market, day, active, yesterday, history, total } = ctx;
  const hs = active.map((i) =>
    holderEvidence(market.holders[i]!.id, history[i]!, day, yesterday.get(i), ADLOOP_SETTINGS.halfLifeDays, ADLOOP_SETTINGS.minBudget),
  );
  const prior = fitAccountPrior(hs.map((h) => h.evidence));
  const logs = hs.map((h) => POWER * posteriorOf(h.evidence, prior).logObjective.mu + Math.log(h.currentBudget ?? total / active.length));
  const top = Math.max(...logs);
  return withShares(ctx, logs.map((l) => Math.exp(l - top)));
};

export const marginalTrueRates: Policy = (ctx) => {
  const { market, day, active, total } = ctx;
  const rates = active.map((i) => market.planned[day]![i]!);
  const mu = Float64Array.from(rates, (r) => Math.log((1000 / r.cpm) * r.ctr * r.dealsPerClick * r.dealValue));
  return withShares(ctx, marginalShares(mu, new Float64Array(active.length), Float64Array.from(rates, (r) => 1 / r.capacity), total));
};

export const marginalTrueCapacity: Policy = (ctx) => {
  const { market, day, active, yesterday, history, total } = ctx;
  const hs = active.map((i) =>
    holderEvidence(market.holders[i]!.id, history[i]!, day, yesterday.get(i), ADLOOP_SETTINGS.halfLifeDays, ADLOOP_SETTINGS.minBudget),
  );
  const prior = fitAccountPrior(hs.map((h) => h.evidence));
  const kappa = Float64Array.from(active, (i) => 1 / market.holders[i]!.capacity);
  const mu = new Float64Array(active.length);
  const sigma = new Float64Array(active.length);
  hs.forEach((h, k) => {
    const post = posteriorOf(h.evidence, prior).logObjective;
    const meanSpend = h.spendCurve && h.spendCurve.w > 0 ? h.spendCurve.x / h.spendCurve.w : 0;
    mu[k] = post.mu + Math.log1p(kappa[k]! * meanSpend);
    sigma[k] = post.sigma;
  });
  return withShares(ctx, marginalShares(mu, sigma, kappa, total));
};
