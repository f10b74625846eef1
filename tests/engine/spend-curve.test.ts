// The allocator's per-holder cost curves, read from a real PGlite workspace: the SQL aggregation
// must give exactly the sums addSpendDay() builds from the holder's daily totals (paused ads
// included, CBO campaigns as one holder), and the fit must find the CPM rise that produced them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSpendDay, emptySpendCurve, fitSpendResponse } from '../../workers/domain/sampler/spend-response';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { allocate, loadSpendCurves } from '../../workers/engine/services/allocation';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
const KAPPA = 1 / 30_000; // CPM doubles at USD 300 a day
const DAYS = 12;
const AS_OF = '2026-11-12';
/** Daily budget (minor units) of holder `h` on day `d`: moving up to ±20 % a day. */
const budgetOf = (h: number, d: number) => Math.round((8_000 + 4_000 * h) * (1 + 0.15 * Math.sin(d * (1.3 + h))));
const cpmOf = (h: number, b: number) => (900 + 200 * h) * (1 + KAPPA * b);

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('spend-curve')).pgdata });
  await db.exec(`
    insert into accounts (id, name, currency, min_daily_budget) values ('1', 'Acme', 'USD', 100);
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'Prospecting', 'ABO');
    insert into campaigns (id, account_id, name, budget_mode, daily_budget) values ('c2', '1', 'Advantage+', 'CBO', 12000);
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values ('s1', 'c1', '1', 'Cold', 8000), ('s2', 'c1', '1', 'Lookalike', 16000);
    insert into ad_sets (id, campaign_id, account_id, name) values ('s3', 'c2', '1', 'Broad A'), ('s4', 'c2', '1', 'Broad B');
    insert into ads (id, ad_set_id, campaign_id, account_id, name, status) values
      ('a1', 's1', 'c1', '1', 'Cold A', 'ACTIVE'), ('a1p', 's1', 'c1', '1', 'Cold B (paused)', 'PAUSED'),
      ('a2', 's2', 'c1', '1', 'Lookalike A', 'ACTIVE'), ('a3', 's3', 'c2', '1', 'Broad A', 'ACTIVE'), ('a4', 's4', 'c2', '1', 'Broad B', 'ACTIVE');
  `);
  // Holder 0 = s1 (two ads, one paused, splitting its spend 70/30), 1 = s2, 2 = c2 (two ad sets, 50/50).
  const rows: string[] = [];
  const split: Record<string, [number, number]> = { a1: [0, 0.7], a1p: [0, 0.3], a2: [1, 1], a3: [2, 0.5], a4: [2, 0.5] };
  for (let d = 0; d < DAYS; d++) {
    for (const [ad, [h, frac]] of Object.entries(split)) {
      const b = budgetOf(h, d);
      const spend = Math.round(b * frac);
      const impressions = Math.round((1000 * spend) / cpmOf(h, b));
      rows.push(`((select key from ads where id = '${ad}'), date '2026-11-01' + ${d}, ${impressions}, ${Math.round(impressions * 0.01)}, ${spend})`);
    }
  }
  await db.exec(`insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend) values ${rows.join(',')}`);
});
afterAll(async () => db?.close());

describe('spend curves on the database', () => {
  it('the SQL sums equal addSpendDay over each holder’s daily totals, paused ads and CBO campaigns included', async () => {
    const halfLife = 7;
    const curves = await loadSpendCurves(db, '1', AS_OF, halfLife, 56);
    expect([...curves.keys()].sort()).toEqual(['c2', 's1', 's2']);
    const daily = await db.query<{ holder: string; day: string; spend: number; impressions: number; age: number }>(
      `select case when c.budget_mode = 'CBO' then c.id else a.ad_set_id end as holder, m.day::text as day,
              sum(m.spend)::float8 as spend, sum(m.impressions)::float8 as impressions, (date '${AS_OF}' - m.day) as age
         from ad_daily_metrics m join ads a on a.key = m.ad_key join campaigns c on c.id = a.campaign_id
        group by 1, 2, 5 order by 1, 2`,
    );
    const want = new Map<string, ReturnType<typeof emptySpendCurve>>();
    for (const r of daily.rows) {
      const c = want.get(r.holder) ?? emptySpendCurve();
      addSpendDay(c, r.spend, r.impressions, Math.pow(0.5, r.age / halfLife));
      want.set(r.holder, c);
    }
    for (const [id, c] of want) {
      const got = curves.get(id)!;
      for (const k of ['w', 'x', 'xx', 'y', 'xy', 'yy'] as const) expect(got[k] / c[k]).toBeCloseTo(1, 9);
    }
  });

  it('finds the CPM rise that produced the days, and the allocation says so', async () => {
    const curves = await loadSpendCurves(db, '1', AS_OF, 7, 56);
    const fit = fitSpendResponse([curves.get('s1'), curves.get('s2'), curves.get('c2')], 12_000);
    expect(fit.fromData).toBe(true);
    // Rounded impressions are the only noise: κ₀ within 5 % of the truth.
    expect(Math.abs(fit.kappa0 / KAPPA - 1)).toBeLessThan(0.05);
    const out = await allocate(db, { total: 36_000, propose: false });
    expect(out.recommendations.reduce((s, r) => s + r.recommendedBudget, 0)).toBe(36_000);
    for (const r of out.recommendations) expect(r.reason).toMatch(/its CPM rises about \d+\.\d % per 10 % more budget/);
  });
});
