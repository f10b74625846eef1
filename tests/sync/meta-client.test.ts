// The Meta client against the Meta emulator: the pull is complete and exact, and each injected
// fault gets the treatment EXTERNAL-APIS.md prescribes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, MetaClient, type MetaInsightRecord } from '../../sync';
import { simulate } from '../../workers/simulator';
import { startMetaEmulator, type MetaEmulator } from '../emulators';
import { fakeClock, type FakeClock } from './fake-clock';

const sim = simulate({ seed: 5, ads: 30, days: 10, endDay: '2026-11-20' });
const account = { id: sim.accounts[0]!.id, currencyOffset: 100 };
let emu: MetaEmulator;
let clock: FakeClock;

beforeAll(async () => {
  emu = await startMetaEmulator({ sim, emptyPageEvery: 3, syncRowLimit: 250 });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  emu.faults.clear();
  emu.forceUsage(null);
  clock = fakeClock();
});

function client(opts: { token?: string; timeoutMs?: number } = {}) {
  return new MetaClient({
    baseUrl: emu.url,
    version: 'v25.0',
    token: opts.token ?? 'meta-test-token',
    runtime: { now: clock.now, sleep: clock.sleep, random: clock.random },
    policy: { timeoutMs: opts.timeoutMs ?? 5000, maxAttempts: 4, baseBackoffMs: 1000 },
    pageSize: 40,
    pollIntervalMs: 3000,
  });
}

async function collect(c: MetaClient, since: string, until: string, modes: string[] = []): Promise<MetaInsightRecord[]> {
  const out: MetaInsightRecord[] = [];
  for await (const page of c.insights(account, since, until, (m) => modes.push(m))) out.push(...page);
  return out;
}

function simTotals(since: string, until: string) {
  const m = sim.metrics;
  let rows = 0;
  let spend = 0;
  let clicks = 0;
  for (let r = 0; r < m.count; r++) {
    const d = sim.days[m.day[r]!]!;
    if (d < since || d > until) continue;
    rows++;
    spend += m.spend[r]!;
    clicks += m.clicks[r]!;
  }
  return { rows, spend, clicks };
}

const sums = (rows: MetaInsightRecord[]) => ({ rows: rows.length, spend: rows.reduce((s, r) => s + r.spend, 0), clicks: rows.reduce((s, r) => s + r.clicks, 0) });

describe('Meta client', () => {
  it('reads the structure with budgets, statuses and creatives, and the minimum budget', async () => {
    const c = client();
    const [campaigns, adSets, ads, creatives] = await Promise.all([c.campaigns(account.id), c.adSets(account.id), c.ads(account.id), c.creatives(account.id)]);
    expect(campaigns).toHaveLength(sim.campaigns.length);
    expect(adSets).toHaveLength(sim.adSets.length);
    expect(ads).toHaveLength(sim.ads.length);
    expect(creatives).toHaveLength(sim.ads.length);
    const cbo = sim.campaigns.find((x) => x.budgetMode === 'CBO');
    if (cbo) expect(campaigns.find((x) => x.id === cbo.id)!.dailyBudget).toBe(cbo.dailyBudget);
    const abo = sim.adSets.find((s) => s.dailyBudget !== null)!;
    expect(adSets.find((s) => s.id === abo.id)!.dailyBudget).toBe(abo.dailyBudget);
    expect(await c.minimumBudget(account.id, 'USD')).toBe(100);
    expect(await c.account(account.id)).toMatchObject({ id: account.id, currency: 'USD', currencyOffset: 100 });
  });

  it('reads daily insights exactly (spend in minor units), following empty pages', async () => {
    const modes: string[] = [];
    const rows = await collect(client(), '2026-11-18', '2026-11-20', modes);
    expect(modes).toEqual(['sync']);
    expect(sums(rows)).toEqual(simTotals('2026-11-18', '2026-11-20'));
    expect(new Set(rows.map((r) => `${r.adId}:${r.day}`)).size).toBe(rows.length);
  });

  it('switches to an async report when Meta says the range is too much (100/1487534)', async () => {
    const modes: string[] = [];
    const rows = await collect(client(), '2026-11-11', '2026-11-20', modes);
    expect(modes).toEqual(['sync', 'async']);
    expect(sums(rows)).toEqual(simTotals('2026-11-11', '2026-11-20'));
    expect(clock.waits.filter((w) => w === 3000).length).toBeGreaterThan(0); // polled with the interval
  });

  it('reports a Failed or Skipped async report as report-failed', async () => {
    emu.failNextReport('Skipped');
    await expect(collect(client(), '2026-11-11', '2026-11-20')).rejects.toMatchObject({ kind: 'report-failed' });
  });

  it('retries 5xx and codes 1/2/1504043 with growing jittered backoff, losing nothing', async () => {
    emu.inject({ kind: 'server-error', path: '/insights', times: 2 }, { kind: 'transient', code: 1504043, path: '/insights' });
    const rows = await collect(client(), '2026-11-19', '2026-11-20');
    expect(sums(rows)).toEqual(simTotals('2026-11-19', '2026-11-20'));
    expect(clock.waits.slice(0, 3)).toEqual([750, 1500, 3000]); // base·2^n × (0.5 + random/2), random = 0.5
  });

  it('waits estimated_time_to_regain_access on 80000, then continues', async () => {
    emu.inject({ kind: 'rate-limit', path: '/insights', regainMinutes: 2 });
    const rows = await collect(client(), '2026-11-20', '2026-11-20');
    expect(sums(rows)).toEqual(simTotals('2026-11-20', '2026-11-20'));
    expect(clock.waits).toContain(120_000);
  });

  it('backs off when a rate-limit code says 0 minutes (codes 4, 17, 613)', async () => {
    emu.inject({ kind: 'rate-limit', code: 613, path: '/campaigns', regainMinutes: 0 }, { kind: 'rate-limit', code: 4, path: '/campaigns', regainMinutes: 0 });
    expect(await client().campaigns(account.id)).toHaveLength(sim.campaigns.length);
    expect(clock.waits.slice(0, 2)).toEqual([750, 1500]);
  });

  it('slows down as usage passes 75 % and stops at 100 % until access is regained', async () => {
    const c = client();
    emu.forceUsage(90);
    await c.campaigns(account.id);
    await c.adSets(account.id);
    expect(c.gate.state(`meta:${account.id}`).spacingMs).toBe(1200);
    expect(clock.waits).toContain(1200);
    emu.forceUsage(100);
    await c.campaigns(account.id);
    await c.ads(account.id);
    expect(clock.waits).toContain(60_000);
  });

  it('does not retry code 100 (invalid parameter)', async () => {
    emu.inject({ kind: 'error', code: 100, path: '/adsets', times: 5 });
    const before = emu.requests.length;
    await expect(client().adSets(account.id)).rejects.toMatchObject({ kind: 'invalid-request', code: 100, attempts: 1 });
    expect(emu.requests.length - before).toBe(1);
  });

  it('turns 190 into reconnect-needed without retrying', async () => {
    await expect(client({ token: 'revoked' }).campaigns(account.id)).rejects.toMatchObject({ kind: 'reconnect-needed', code: 190 });
    emu.inject({ kind: 'token-expired', path: '/ads' });
    await expect(client().ads(account.id)).rejects.toBeInstanceOf(ApiError);
  });

  it('types a malformed reply as malformed-reply', async () => {
    emu.inject({ kind: 'malformed', path: '/campaigns' });
    await expect(client().campaigns(account.id)).rejects.toMatchObject({ kind: 'malformed-reply' });
  });

  it('retries a read that timed out', async () => {
    emu.inject({ kind: 'timeout', path: '/adcreatives', hangMs: 3000 });
    expect(await client({ timeoutMs: 300 }).creatives(account.id)).toHaveLength(sim.ads.length);
    expect(clock.waits).toContain(750);
  });

  it('never repeats a write: a lost reply is an error, a code-17 edit limit is not retried', async () => {
    const set = sim.adSets.find((s) => s.dailyBudget !== null)!;
    const c = client();
    emu.inject({ kind: 'server-error', path: `/${set.id}`, method: 'POST' });
    await expect(c.setDailyBudget(set.id, account.id, 12_345)).rejects.toMatchObject({ kind: 'transient', attempts: 1 });
    for (let i = 0; i < 4; i++) await c.setDailyBudget(set.id, account.id, 20_000 + i);
    await expect(c.setDailyBudget(set.id, account.id, 30_000)).rejects.toMatchObject({ kind: 'rate-limited', code: 17, attempts: 1 });
    expect(emu.writes.filter((w) => w.id === set.id).map((w) => w.value)).toEqual(['20000', '20001', '20002', '20003']);
    expect((await c.readHolder(set.id, account.id)).dailyBudget).toBe(20_003);
  });
});
