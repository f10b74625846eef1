// recommend() puts budget where the next unit buys the most: equal P(best) no longer means equal
// budgets once one holder's CPM climbs with its budget and the other's does not.
import { describe, expect, it } from 'vitest';
import { recommend, type HolderEvidence } from '../../workers/domain/sampler/recommend';
import { addSpendDay, emptySpendCurve } from '../../workers/domain/sampler/spend-response';

function holder(id: string, kappa: number | null): HolderEvidence {
  const spendCurve = emptySpendCurve();
  const evidence = { impressions: 0, clicks: 0, spend: 0, deals: 0, value: 0 };
  // 14 days alternating USD 80 and 120; CPM = 10·(1 + κb). Same clicks per 1,000 impressions, same deals per click.
  for (let d = 0; d < 14; d++) {
    const b = d % 2 ? 12_000 : 8_000;
    const impressions = (1000 * b) / (1000 * (1 + (kappa ?? 0) * b));
    if (kappa !== null) addSpendDay(spendCurve, b, impressions, 1);
  }
  // Evidence at the mean budget: identical for both holders, so P(best) is 50/50.
  evidence.impressions = 140_000;
  evidence.clicks = 1_400;
  evidence.spend = 140_000;
  evidence.deals = 14;
  evidence.value = 700_000;
  return {
    id,
    type: 'ad_set',
    name: id,
    campaignName: 'Test',
    currentBudget: 10_000,
    budget24hAgo: 10_000,
    minBudget: 100,
    editsLastHour: 0,
    evidence,
    spendCurve: kappa === null ? undefined : spendCurve,
    lifetimeSpend: 140_000,
    lifetimeImpressions: 140_000,
    ageDays: 14,
    days: 14,
  };
}

const opts = { total: 20_000, maxChangePct: 20, currency: 'USD', currencyOffset: 100 };

describe('recommend with cost curves', () => {
  it('equal P(best), but the holder whose CPM climbs with budget gets less', () => {
    const res = recommend([holder('steep', 1 / 5_000), holder('flat', 1 / 200_000)], [], opts);
    const [steep, flat] = res.recommendations;
    expect(steep!.pBest).toBeCloseTo(0.5, 6);
    expect(flat!.pBest).toBeCloseTo(0.5, 6);
    expect(flat!.recommendedBudget).toBeGreaterThan(steep!.recommendedBudget);
    expect(steep!.recommendedBudget + flat!.recommendedBudget).toBe(20_000);
    expect(steep!.recommendedBudget).toBeGreaterThanOrEqual(8_000); // the ±20 % cap still holds
    expect(res.spendResponse.kappa[0]!).toBeGreaterThan(res.spendResponse.kappa[1]!);
    // Expected value at the recommended budget follows the curve: the steep holder's value per
    // unit falls when raised, so a cut holder earns more per unit than it did.
    const perUnit = steep!.expectedValue! / steep!.recommendedBudget;
    expect(perUnit).toBeGreaterThan(steep!.pipelineRoas!.mean);
    expect(steep!.reason).toMatch(/its CPM rises about \d/);
    expect(res.notes.join(' ')).toMatch(/CPM doubles at about USD [\d,.]+ a day/);
  });

  it('without any cost data it still allocates exactly, on the stated default curve', () => {
    const res = recommend([holder('a', null), holder('b', null)], [], { ...opts, total: 20_001 });
    expect(res.spendResponse.fromData).toBe(false);
    expect(res.recommendations.reduce((s, r) => s + r.recommendedBudget, 0)).toBe(20_001);
    expect(res.recommendations[0]!.reason).not.toMatch(/CPM rises/);
    expect(res.notes.join(' ')).toMatch(/No budget has moved yet/);
  });
});
