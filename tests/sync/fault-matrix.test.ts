// The fault matrix: each injected fault × (Meta pull, HubSpot pull, push). Retryable faults are
// waited out as the service says and lose no data; the others change nothing and say why; no
// change is ever written twice (the emulator counts writes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore, MetaClient } from '../../sync';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { approve, propose } from '../../workers/engine/services/approvals';
import { pushApproved } from '../../workers/engine/services/sync/push';
import { runSync, type SyncDeps } from '../../workers/engine/services/sync/run';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import type { Fault } from '../emulators/shared/http';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';
import { fakeClock } from './fake-clock';

const clock = fakeClock(Date.now());
const endDay = yesterday();
let db: Database;
let emu: Emulators;
let deps: SyncDeps;
let key = 0;
const policy = { timeoutMs: 400, maxAttempts: 4, baseBackoffMs: 1000 };
const runtime = { now: clock.now, sleep: clock.sleep, random: clock.random };

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('matrix')).pgdata });
  emu = await startEmulators({ seed: 13, ads: 150, days: 8, endDay, hubspot: { now: clock.now } });
  const secrets = new MemorySecretStore();
  await secrets.set('meta:default', 'meta-test-token');
  await secrets.set('hubspot:default', 'hubspot-test-token');
  deps = { db, log: memoryLogger(), secrets, meta: { runtime, policy, pollIntervalMs: 1000 }, hubspot: { runtime, policy } };
  const first = await runSync(deps, { source: 'all', metaUrl: emu.meta.url, hubspotUrl: emu.hubspot.url }, () => undefined);
  expect(first.results.map((r) => r.status)).toEqual(['ok', 'ok']);
});
afterAll(async () => {
  await emu?.close();
  await db?.close();
});

async function dbState() {
  const r = await db.query<Record<string, unknown>>(
    `select (select sum(spend)::bigint::text from ad_daily_metrics) spend, (select count(*)::int from ad_daily_metrics) rows,
            (select string_agg(id || ':' || stage_id || ':' || coalesce(amount::text, ''), ',' order by id) from crm_deals) deals,
            (select count(*)::int from crm_contact_sources) contacts`,
  );
  return r.rows[0]!;
}

function emulatorSpend(): string {
  const acct = emu.sim.accounts[0]!.id;
  return String(emu.meta.data.rows(acct, emu.sim.days[0]!, endDay).reduce((s, r) => s + r.spend, 0));
}

const retried: Array<[string, Fault, number | null]> = [
  ['rate limit (80000, 1 minute to regain)', { kind: 'rate-limit', regainMinutes: 1 }, 60_000],
  ['rate limit (613, 0 minutes → backoff)', { kind: 'rate-limit', code: 613, regainMinutes: 0 }, 750],
  ['HTTP 503', { kind: 'server-error' }, 750],
  ['code 2 (transient)', { kind: 'transient', code: 2 }, 750],
  ['timeout', { kind: 'timeout', hangMs: 1500 }, 750],
];
const refused: Array<[string, Fault, string]> = [
  ['malformed JSON', { kind: 'malformed' }, 'failed'],
  ['token expired (190)', { kind: 'token-expired' }, 'reconnect-needed'],
  ['code 100 (invalid parameter)', { kind: 'error', code: 100 }, 'failed'],
];

describe('fault × Meta pull', () => {
  it.each(retried)('%s: waited out, nothing lost', async (_name, fault, wait) => {
    const ad = emu.sim.ads[key++ % emu.sim.ads.length]!;
    const row = emu.meta.data.rows(ad.accountId, endDay, endDay)[0]!;
    emu.meta.data.restate(emu.sim.ads[row.adIndex]!.id, endDay, { spend: row.spend + 101 });
    emu.meta.inject({ ...fault, path: '/insights' });
    clock.waits.length = 0;
    const out = await runSync(deps, { source: 'meta', metaUrl: emu.meta.url }, () => undefined);
    expect(out.results[0]!.status).toBe('ok');
    if (wait !== null) expect(clock.waits).toContain(wait);
    expect((await dbState()).spend).toBe(emulatorSpend());
  });

  it.each(refused)('%s: nothing changes, the status says why', async (_name, fault, status) => {
    const before = await dbState();
    const row = emu.meta.data.rows(emu.sim.accounts[0]!.id, endDay, endDay)[1]!;
    emu.meta.data.restate(emu.sim.ads[row.adIndex]!.id, endDay, { spend: row.spend + 7 });
    emu.meta.inject({ ...fault, path: '/insights', times: 10 });
    const out = await runSync(deps, { source: 'meta', metaUrl: emu.meta.url }, () => undefined);
    expect(out.results[0]!.status).toBe(status);
    expect(await dbState()).toEqual(before);
    emu.meta.faults.clear();
  });
});

describe('fault × HubSpot pull', () => {
  const hub: Array<[string, Fault, string, number | null]> = [
    ['429 with Retry-After 3', { kind: 'rate-limit', retryAfterSeconds: 3 }, 'ok', 3000],
    ['HTTP 502', { kind: 'server-error', status: 502 }, 'ok', 750],
    ['timeout', { kind: 'timeout', hangMs: 1500 }, 'ok', 750],
    ['malformed JSON', { kind: 'malformed' }, 'failed', null],
    ['401 expired token', { kind: 'token-expired' }, 'reconnect-needed', null],
  ];
  it.each(hub)('%s', async (_name, fault, status, wait) => {
    const before = await dbState();
    const deal = emu.sim.deals[key++ % emu.sim.deals.length]!;
    await clock.sleep(5);
    emu.hubspot.touchDeal(deal.id, { amount: `${100 + key}.00` });
    emu.hubspot.inject({ ...fault, path: '/search', times: status === 'ok' ? 1 : 10 });
    clock.waits.length = 0;
    const out = await runSync(deps, { source: 'hubspot', hubspotUrl: emu.hubspot.url }, () => undefined);
    expect(out.results[0]!.status).toBe(status);
    const amount = await db.query<{ amount: string }>('select amount::text from crm_deals where id = $1', [deal.id]);
    if (status === 'ok') {
      expect(amount.rows[0]!.amount).toBe(String((100 + key) * 100));
      if (wait !== null) expect(clock.waits).toContain(wait);
    } else {
      expect(await dbState()).toEqual(before);
    }
    emu.hubspot.faults.clear();
  });
});

describe('fault × push', () => {
  const faults: Array<[string, Fault, 'failed' | 'pushing']> = [
    ['code 17 edit limit', { kind: 'rate-limit', code: 17 }, 'failed'],
    ['HTTP 503 (reply lost)', { kind: 'server-error' }, 'failed'],
    ['timeout (reply lost)', { kind: 'timeout', hangMs: 1500 }, 'failed'],
    ['code 2 (transient)', { kind: 'transient', code: 2 }, 'failed'],
    ['malformed reply', { kind: 'malformed' }, 'failed'],
    ['token expired (190)', { kind: 'token-expired' }, 'pushing'],
  ];
  it.each(faults)('%s: at most one write, and a clear end state', async (_name, fault, state) => {
    const ad = emu.sim.ads[100 + key++]!;
    const { change } = await propose(db, { accountId: ad.accountId, targetType: 'ad', targetId: ad.id, changeType: 'pause', origin: 'user', reason: 'matrix', idempotencyKey: `m-${ad.id}` });
    await approve(db, { ids: [change.id] });
    emu.meta.inject({ ...fault, path: `/${ad.id}`, method: 'POST' });
    const client = new MetaClient({ baseUrl: emu.meta.url, version: 'v25.0', token: 'meta-test-token', runtime, policy });
    const out = await pushApproved(db, client, deps.log);
    expect(out.find((o) => o.id === change.id)!.state).toBe(state);
    expect(emu.meta.writes.filter((w) => w.id === ad.id).length).toBeLessThanOrEqual(1);
    if (state === 'pushing') {
      const settled = await pushApproved(db, client, deps.log);
      expect(settled.find((o) => o.id === change.id)!.state).toBe('applied');
    }
    expect(emu.meta.writes.filter((w) => w.id === ad.id).length).toBeLessThanOrEqual(1);
  });
});
