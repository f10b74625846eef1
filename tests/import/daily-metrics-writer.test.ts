// The shared daily-metrics writer's three paths on a real on-disk workspace: into an empty table,
// straight in for ads without rows, and the merge that writes only new or changed days — with
// the trigger-maintained per-ad totals (migrations/0012) equal to a recount after each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { writeDailyMetrics, type DailyMetricColumns } from '../../workers/engine/services/daily-metrics-writer';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
let keys: number[];
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('metrics-writer')).pgdata });
  await db.exec(`insert into accounts (id, name, currency, currency_offset, source) values ('w', 'w', 'USD', 100, 'csv');
    insert into campaigns (id, account_id, name, budget_mode) values ('w', 'w', 'w', 'ABO');
    insert into ad_sets (id, campaign_id, account_id, name) values ('w', 'w', 'w', 'w');
    insert into ads (id, ad_set_id, campaign_id, account_id, name) select 'w' || g, 'w', 'w', 'w', 'w' from generate_series(1, 4) g;`);
  keys = (await db.query<{ key: number }>('select key from ads order by id')).rows.map((r) => r.key);
});
afterAll(async () => db?.close());

/** Rows (ad index, day number, impressions, clicks, spend) as writer columns. */
function cols(rows: Array<[number, number, number, number, number]>): DailyMetricColumns {
  return {
    count: rows.length,
    adKey: Int32Array.from(rows, (r) => keys[r[0]]!),
    day: Int32Array.from(rows, (r) => r[1]),
    impressions: rows.map((r) => r[2]),
    reach: rows.map((r) => Math.floor(r[2] / 2)),
    frequency: rows.map(() => 2),
    clicks: rows.map((r) => r[3]),
    spend: rows.map((r) => r[4]),
  };
}

async function totalsMatchRecount(): Promise<void> {
  const kept = await db.query('select ad_key, days, impressions::int8, clicks::int8, spend::int8 from ad_lifetime_totals where days > 0 order by ad_key');
  const recount = await db.query(
    'select ad_key, count(*)::int as days, sum(impressions)::int8 as impressions, sum(clicks)::int8 as clicks, sum(spend)::int8 as spend from ad_daily_metrics group by ad_key order by ad_key',
  );
  expect(kept.rows).toEqual(recount.rows);
}

describe('daily-metrics writer', () => {
  it('an empty table: COPY with the keys rebuilt after', async () => {
    const r = await db.transaction((tx) => writeDailyMetrics(tx, cols([[0, 9800, 100, 5, 1000], [0, 9801, 200, 6, 2000], [1, 9800, 300, 7, 3000]])));
    expect(r).toEqual({ inserted: 3, updated: 0, path: 'empty-table' });
    await totalsMatchRecount();
    const cons = await db.query<{ conname: string }>(`select conname from pg_constraint where conrelid = 'ad_daily_metrics'::regclass and contype in ('p', 'f') order by 1`);
    expect(cons.rows.map((c) => c.conname)).toEqual(['ad_daily_metrics_ad_key_fkey', 'ad_daily_metrics_pkey']);
  });

  it('ads without rows: straight in, the other ads untouched', async () => {
    const r = await db.transaction((tx) => writeDailyMetrics(tx, cols([[2, 9800, 50, 1, 500], [3, 9802, 60, 2, 600]])));
    expect(r).toEqual({ inserted: 2, updated: 0, path: 'new-ads' });
    await totalsMatchRecount();
  });

  it('a merge inserts new days, updates changed ones and leaves unchanged ones unwritten', async () => {
    const before = (await db.query<{ fetched_at: string }>(`select fetched_at from ad_daily_metrics where ad_key = $1 and day = '2026-10-31'`, [keys[1]])).rows[0]!.fetched_at;
    const r = await db.transaction((tx) =>
      writeDailyMetrics(tx, cols([[0, 9800, 100, 5, 1000], [0, 9801, 250, 9, 2500], [1, 9800, 300, 7, 3000], [1, 9803, 10, 1, 100], [2, 9800, 50, 1, 500]])),
    );
    expect(r).toEqual({ inserted: 1, updated: 1, path: 'merge' });
    await totalsMatchRecount();
    const after = (await db.query<{ fetched_at: string }>(`select fetched_at from ad_daily_metrics where ad_key = $1 and day = '2026-10-31'`, [keys[1]])).rows[0]!.fetched_at;
    expect(after).toEqual(before); // unchanged row: not rewritten
    const changed = await db.query<{ impressions: number; spend: string }>(`select impressions, spend::text from ad_daily_metrics where ad_key = $1 and day = '2026-11-01'`, [keys[0]]);
    expect(changed.rows[0]).toEqual({ impressions: 250, spend: '2500' });
  });

  it('a duplicate (ad, day) in an empty table fails the whole write', async () => {
    await db.exec('delete from ad_daily_metrics');
    await expect(db.transaction((tx) => writeDailyMetrics(tx, cols([[0, 9800, 1, 0, 1], [0, 9800, 2, 0, 2]])))).rejects.toThrow(/duplicate|unique/i);
    expect((await db.query('select 1 from ad_daily_metrics')).rows).toEqual([]);
    await totalsMatchRecount();
  });
});
