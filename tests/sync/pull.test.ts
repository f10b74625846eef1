// A workspace pulled from the emulators through the sync area's handlers, on a real PGlite: it
// equals the simulator's data, a re-sync changes nothing, a restated day is overwritten, deals are
// read incrementally, and a lost token or a malformed reply changes nothing but the status.
import { testAreaDeps } from '../helpers/area-deps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { openDatabase, type Database } from '../../workers/engine/db';
import { syncArea } from '../../workers/engine/areas/sync';
import { workspaceLayout } from '../../workers/engine/layout';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
let emu: Emulators;
let area: ReturnType<typeof syncArea>;
const log = memoryLogger();
const progress: string[] = [];
const ctx: CallContext = { requestId: 't', progress: (step) => progress.push(step) };
const endDay = yesterday();

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('pull')).pgdata });
  emu = await startEmulators({ seed: 11, ads: 80, days: 21, endDay, meta: { emptyPageEvery: 4 } });
  area = syncArea(testAreaDeps(db, log), new MemorySecretStore());
});
afterAll(async () => {
  await emu?.close();
  await db?.close();
});

const run = (source: 'meta' | 'hubspot' | 'all' = 'all') => area['sync.run']({ source, metaUrl: emu.meta.url, hubspotUrl: emu.hubspot.url }, ctx);

async function snapshot() {
  const one = async (sql: string) => (await db.query<Record<string, unknown>>(sql)).rows[0]!;
  return {
    metrics: await one('select count(*)::int as rows, sum(spend)::bigint::text as spend, sum(clicks)::int as clicks, sum(impressions)::int as impressions, sum(reach)::int as reach from ad_daily_metrics'),
    structure: await one('select (select count(*)::int from campaigns) c, (select count(*)::int from ad_sets) s, (select count(*)::int from ads) a, (select count(*)::int from ad_creatives) cr, (select count(*)::int from accounts) acc'),
    crm: await one('select (select count(*)::int from crm_deals) d, (select sum(amount)::bigint::text from crm_deals) amount, (select count(*)::int from crm_stages) st, (select count(*)::int from crm_contact_sources) cs'),
    cursors: (await db.query('select source, account_id, cursor from sync_state order by 1, 2')).rows,
  };
}

function simSums() {
  const m = emu.sim.metrics;
  let spend = 0, clicks = 0, impressions = 0, reach = 0;
  for (let r = 0; r < m.count; r++) {
    spend += m.spend[r]!;
    clicks += m.clicks[r]!;
    impressions += m.impressions[r]!;
    reach += m.reach[r]!;
  }
  return { rows: m.count, spend: String(spend), clicks, impressions, reach };
}

describe('sync into the workspace', () => {
  it('is not connected without tokens', async () => {
    const out = await run();
    expect(out.results.map((r) => r.status)).toEqual(['not-connected', 'not-connected']);
    const status = await area['sync.status']({}, ctx);
    expect(status.sources.map((s) => s.connected)).toEqual([false, false]);
  });

  it('pulls a workspace that equals the simulator’s data', async () => {
    await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
    await area['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: emu.hubspot.url }, ctx);
    const out = await run();
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const [meta, hub] = out.results;
    expect(meta).toMatchObject({ accounts: 1, ads: emu.sim.ads.length, insightRows: emu.sim.metrics.count, skippedRows: 0 });
    expect(hub).toMatchObject({ deals: emu.sim.deals.length, stages: emu.sim.stages.length, contactSources: emu.sim.deals.length, skippedDeals: 0 });
    const s = await snapshot();
    expect(s.metrics).toEqual(simSums());
    expect(s.structure).toEqual({ c: emu.sim.campaigns.length, s: emu.sim.adSets.length, a: emu.sim.ads.length, cr: emu.sim.ads.length, acc: 1 });
    expect(s.crm).toEqual({ d: emu.sim.deals.length, amount: String(emu.sim.deals.reduce((x, d) => x + d.amount, 0)), st: emu.sim.stages.length, cs: emu.sim.deals.length });
    const budgets = await db.query<{ id: string; daily_budget: string | null }>('select id, daily_budget::text from ad_sets');
    for (const set of emu.sim.adSets) expect(budgets.rows.find((r) => r.id === set.id)!.daily_budget).toBe(set.dailyBudget === null ? null : String(set.dailyBudget));
    const won = await db.query<{ n: number }>(`select count(*)::int n from crm_stages where is_won`);
    expect(won.rows[0]!.n).toBe(emu.sim.stages.filter((x) => x.isWon).length);
    expect(progress).toContain('meta insights');
    expect(JSON.stringify(log.lines)).not.toContain('test-token');
  });

  it('re-syncs idempotently, re-reading only the trailing window', async () => {
    const before = await snapshot();
    const out = await run();
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const window = out.results[0]!;
    expect(window.since! > emu.sim.days[0]!).toBe(true);
    expect(window.insightRows).toBeLessThan(emu.sim.metrics.count / 2);
    expect(out.results[1]!.deals).toBeLessThanOrEqual(2); // only the boundary deal(s) of the inclusive cursor
    const after = await snapshot();
    expect({ ...after, cursors: null }).toEqual({ ...before, cursors: null });
  });

  it('overwrites a restated day', async () => {
    const ad = emu.sim.ads.find((a) => emu.meta.data.rows(a.accountId, endDay, endDay).some((r) => emu.sim.ads[r.adIndex]!.id === a.id && r.impressions > 100))!;
    emu.meta.data.restate(ad.id, endDay, { spend: 987_654, clicks: 77 });
    await run('meta');
    const r = await db.query<{ spend: string; clicks: number }>(`select m.spend::text, m.clicks from ad_daily_metrics m join ads a on a.key = m.ad_key where a.id = $1 and m.day = $2`, [ad.id, endDay]);
    expect(r.rows[0]).toEqual({ spend: '987654', clicks: 77 });
  });

  it('reads changed deals incrementally with their new stage and amount', async () => {
    const deal = emu.sim.deals.find((d) => d.stageId !== 'closedwon' && d.pipelineId === 'default')!;
    emu.hubspot.touchDeal(deal.id, { dealstage: 'closedwon', amount: '4321.09' });
    const out = await run('hubspot');
    expect(out.results[0]!.deals).toBeLessThanOrEqual(3);
    const r = await db.query<{ stage_id: string; amount: string }>('select stage_id, amount::text from crm_deals where id = $1', [deal.id]);
    expect(r.rows[0]).toEqual({ stage_id: 'closedwon', amount: '432109' });
  });

  it('a malformed reply mid-pull changes nothing', async () => {
    const before = await snapshot();
    emu.meta.data.restate(emu.sim.ads[0]!.id, endDay, { spend: 1 });
    emu.meta.inject({ kind: 'malformed', path: '/insights' });
    const out = await run('meta');
    expect(out.results[0]).toMatchObject({ status: 'failed', error: { kind: 'malformed-reply' } });
    expect(await snapshot()).toEqual(before);
    const status = await area['sync.status']({}, ctx);
    expect(status.sources[0]!.lastError?.kind).toBe('malformed-reply');
  });

  it('an expired token stops the pull and shows reconnect needed until a new token is stored', async () => {
    const before = await snapshot();
    emu.meta.expireToken();
    emu.hubspot.expireToken();
    const out = await run();
    expect(out.results.map((r) => r.status)).toEqual(['reconnect-needed', 'reconnect-needed']);
    expect(await snapshot()).toEqual(before);
    let status = await area['sync.status']({}, ctx);
    expect(status.sources.map((s) => s.reconnectNeeded)).toEqual([true, true]);
    emu.meta.setToken('meta-new-token');
    await area['sync.connect']({ source: 'meta', token: 'meta-new-token', url: emu.meta.url }, ctx);
    status = await area['sync.status']({}, ctx);
    expect(status.sources.map((s) => s.reconnectNeeded)).toEqual([false, true]);
    expect((await run('meta')).results[0]!.status).toBe('ok');
  });
});
