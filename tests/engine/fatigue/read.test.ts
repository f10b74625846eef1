// The scan's read (binary COPY of bytea columns → typed columns) against a plain per-row query
// of the same on-disk workspace: same ads, same days in order, same numbers — including the cases
// the columnar path has to get right on its own: rows stored out of day order, the rows split
// over several aggregate groups, spend above 2^32, deleted ads, ads without rows, and an ad id
// that COPY text has to escape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber } from '../../../workers/domain/fatigue';
import { parseCopyText } from '../../../workers/engine/copy-binary';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { canPackKeyAndDay, readScanData } from '../../../workers/engine/services/fatigue/read';
import { freshWorkspace } from '../../helpers/workspace';

let db: Database;
const ADS = 1_300;

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('fatigue-read')).pgdata });
  await db.exec(`
    insert into accounts (id, name, currency) values ('1', 'Acme', 'USD'), ('2', 'Beta', 'EUR');
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'P', 'ABO'), ('c2', '2', 'Q', 'ABO');
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget, audience_type) values
      ('s1', 'c1', '1', 'Cold', 50000, 'cold'), ('s2', 'c2', '2', 'Warm', 50000, 'retargeting');
    insert into ads (id, ad_set_id, campaign_id, account_id, name)
      select 'ad' || g, case when g % 3 = 0 then 's2' else 's1' end, case when g % 3 = 0 then 'c2' else 'c1' end,
             case when g % 3 = 0 then '2' else '1' end, 'Ad ' || g
        from generate_series(1, ${ADS}) g;
    insert into ads (id, ad_set_id, campaign_id, account_id, name) values (E'tab\\there', 's1', 'c1', '1', 'Odd id'), ('silent', 's1', 'c1', '1', 'No rows');
    insert into ad_daily_metrics (ad_key, day, impressions, reach, clicks, spend)
      select a.key, date '2026-10-01' + g, 1000 + a.key * 7 + g, 900 + g, (a.key + g) % 50, (a.key * 13 + g) * 10
        from ads a, generate_series(0, 29) g
       where a.id <> 'silent' and (a.key % 5 <> 0 or g >= 10);   -- some ads start later
    -- Old days rewritten after newer ones (a sync correcting history): stored out of day order.
    update ad_daily_metrics set clicks = clicks + 1 where ad_key % 7 = 0 and day < date '2026-10-06';
    -- Spend beyond 32 bits on one day.
    update ad_daily_metrics set spend = 5000000000123 where ad_key = 2 and day = date '2026-10-15';
    update ads set status = 'DELETED' where id = 'ad4';
  `);
}, 60_000);
afterAll(async () => db?.close());

describe('fatigue scan read', () => {
  it('equals a plain per-row read: ads, day order, numbers, account CPM', async () => {
    const data = (await readScanData(db))!;
    const plain = await db.query<{ id: string; account_id: string; audience_type: string; day: string; impressions: number; clicks: number; spend: string; reach: number }>(
      `select a.id, a.account_id, s.audience_type, m.day::text as day, m.impressions, m.clicks, m.spend::text as spend, m.reach
         from ad_daily_metrics m join ads a on a.key = m.ad_key join ad_sets s on s.id = a.ad_set_id
        where a.status <> 'DELETED' order by a.key, m.day`,
    );
    const origin = dayNumber('2026-10-01');
    expect(data.origin).toBe(origin);
    expect(data.dayCount).toBe(30);
    expect(data.adIds).toHaveLength(ADS); // ADS + the odd id − ad4 (deleted); 'silent' has no rows
    expect(data.adIds).toContain('tab\there');
    expect(data.adIds).not.toContain('ad4');
    expect(data.adIds).not.toContain('silent');
    expect(data.day).toHaveLength(plain.rows.length);
    let r = 0;
    for (let i = 0; i < data.adIds.length; i++) {
      for (let k = data.offsets[i]!; k < data.offsets[i + 1]!; k++, r++) {
        const p = plain.rows[r]!;
        expect(data.adIds[i]).toBe(p.id);
        expect(data.accountIds[data.account[i]!]).toBe(p.account_id);
        expect(data.audiences[i]).toBe(p.audience_type);
        expect([data.day[k], data.impressions[k], data.clicks[k], data.spend[k], data.reach[k]]).toEqual([
          dayNumber(p.day) - origin,
          p.impressions,
          p.clicks,
          Number(p.spend),
          p.reach,
        ]);
      }
    }
    expect(r).toBe(plain.rows.length);
    expect(data.spend).toContain(5000000000123);
    // Each ad's days strictly increase (the out-of-order rows were put back in place).
    for (let i = 0; i < data.adIds.length; i++) for (let k = data.offsets[i]! + 1; k < data.offsets[i + 1]!; k++) expect(data.day[k]!).toBeGreaterThan(data.day[k - 1]!);
    const cpm = await db.query<{ account_id: string; day: string; cpm: number }>(
      `select a.account_id, m.day::text as day, sum(m.spend)::float8 * 1000 / sum(m.impressions) as cpm
         from ad_daily_metrics m join ads a on a.key = m.ad_key where a.status <> 'DELETED' group by 1, 2`,
    );
    for (const c of cpm.rows) {
      const v = data.accountCpm[data.accountIds.indexOf(c.account_id) * data.dayCount + dayNumber(c.day) - origin]!;
      expect(v / c.cpm).toBeCloseTo(1, 9);
    }
  });

  it('reads the same when the rows are split over several aggregate groups (the huge-table path)', async () => {
    const whole = (await readScanData(db))!;
    const split = (await readScanData(db, { maxRowsPerGroup: 5_000 }))!;
    // The table holds ~37k rows, so the size bound asks for well over one group.
    const groups = await db.query<{ n: number }>(`select ceil(pg_relation_size('ad_daily_metrics') / 64.0 / 5000)::int as n`);
    expect(groups.rows[0]!.n).toBeGreaterThan(3);
    expect(split.adIds).toEqual(whole.adIds);
    expect(Array.from(split.offsets)).toEqual(Array.from(whole.offsets));
    for (const k of ['day', 'impressions', 'clicks', 'spend', 'reach'] as const) expect(Array.from(split[k])).toEqual(Array.from(whole[k]));
    expect(Array.from(split.accountCpm)).toEqual(Array.from(whole.accountCpm));
  });

  it('reads the same with ad key and day as two columns (workspaces past 32,767 ad keys or outside 2000–2179)', async () => {
    const packed = (await readScanData(db))!;
    const apart = (await readScanData(db, { packKeyAndDay: false }))!;
    expect(apart.adIds).toEqual(packed.adIds);
    expect(apart.origin).toBe(packed.origin);
    expect(Array.from(apart.offsets)).toEqual(Array.from(packed.offsets));
    for (const k of ['day', 'impressions', 'clicks', 'spend', 'reach'] as const) expect(Array.from(apart[k])).toEqual(Array.from(packed[k]));
    // The split groups and the two-column form together too.
    const both = (await readScanData(db, { packKeyAndDay: false, maxRowsPerGroup: 5_000 }))!;
    expect(Array.from(both.day)).toEqual(Array.from(packed.day));
    const ok = { bytes: 0, minKey: 1, maxKey: 32_767, firstDay: 0, lastDay: 65_535 };
    expect(canPackKeyAndDay(ok)).toBe(true);
    expect(canPackKeyAndDay({ ...ok, maxKey: 32_768 })).toBe(false);
    expect(canPackKeyAndDay({ ...ok, firstDay: -1 })).toBe(false); // a day before 2000
    expect(canPackKeyAndDay({ ...ok, lastDay: 65_536 })).toBe(false);
    expect(canPackKeyAndDay({ ...ok, maxKey: null })).toBe(false);
  });

  it('an empty workspace reads as null', async () => {
    const empty = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('fatigue-read-empty')).pgdata });
    try {
      expect(await readScanData(empty)).toBeNull();
    } finally {
      await empty.close();
    }
  });

  it('COPY text rows come back unescaped, with nulls', () => {
    expect(parseCopyText('1\ta\\tb\t\\N\n2\tback\\\\slash\tx\\ny\n')).toEqual([
      ['1', 'a\tb', null],
      ['2', 'back\\slash', 'x\ny'],
    ]);
    expect(parseCopyText('')).toEqual([]);
  });
});
