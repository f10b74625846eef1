// pipeline.timeline on a simulated workspace in a real PGlite: the periods add up to
// pipeline.summary's totals, deals fall in the period of their create date (checked against the
// deals list), a changed stage value moves the line, and bad requests are typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methods, type ParsedInput } from '../../contract';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { runAttribution } from '../../workers/engine/services/pipeline/attribute';
import { setStageValues } from '../../workers/engine/services/pipeline/stage-values';
import { listDeals, pipelineSummary } from '../../workers/engine/services/pipeline/summary';
import { pipelineTimeline } from '../../workers/engine/services/pipeline/timeline';
import { simulate } from '../../workers/simulator/generate';
import { loadSimulation } from '../../workers/simulator/load';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
const parse = (input: unknown) => methods['pipeline.timeline'].input.parse(input) as ParsedInput<'pipeline.timeline'>;
const timeline = (input: unknown) => pipelineTimeline(db, parse(input));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Monday of the ISO week of a timestamp, YYYY-MM-DD (UTC). */
function weekOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('timeline')).pgdata });
  await loadSimulation(db, simulate({ seed: 5, ads: 60, days: 35, endDay: '2026-11-20' }));
  await db.transaction((tx) => runAttribution(tx, { windowDays: 7 }));
});
afterAll(async () => db?.close());

describe('pipeline.timeline', () => {
  it('the workspace by week adds up to the summary totals, in contiguous Monday-aligned weeks', async () => {
    const t = await timeline({ granularity: 'week' });
    const s = await pipelineSummary(db, { level: 'campaign', minConfidence: 0, limit: 500 });
    expect(t).toMatchObject({ level: 'workspace', id: null, name: 'All campaigns', dealDate: 'created', currency: s.currency });
    expect(sum(t.points.map((p) => p.spend))).toBe(s.totals.spend);
    expect(sum(t.points.map((p) => p.pipelineValue))).toBe(s.totals.pipelineValue);
    const last = t.points.at(-1)!;
    expect(last.cumulativeSpend).toBe(s.totals.spend);
    expect(last.cumulativeRoas).toBeCloseTo(s.totals.pipelineRoas!, 10);
    for (const [i, p] of t.points.entries()) {
      expect(new Date(`${p.period}T00:00:00Z`).getUTCDay()).toBe(1);
      if (i > 0) expect(Date.parse(p.period) - Date.parse(t.points[i - 1]!.period)).toBe(7 * 86_400_000);
      expect(p.pipelineRoas).toBe(p.spend > 0 ? p.pipelineValue / p.spend : null);
    }
  });

  it('a campaign by week: its deals in the weeks of their create dates, its totals its summary row', async () => {
    const s = await pipelineSummary(db, { level: 'campaign', minConfidence: 0, limit: 500 });
    const top = s.rows[0]!;
    const t = await timeline({ level: 'campaign', id: top.id, granularity: 'week' });
    expect(t.name).toBe(top.name);
    expect(sum(t.points.map((p) => p.spend))).toBe(top.spend);
    expect(sum(t.points.map((p) => p.pipelineValue))).toBe(top.pipelineValue);
    const deals = await listDeals(db, { campaignId: top.id, limit: 5000, offset: 0 } as ParsedInput<'pipeline.deals'>);
    expect(deals.total).toBe(top.deals);
    const perWeek = new Map<string, { n: number; value: number }>();
    for (const d of deals.deals) {
      const w = perWeek.get(weekOf(d.createdAt)) ?? { n: 0, value: 0 };
      perWeek.set(weekOf(d.createdAt), { n: w.n + 1, value: w.value + d.value });
    }
    for (const p of t.points) expect([p.period, p.deals, p.pipelineValue]).toEqual([p.period, perWeek.get(p.period)?.n ?? 0, perWeek.get(p.period)?.value ?? 0]);
  });

  it('an ad by day over a from/to window: one point per day, zeros included', async () => {
    const ad = (await pipelineSummary(db, { level: 'ad', minConfidence: 0, limit: 1 })).rows[0]!;
    const t = await timeline({ level: 'ad', id: ad.id, granularity: 'day', from: '2026-11-01', to: '2026-11-20' });
    expect(t.points.map((p) => p.period)).toEqual(Array.from({ length: 20 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`));
    const month = await timeline({ level: 'ad', id: ad.id, granularity: 'month' });
    expect(sum(month.points.map((p) => p.pipelineValue))).toBe(ad.pipelineValue);
  });

  it('follows a changed stage value (recomputed on read)', async () => {
    const before = await timeline({ granularity: 'month' });
    const open = await db.query<{ id: string; n: number }>(
      `select d.stage_id as id, count(*)::int as n from crm_deals d join crm_stages s on s.pipeline_id = d.pipeline_id and s.id = d.stage_id
         join attributions a on a.deal_id = d.id and a.ad_id is not null
        where d.pipeline_id = 'default' and not s.is_closed group by 1 order by 2 desc limit 1`,
    );
    const stage = open.rows[0]!;
    const current = await db.query<{ value: string }>(`select value::text from crm_stage_values where pipeline_id = 'default' and stage_id = $1`, [stage.id]);
    await setStageValues(db, { values: [{ pipelineId: 'default', stageId: stage.id, value: Number(current.rows[0]!.value) + 10_000 }] });
    const after = await timeline({ granularity: 'month' });
    expect(sum(after.points.map((p) => p.pipelineValue)) - sum(before.points.map((p) => p.pipelineValue))).toBe(10_000 * stage.n);
  });

  it('refuses what it cannot chart with typed errors', async () => {
    expect(() => parse({ level: 'campaign' })).toThrow(/give the id/);
    expect(() => parse({ id: 'x1' })).toThrow(/give the id/);
    expect(() => parse({ granularity: 'hour' })).toThrow();
    await expect(timeline({ level: 'ad_set', id: '999' })).rejects.toMatchObject({ code: 'NotFound', message: 'There is no ad set 999 in this workspace.' });
    await expect(timeline({ granularity: 'day', from: '2020-01-01', to: '2026-11-20' })).rejects.toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('coarser granularity') });
  });
});
