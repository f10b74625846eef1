// sync.connect checks a token with the service before keeping it, against the emulators and a real
// PGlite: a good token is stored with the service's own "who is this" (Meta's user and ad
// accounts, HubSpot's portal); a refused token (Meta 190, HubSpot 401) is TokenRefused and an
// unreachable or failing service ServiceUnavailable — and in both cases nothing is stored, not
// even over a token that was already there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdloopError, type CallContext } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { syncArea } from '../../workers/engine/areas/sync';
import { connectionsArea } from '../../workers/engine/areas/connections';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { testAreaDeps } from '../helpers/area-deps';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
let emu: Emulators;
let secrets: MemorySecretStore;
let area: ReturnType<typeof syncArea>;
const log = memoryLogger();
const ctx: CallContext = { requestId: 't', progress: () => undefined };
// Short waits: the retries are the same, only quicker.
const quick = { policy: { baseBackoffMs: 5, capBackoffMs: 20, timeoutMs: 1_000 } };

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('sync-connect')).pgdata });
  emu = await startEmulators({ seed: 21, ads: 30, days: 5, endDay: yesterday(), meta: { user: { id: '100012345678901', name: 'Jane Buyer' } } });
  secrets = new MemorySecretStore();
  area = syncArea(testAreaDeps(db, log), secrets, { connect: { meta: quick, hubspot: quick } });
});
afterAll(async () => {
  await emu?.close();
  await db?.close();
});

const statusOf = async (source: 'meta' | 'hubspot') => (await area['sync.status']({}, ctx)).sources.find((s) => s.source === source)!;
const connectError = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('sync.connect succeeded');
    },
    (e: unknown) => e as AdloopError,
  );

/** A port nothing listens on: bound once, then closed. */
async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

describe('the emulators answer who a token belongs to, in the services’ shapes', () => {
  it('Meta GET /me: id and name (id always), an unknown field is code 100, a bad token code 190', async () => {
    const get = (path: string, token = 'meta-test-token') => fetch(`${emu.meta.url}/v25.0/${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await (await get('me?fields=id,name')).json()).toEqual({ id: '100012345678901', name: 'Jane Buyer' });
    expect(await (await get('me?fields=name')).json()).toEqual({ id: '100012345678901', name: 'Jane Buyer' });
    const unknown = await get('me?fields=id,birthday');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: number } }).error.code).toBe(100);
    const refused = await get('me?fields=id,name', 'EAAwrong-token');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: number; type: string } }).error).toMatchObject({ code: 190, type: 'OAuthException' });
  });

  it('HubSpot account details on the v3 and the date-versioned path, 401 for a bad token', async () => {
    for (const version of ['v3', '2026-03']) {
      const res = await fetch(`${emu.hubspot.url}/account-info/${version}/details`, { headers: { authorization: 'Bearer hubspot-test-token' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hubspot-ratelimit-remaining')).not.toBeNull();
      expect(await res.json()).toEqual({
        portalId: 4817331,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18000000,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
    }
    const refused = await fetch(`${emu.hubspot.url}/account-info/v3/details`, { headers: { authorization: 'Bearer nope-nope-nope' } });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
  });
});

describe('sync.connect', () => {
  it('Meta: a good token is stored with the user’s name and the ad accounts it sees', async () => {
    const account = emu.sim.accounts[0]!;
    const out = await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
    const expected = emu.sim.accounts.length === 1 ? `Jane Buyer · ${account.name} (act_${account.id})` : `Jane Buyer · ${emu.sim.accounts.length} ad accounts`;
    expect(out).toMatchObject({ source: 'meta', stored: true, store: 'memory', connectedAs: expected });
    expect(out.identity).toEqual({
      source: 'meta',
      userId: '100012345678901',
      userName: 'Jane Buyer',
      adAccounts: emu.sim.accounts.map((a) => ({ id: a.id, name: a.name, currency: a.currency })),
    });
    expect(await secrets.get('meta:default')).toBe('meta-test-token');
    const s = await statusOf('meta');
    expect(s).toMatchObject({ connected: true, connectedAs: expected, reconnectNeeded: false });
    expect(Date.now() - Date.parse(s.connectedSince!)).toBeLessThan(60_000);
    // Asked before storing: /me and the ad accounts.
    expect(emu.meta.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/v25.0/me', '/v25.0/me/adaccounts']));
  });

  it('Meta: a refused token (190) is TokenRefused and leaves the stored token and label as they were', async () => {
    const before = await statusOf('meta');
    const e = await connectError(area['sync.connect']({ source: 'meta', token: 'EAAexpired-token-0123', url: emu.meta.url }, ctx));
    expect(e).toBeInstanceOf(AdloopError);
    expect(e.code).toBe('TokenRefused');
    expect(e.message).toContain('Meta refused the token; nothing was stored');
    expect(e.details).toMatchObject({ source: 'meta', kind: 'reconnect-needed', serviceCode: 190 });
    expect(await secrets.get('meta:default')).toBe('meta-test-token');
    expect(await statusOf('meta')).toEqual(before);
  });

  it('Meta: an expired token (the emulator’s token expiry) on a fresh workspace stores nothing at all', async () => {
    const fresh = new MemorySecretStore();
    const other = syncArea(testAreaDeps(db, log), fresh, { connect: { meta: quick } });
    await other['sync.disconnect']({ source: 'meta' }, ctx);
    emu.meta.expireToken();
    try {
      const e = await connectError(other['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx));
      expect(e.code).toBe('TokenRefused');
    } finally {
      emu.meta.setToken('meta-test-token');
    }
    expect(await fresh.get('meta:default')).toBeNull();
    expect((await other['sync.status']({}, ctx)).sources.find((s) => s.source === 'meta')).toMatchObject({ connected: false, connectedAs: null, connectedSince: null });
    const row = await db.query<{ connected_as: string | null; identity: unknown }>(`select connected_as, identity from sync_state where source = 'meta' and account_id = '*'`);
    expect(row.rows[0]).toEqual({ connected_as: null, identity: null });
    // Put the first area's connection back for the tests below.
    await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
  });

  it('HubSpot: a good token is stored as its portal; a sandbox says so', async () => {
    const out = await area['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: emu.hubspot.url }, ctx);
    expect(out).toMatchObject({ source: 'hubspot', stored: true, connectedAs: 'HubSpot portal 4817331' });
    expect(out.identity).toEqual({ source: 'hubspot', portalId: 4817331, accountType: 'STANDARD', timeZone: 'US/Eastern', currency: 'USD', uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' });
    expect(await statusOf('hubspot')).toMatchObject({ connected: true, connectedAs: 'HubSpot portal 4817331' });
    expect(emu.hubspot.requests.some((r) => r.path === '/account-info/2026-03/details' && r.status === 200)).toBe(true);

    const sandbox = await startEmulators({ seed: 21, ads: 6, days: 2, endDay: yesterday(), hubspot: { portal: { portalId: 99, accountType: 'DEVELOPER_TEST' } } });
    try {
      const other = syncArea(testAreaDeps(db, log), new MemorySecretStore(), { connect: { hubspot: quick } });
      expect((await other['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: sandbox.hubspot.url }, ctx)).connectedAs).toBe('HubSpot portal 99 (developer test)');
    } finally {
      await sandbox.close();
      // That connect wrote the shared connection row: write the first portal back.
      await area['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: emu.hubspot.url }, ctx);
    }
  });

  it('HubSpot: an expired token (401) is TokenRefused; the stored token stays', async () => {
    emu.hubspot.expireToken();
    try {
      const e = await connectError(area['sync.connect']({ source: 'hubspot', token: 'hubspot-new-token', url: emu.hubspot.url }, ctx));
      expect(e.code).toBe('TokenRefused');
      expect(e.details).toMatchObject({ source: 'hubspot', kind: 'reconnect-needed', status: 401 });
    } finally {
      emu.hubspot.setToken('hubspot-test-token');
    }
    expect(await secrets.get('hubspot:default')).toBe('hubspot-test-token');
    expect((await statusOf('hubspot')).connectedAs).toBe('HubSpot portal 4817331');
  });

  it('a brief 5xx is retried and the token is stored; a service that stays down is ServiceUnavailable and nothing is stored', async () => {
    emu.meta.inject({ kind: 'server-error', path: '/me', times: 1 });
    expect((await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx)).connectedAs).toMatch(/^Jane Buyer · /);

    // A good token the service cannot vouch for right now: a fresh store stays empty.
    const fresh = new MemorySecretStore();
    const other = syncArea(testAreaDeps(db, log), fresh, { connect: { meta: quick, hubspot: quick } });
    const label = (await statusOf('hubspot')).connectedAs;
    emu.hubspot.inject({ kind: 'server-error', path: '/account-info/', times: 3 });
    const e = await connectError(other['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: emu.hubspot.url }, ctx));
    expect(e.code).toBe('ServiceUnavailable');
    expect(e.message).toContain('HubSpot is having trouble');
    expect(e.details).toMatchObject({ source: 'hubspot', kind: 'transient', status: 502 });
    expect(await fresh.get('hubspot:default')).toBeNull();
    expect((await statusOf('hubspot')).connectedAs).toBe(label);
  });

  it('a malformed reply and a hanging request are ServiceUnavailable too', async () => {
    const fresh = new MemorySecretStore();
    const other = syncArea(testAreaDeps(db, log), fresh, { connect: { meta: quick } });
    emu.meta.inject({ kind: 'malformed', path: '/me' });
    const malformed = await connectError(other['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx));
    expect(malformed).toMatchObject({ code: 'ServiceUnavailable', details: { kind: 'malformed-reply' } });

    emu.meta.inject({ kind: 'timeout', path: '/me', times: 3, hangMs: 5_000 });
    const hung = await connectError(other['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx));
    expect(hung).toMatchObject({ code: 'ServiceUnavailable', details: { kind: 'transient' } });
    expect(hung.message).toContain('timed out');
    expect(await fresh.get('meta:default')).toBeNull();
  });

  it('no server at the address: ServiceUnavailable, nothing stored', async () => {
    const fresh = new MemorySecretStore();
    const other = syncArea(testAreaDeps(db, log), fresh, { connect: { hubspot: quick } });
    const e = await connectError(other['sync.connect']({ source: 'hubspot', token: 'hubspot-test-token', url: await deadUrl() }, ctx));
    expect(e).toMatchObject({ code: 'ServiceUnavailable', details: { source: 'hubspot', kind: 'transient' } });
    expect(e.message).toContain('network error');
    expect(await fresh.get('hubspot:default')).toBeNull();
  });

  it('the token is in no log line; disconnect forgets the label with the token', async () => {
    expect(JSON.stringify(log.lines)).not.toMatch(/meta-test-token|hubspot-test-token|EAAexpired/);
    expect(log.lines.some((l) => l.msg === 'sync connected' && l.connectedAs === 'HubSpot portal 4817331')).toBe(true);
    await area['sync.disconnect']({ source: 'hubspot' }, ctx);
    expect(await statusOf('hubspot')).toMatchObject({ connected: false, connectedAs: null, connectedSince: null });
    const row = await db.query<{ connected_as: string | null }>(`select connected_as from sync_state where source = 'hubspot' and account_id = '*'`);
    expect(row.rows[0]?.connected_as).toBeNull();
  });

  it('connections.status (the desktop keychain rows) names the owner Connect learned', async () => {
    // The desktop shell stores ciphertext without a label; the label comes from sync.connect.
    const conns = connectionsArea(testAreaDeps(db, log));
    await conns['secrets.putCiphertext']({ name: 'meta.token', ciphertext: 'Y2lwaGVy', backend: 'safeStorage:test' }, ctx);
    const meta = (await conns['connections.status']({}, ctx)).find((c) => c.provider === 'meta');
    expect(meta).toMatchObject({ connected: true, connectedAs: (await statusOf('meta')).connectedAs });
    await conns['secrets.delete']({ name: 'meta.token' }, ctx);
  });
});
