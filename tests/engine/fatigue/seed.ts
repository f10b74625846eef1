// A small hand-built account for the fatigue scan tests: 45 days up to 2026-11-14.
//  steady   — 20,000 impressions a day at 2 % CTR throughout (HEALTHY)
//  tired    — same, CTR halves from day 30 (2026-10-30) on (FATIGUING, onset 2026-10-30); carries
//             most of its ad set's delivery → its proposal is a 20 % budget cut of s1
//  sidekick — a small ad in the tired ad's ad set, 2,000 impressions a day (HEALTHY)
//  worn     — in s2 beside a bigger sibling; CTR falls by 60 % from day 25 → a pause proposal
//  big      — s2's main ad, steady (HEALTHY)
//  tiny     — 50 impressions a day (WARMING)
import type { Database } from '../../../workers/engine/db';

export const FIRST_DAY = '2026-09-30';
export const LAST_DAY = '2026-11-13';

export async function seedFatigueAccount(db: Pick<Database, 'exec'>): Promise<void> {
  await db.exec(`
    insert into accounts (id, name, currency, min_daily_budget) values ('1', 'Acme', 'USD', 100);
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'Prospecting', 'ABO');
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget, audience_type) values
      ('s1', 'c1', '1', 'Cold A', 50000, 'cold'), ('s2', 'c1', '1', 'Cold B', 50000, 'cold'), ('s3', 'c1', '1', 'Cold C', 10000, 'cold');
    insert into ads (id, ad_set_id, campaign_id, account_id, name) values
      ('steady', 's3', 'c1', '1', 'Steady'), ('tired', 's1', 'c1', '1', 'Tired hook'), ('sidekick', 's1', 'c1', '1', 'Sidekick'),
      ('worn', 's2', 'c1', '1', 'Worn UGC'), ('big', 's2', 'c1', '1', 'Big'), ('tiny', 's3', 'c1', '1', 'Tiny');
    insert into ad_daily_metrics (ad_key, day, impressions, reach, clicks, spend)
      select a.key, date '${FIRST_DAY}' + g, r.n, (r.n / 1.1)::int,
             round(r.n * r.ctr * case when r.drop_from is not null and g >= r.drop_from then r.mult else 1 end)::int,
             r.n * 12 / 10
        from ads a
        join (values ('steady', 20000, 0.02, null::int, 1.0), ('tired', 20000, 0.02, 30, 0.5), ('sidekick', 2000, 0.02, null, 1.0),
                     ('worn', 6000, 0.025, 25, 0.4), ('big', 30000, 0.02, null, 1.0), ('tiny', 50, 0.02, null, 1.0))
             r(id, n, ctr, drop_from, mult) on r.id = a.id,
             generate_series(0, 44) g;
  `);
}
