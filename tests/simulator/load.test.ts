import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { simulate } from '../../workers/simulator/generate';
import { clearWorkspace, loadSimulation } from '../../workers/simulator/load';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('simload')).pgdata });
});
afterAll(async () => db?.close());

const catalog = async () =>
  (
    await db.query<{ def: string }>(
      `select conname || ' ' || pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'ad_daily_metrics'::regclass
       union all select indexdef from pg_indexes where tablename = 'ad_daily_metrics' order by 1`,
    )
  ).rows.map((r) => r.def);

describe('loading a simulation', () => {
  it('loads every row in one transaction and restores the metrics constraints exactly', async () => {
    const before = await catalog();
    const sim = simulate({ seed: 9, ads: 200, days: 30, endDay: '2026-11-24' });
    const counts = await loadSimulation(db, sim);
    expect(counts).toMatchObject({ ads: 200, metricRows: sim.metrics.count, deals: sim.deals.length });
    expect(await catalog()).toEqual(before);

    const rows = await db.query<{ n: number; spend: number; clicks: number }>(
      'select count(*)::int as n, sum(spend)::int8 as spend, sum(clicks)::int8 as clicks from ad_daily_metrics',
    );
    let spend = 0;
    let clicks = 0;
    for (let r = 0; r < sim.metrics.count; r++) {
      spend += sim.metrics.spend[r]!;
      clicks += sim.metrics.clicks[r]!;
    }
    expect(rows.rows[0]).toEqual({ n: sim.metrics.count, spend, clicks });

    // Stage values default to probability × average won amount; the view values deals by them.
    const sv = await db.query<{ stage_id: string; value: number }>(`select stage_id, value::int8 as value from crm_stage_values where pipeline_id = 'default' order by value`);
    expect(sv.rows.length).toBe(5);
    expect(sv.rows[0]!.stage_id).toBe('appointmentscheduled');
    const lost = await db.query<{ v: number }>(`select coalesce(sum(value), 0)::int8 as v from deal_pipeline_values where stage_id = 'closedlost'`);
    expect(lost.rows[0]!.v).toBe(0);
    const won = await db.query<{ v: number; a: number }>(
      `select sum(v.value)::int8 as v, sum(d.amount)::int8 as a from deal_pipeline_values v join crm_deals d on d.id = v.deal_id where v.stage_id = 'closedwon'`,
    );
    expect(won.rows[0]!.v).toBe(won.rows[0]!.a);

    // Unattributed deals are listed, not dropped.
    const attr = await db.query<{ method: string; n: number }>(`select method, count(*)::int as n from attributions group by 1 order by 1`);
    const total = attr.rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBe(sim.deals.length);
    expect(attr.rows.find((r) => r.method === 'none')!.n).toBeGreaterThan(0);
  });

  it('a load that fails part-way leaves nothing behind', async () => {
    await db.transaction((tx) => clearWorkspace(tx));
    const sim = simulate({ seed: 10, ads: 50, days: 14, endDay: '2026-11-24' });
    sim.metrics.clicks[5] = sim.metrics.impressions[5]! + 1; // breaks "clicks ≤ impressions" mid-COPY
    await expect(loadSimulation(db, sim)).rejects.toThrow();
    const left = await db.query<{ n: number }>('select (select count(*) from accounts) + (select count(*) from ads) + (select count(*) from ad_daily_metrics) as n');
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
