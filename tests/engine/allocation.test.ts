import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { allocate, latestAllocation } from '../../workers/engine/services/allocation';
import { listChanges } from '../../workers/engine/services/approvals';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;

/** Four holders with known rates: s1 strong, s2 average, s3 weak, cbo new (2 days of data). */
async function seed(d: Database) {
  await d.exec(`
    insert into accounts (id, name, currency, min_daily_budget) values ('1', 'Acme', 'USD', 100);
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'Prospecting', 'ABO');
    insert into campaigns (id, account_id, name, budget_mode, daily_budget) values ('c2', '1', 'Advantage+', 'CBO', 20000);
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values
      ('s1', 'c1', '1', 'Strong', 10000), ('s2', 'c1', '1', 'Average', 10000), ('s3', 'c1', '1', 'Weak', 10000);
    insert into ad_sets (id, campaign_id, account_id, name) values ('s4', 'c2', '1', 'Broad');
    insert into ads (id, ad_set_id, campaign_id, account_id, name) values
      ('a1', 's1', 'c1', '1', 'Strong A'), ('a2', 's2', 'c1', '1', 'Average A'), ('a3', 's3', 'c1', '1', 'Weak A'),
      ('a3b', 's3', 'c1', '1', 'Weak B'), ('a4', 's4', 'c2', '1', 'New');
    insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend)
      select a.key, date '2026-11-01' + g, 20000, (20000 * r.ctr)::int, 10000
        from ads a join (values ('a1', 0.030), ('a2', 0.015), ('a3', 0.006), ('a3b', 0.020)) r(id, ctr) on r.id = a.id,
             generate_series(0, 13) g;
    insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend)
      select a.key, date '2026-11-13' + g, 5000, 100, 2000 from ads a, generate_series(0, 1) g where a.id = 'a4';
    insert into crm_pipelines (id, label) values ('default', 'Sales');
    insert into crm_stages (pipeline_id, id, label, probability, is_closed, is_won) values
      ('default', 'appointmentscheduled', 'Appointment', 0.2, false, false), ('default', 'closedwon', 'Won', 1, true, true);
    insert into crm_stage_values (pipeline_id, stage_id, value, currency) values ('default', 'appointmentscheduled', 50000, 'USD');
    insert into crm_deals (id, pipeline_id, stage_id, amount, created_at, modified_at)
      select 'd' || a.id || '_' || g, 'default', case when g % 3 = 0 then 'closedwon' else 'appointmentscheduled' end, 150000,
             timestamp '2026-11-02' + (g || ' days')::interval, now()
        from ads a join (values ('a1', 12), ('a2', 4), ('a3b', 12)) r(id, n) on r.id = a.id, generate_series(1, 12) g where g <= r.n;
    insert into attributions (deal_id, ad_id, method, confidence) select id, split_part(substring(id from 2), '_', 1), 'hsa_ad', 0.95 from crm_deals;
  `);
}

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('alloc')).pgdata });
  await seed(db);
});
afterAll(async () => db?.close());

describe('budget allocation on the database', () => {
  it('the seeded deals are attributed to their ads', async () => {
    const res = await db.query<{ ad_id: string; n: number }>(`select ad_id, count(*)::int as n from attributions group by ad_id order by ad_id`);
    expect(res.rows).toEqual([{ ad_id: 'a1', n: 12 }, { ad_id: 'a2', n: 4 }, { ad_id: 'a3b', n: 12 }]);
  });

  it('allocates the exact total, favours the strong holder, protects the new one, and explains each', async () => {
    const out = await allocate(db, { total: 52_345, propose: true });
    const sum = out.recommendations.reduce((s, r) => s + r.recommendedBudget, 0);
    expect(sum).toBe(52_345);
    expect(out.objective).toBe('pipeline_roas');
    const by = Object.fromEntries(out.recommendations.map((r) => [r.holderId, r]));
    expect(by.s1!.pBest).toBeGreaterThan(Math.max(by.s2!.pBest, by.s3!.pBest));
    expect(by.s1!.recommendedBudget).toBeGreaterThan(by.s2!.recommendedBudget);
    expect(by.c2!.ignorance).toBe(true);
    expect(by.c2!.recommendedBudget).toBeGreaterThanOrEqual(16_000);
    for (const r of out.recommendations) {
      expect(r.reason.length).toBeGreaterThan(30);
      expect(r.ctr.low).toBeLessThan(r.ctr.high);
      expect(r.pipelineRoas!.low).toBeLessThan(r.pipelineRoas!.high);
      if (r.currentBudget) expect(Math.abs(r.recommendedBudget - r.currentBudget)).toBeLessThanOrEqual(r.currentBudget * 0.2 + 1);
    }
    expect(by.s1!.reason).toMatch(/^Raise to USD [\d,.]+ \(\+/);
    // The weak ad in the weak ad set is clearly behind its sibling.
    expect(out.adPauses.map((a) => a.adId)).toEqual(['a3']);
    const queue = await listChanges(db, { limit: 100 });
    expect(queue.filter((c) => c.origin === 'sampler').length).toBe(out.proposed);
    expect(out.proposed).toBeGreaterThanOrEqual(3);
  });

  it('persists posteriors and the run; a re-run supersedes, never duplicates, the open proposals', async () => {
    const post = await db.query<{ n: number }>(`select count(*)::int as n from sampler_posteriors`);
    expect(post.rows[0]!.n).toBe(4);
    const before = await listChanges(db, { states: ['proposed'], limit: 100 });
    const again = await allocate(db, { total: 52_345, propose: true });
    const open = await listChanges(db, { states: ['proposed'], limit: 100 });
    // Same evidence, same recommendations: the very same proposals stay open, nothing is added.
    expect(again.proposed).toBe(0);
    expect(again.queued).toBe(before.length);
    expect(open.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    // budget.latest shows the run as allocate returned it: the kept proposals' change ids (made
    // by the earlier run), the ad pauses and the counts.
    const latestAgain = await latestAllocation(db);
    expect(latestAgain?.runId).toBe(again.runId);
    expect(latestAgain?.adPauses).toEqual(again.adPauses);
    expect(latestAgain?.adPauses.map((a) => a.adId)).toEqual(['a3']);
    expect(latestAgain?.adPauses[0]!.changeId).not.toBeNull();
    expect(Object.fromEntries(latestAgain!.recommendations.map((r) => [r.holderId, r.changeId]))).toEqual(
      Object.fromEntries(again.recommendations.map((r) => [r.holderId, r.changeId])),
    );
    expect(latestAgain!.recommendations.filter((r) => r.changeId !== null).length).toBeGreaterThanOrEqual(2);
    expect([latestAgain?.proposed, latestAgain?.queued]).toEqual([0, again.queued]);
    // …and approvals.list can fetch exactly those changes by id.
    const runIds = [...again.recommendations.map((r) => r.changeId), ...again.adPauses.map((a) => a.changeId)].filter((x): x is number => x !== null);
    const fetched = await listChanges(db, { ids: runIds, limit: 100 });
    expect(fetched.map((c) => c.id).sort()).toEqual([...runIds].sort());
    // A different total changes the amounts: the old proposals are superseded, not stacked.
    const moved = await allocate(db, { total: 50_000, propose: true });
    const after = await listChanges(db, { states: ['proposed'], limit: 100 });
    expect(after.length).toBe(moved.recommendations.filter((r) => r.changeId !== null).length + moved.adPauses.length);
    expect((await listChanges(db, { states: ['expired'], limit: 100 })).length).toBeGreaterThan(0);
    const latest = await latestAllocation(db);
    expect(latest?.runId).toBe(moved.runId);
    expect(latest?.recommendations.reduce((s, r) => s + r.recommendedBudget, 0)).toBe(50_000);
  });

  it('an unknown account is a clear NotFound', async () => {
    await expect(allocate(db, { accountId: 'nope', total: 1000, propose: false })).rejects.toMatchObject({ code: 'NotFound' });
  });
});
