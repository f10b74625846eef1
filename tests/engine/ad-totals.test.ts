import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { readAdTotals } from '../../workers/engine/services/ad-totals';
import { loadSimulation, simulate } from '../../workers/simulator';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('totals')).pgdata });
  await loadSimulation(db, simulate({ seed: 12, ads: 120, days: 30, endDay: '2026-11-24' }));
});
afterAll(async () => db?.close());

describe('readAdTotals', () => {
  it('equals the plain numeric aggregate, ad by ad, exactly', async () => {
    const fast = await readAdTotals(db);
    const plain = await db.query<{ ad_key: number; spend: string; clicks: string; impressions: string }>(
      'select ad_key, sum(spend) as spend, sum(clicks) as clicks, sum(impressions) as impressions from ad_daily_metrics group by ad_key',
    );
    expect(fast.adKey.length).toBe(plain.rows.length);
    const byKey = new Map(plain.rows.map((r) => [Number(r.ad_key), r]));
    for (let j = 0; j < fast.adKey.length; j++) {
      const r = byKey.get(fast.adKey[j]!)!;
      expect(fast.spend[j]).toBe(Number(r.spend));
      expect(fast.clicks[j]).toBe(Number(r.clicks));
      expect(fast.impressions[j]).toBe(Number(r.impressions));
      expect(fast.ctr[j]).toBeCloseTo(Number(r.clicks) / Number(r.impressions), 12);
    }
  });
});
