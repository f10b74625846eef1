// Diagnostic policies for the allocation-quality bench: they separate what the share rule costs
// from what learning costs. Each one sets shares and hands them to Adloop's own water-filling
// (allocateBudgets: the same ±cap, minimums and exploration floor), so only the shares differ.
//  - pBestTrueRates: P(best) when the rates are known, i.e. all weight on the holder with the
//    highest true value per unit spend at yesterday's budget;
//  - powerSharesTrueRates: shares ∝ (true value per unit spend)^4 — the equal-marginal-value
//    allocation under a power-law response with elasticity 0.75, fed the truth;
//  - powerSharesPosterior: the same rule fed Adloop's posterior means instead of the truth.
import { allocateBudgets } from '../../../../workers/domain/sampler/allocate';
import { fitAccountPrior, posteriorOf } from '../../../../workers/domain/sampler/posterior';
import { expectedValue } from '../model';
import type { Policy, PolicyContext } from '../policy';
import { ADLOOP_SETTINGS, holderEvidence } from './adloop';

const POWER = 4; // 1 / (1 − 0.75)

function withShares(ctx: PolicyContext, shares: number[]): Map<number, number> {
  const { active, total, yesterday } = ctx;
  const sum = shares.reduce((a, b) => a + b, 0) || 1;
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
