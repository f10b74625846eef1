// ad_lifetime_totals must equal a GROUP BY over ad_daily_metrics after every kind of write: a bulk
// COPY into an empty table, COPY into a non-empty one, upserts that restate days, updates, deletes
// and the cascade from deleting an ad.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { aggregateAdTotals, readAdTotals, type AdTotals } from '../../workers/engine/services/ad-totals';
import { loadSimulation, simulate } from '../../workers/simulator';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('totals')).pgdata });
  await loadSimulation(db, simulate({ seed: 12, ads: 120, days: 30, endDay: '2026-11-24' }));
});
afterAll(async () => db?.close());

function byKey(t: AdTotals) {
  const m = new Map<number, [number, number, number]>();
  for (let j = 0; j < t.adKey.length; j++) m.set(t.adKey[j]!, [t.spend[j]!, t.clicks[j]!, t.impressions[j]!]);
  return m;
}

async function expectInStep() {
  const [fast, plain] = await Promise.all([readAdTotals(db), aggregateAdTotals(db)]);
  expect(byKey(fast)).toEqual(byKey(plain));
  for (let j = 0; j < fast.adKey.length; j++) {
    expect(fast.ctr[j]).toBeCloseTo(fast.impressions[j]! > 0 ? fast.clicks[j]! / fast.impressions[j]! : 0, 12);
  }
  return fast;
}

describe('ad_lifetime_totals', () => {
  it('equals the aggregate of the daily rows after a bulk load', async () => {
    const fast = await expectInStep();
    expect(fast.adKey.length).toBeGreaterThan(100);
    const plain = await db.query<{ s: string }>('select sum(spend)::text as s from ad_daily_metrics');
    expect(fast.spend.reduce((a, b) => a + b, 0)).toBe(Number(plain.rows[0]!.s));
  });

  it('follows upserts that restate days and add new ones', async () => {
    await db.query(
      `insert into ad_daily_metrics (ad_key, day, impressions, clicks, spend)
         select ad_key, day + (case when day = (select max(day) from ad_daily_metrics) then 1 else 0 end),
                impressions + 100, clicks + 3, spend + 250
           from ad_daily_metrics where day >= (select max(day) - 2 from ad_daily_metrics)
       on conflict (ad_key, day) do update
         set impressions = excluded.impressions, clicks = excluded.clicks, spend = excluded.spend`,
    );
    await expectInStep();
  });

  it('follows plain updates, deletes and the cascade from a deleted ad', async () => {
    await db.query('update ad_daily_metrics set spend = spend * 2 where ad_key % 3 = 0');
    await db.query('delete from ad_daily_metrics where ad_key % 5 = 0 and day < (select min(day) + 5 from ad_daily_metrics)');
    const victim = (await db.query<{ k: number }>('select min(ad_key) as k from ad_lifetime_totals')).rows[0]!.k;
    await db.query('delete from ads where key = $1', [victim]);
    const fast = await expectInStep();
    expect(Array.from(fast.adKey)).not.toContain(victim);
  });

  it('leaves no totals behind when every daily row of an ad is gone', async () => {
    const k = (await db.query<{ k: number }>('select max(ad_key) as k from ad_lifetime_totals where days > 0')).rows[0]!.k;
    await db.query('delete from ad_daily_metrics where ad_key = $1', [k]);
    const fast = await expectInStep();
    expect(Array.from(fast.adKey)).not.toContain(k);
  });
});
