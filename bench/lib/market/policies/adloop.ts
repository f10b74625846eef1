// Adloop's sampler run the way the engine runs it (workers/engine/services/allocation.ts): each
// morning, the evidence through yesterday, exponentially discounted from yesterday (half-life 7
// days; deals by their create date), each holder's daily spend against its CPM (the cost curve the
// engine sums in SQL, discounted the same way), the budget each holder ran on as "current" and
// "24 h ago", then recommend() and apply every recommendedBudget. Holder level only (no ads passed).
import { discountWeight, type Evidence } from '../../../../workers/domain/sampler/posterior';
import { addSpendDay, emptySpendCurve } from '../../../../workers/domain/sampler/spend-response';
import { recommend, type HolderEvidence, type RecommendOptions } from '../../../../workers/domain/sampler/recommend';
import type { HolderHistory } from '../observe';
import type { Policy, PolicyContext } from '../policy';

export interface AdloopSettings {
  halfLifeDays: number;
  maxChangePct: number;
  minBudget: number; // minor units
  /** Passed to recommend(); the defaults (2 days, USD 100, 1,000 impressions) suit the market. */
  ignorance: Pick<RecommendOptions, 'ignoranceMinAgeDays' | 'ignoranceMinSpendMajor' | 'ignoranceMinImpressions'>;
}

export const ADLOOP_SETTINGS: AdloopSettings = {
  halfLifeDays: 7,
  maxChangePct: 20,
  minBudget: 100, // Meta's USD 1/day ad set minimum
  ignorance: { ignoranceMinAgeDays: 2, ignoranceMinSpendMajor: 100, ignoranceMinImpressions: 1000 },
};

/** The HolderEvidence the engine would build on the morning of `day`. */
export function holderEvidence(
  id: string,
  h: HolderHistory,
  day: number,
  yesterday: number | undefined,
  halfLifeDays: number,
  minBudget: number,
): HolderEvidence {
  const asOf = day - 1;
  const ev: Evidence = { impressions: 0, clicks: 0, spend: 0, deals: 0, value: 0 };
  let lifetimeSpend = 0;
  let lifetimeImpressions = 0;
  let firstDay: number | null = null;
  const spendCurve = emptySpendCurve();
  for (const r of h.rows) {
    if (r.day > asOf) continue;
    const w = discountWeight(asOf - r.day, halfLifeDays);
    addSpendDay(spendCurve, r.spend, r.impressions, w);
    ev.impressions += w * r.impressions;
    ev.clicks += w * r.clicks;
    ev.spend += w * r.spend;
    lifetimeSpend += r.spend;
    lifetimeImpressions += r.impressions;
    if (firstDay === null || r.day < firstDay) firstDay = r.day;
  }
  for (const d of h.deals) {
    if (d.createdDay > asOf) continue;
    const w = discountWeight(asOf - d.createdDay, halfLifeDays);
    ev.deals += w;
    ev.value += w * d.value;
  }
  const current = yesterday ?? null;
  return {
    id,
    type: 'ad_set',
    name: id,
    campaignName: 'Simulated',
    currentBudget: current,
    budget24hAgo: current,
    minBudget,
    editsLastHour: 0, // daily cadence: Meta's 4 edits an hour never binds
    evidence: ev,
    spendCurve,
    lifetimeSpend,
    lifetimeImpressions,
    ageDays: firstDay === null ? 0 : asOf - firstDay + 1,
    days: h.rows.filter((r) => r.day <= asOf).length,
  };
}

export function createAdloop(settings: AdloopSettings = ADLOOP_SETTINGS): Policy {
  return (ctx: PolicyContext) => {
    const { market, day, active, total, yesterday, history } = ctx;
    const holders = active.map((i) =>
      holderEvidence(market.holders[i]!.id, history[i]!, day, yesterday.get(i), settings.halfLifeDays, settings.minBudget),
    );
    const res = recommend(holders, [], {
      total,
      maxChangePct: settings.maxChangePct,
      currency: 'USD',
      currencyOffset: 100,
      ...settings.ignorance,
    });
    return new Map(active.map((i, k) => [i, res.recommendations[k]!.recommendedBudget]));
  };
}
