// The HubSpot client against the HubSpot emulator (sharing a fake clock, so the emulator's
// 10-second and per-second windows and the client's waits agree without real waiting).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotClient, type CrmDealRecord } from '../../sync';
import { simulate } from '../../workers/simulator';
import { startHubSpotEmulator, type HubSpotEmulator } from '../emulators';
import { fakeClock, type FakeClock } from './fake-clock';

const sim = simulate({ seed: 7, ads: 120, days: 30, endDay: '2026-11-20' });
const clock: FakeClock = fakeClock();
let emu: HubSpotEmulator;

beforeAll(async () => {
  emu = await startHubSpotEmulator({ sim, searchResultLimit: 60, searchPerSecond: 4, tenSecondMax: 100, now: clock.now });
});
afterAll(async () => emu?.close());
beforeEach(() => {
  emu.faults.clear();
  clock.waits.length = 0;
});

function client(token = 'hubspot-test-token') {
  return new HubSpotClient({
    baseUrl: emu.url,
    version: '2026-03',
    token,
    runtime: { now: clock.now, sleep: clock.sleep, random: clock.random },
    policy: { timeoutMs: 5000, maxAttempts: 4, baseBackoffMs: 1000 },
    searchResultLimit: 60,
    searchPageSize: 20,
  });
}

async function allDeals(c: HubSpotClient, since = 0): Promise<CrmDealRecord[]> {
  const byId = new Map<string, CrmDealRecord>();
  for await (const page of c.dealsModifiedSince(since)) for (const d of page) byId.set(d.id, d);
  return [...byId.values()];
}

describe('HubSpot client', () => {
  it('reads pipelines, turning string probabilities into numbers and closed-at-1 into won', async () => {
    const pipelines = await client().pipelines();
    expect(pipelines.map((p) => p.id).sort()).toEqual(sim.pipelines.map((p) => p.id).sort());
    const stages = pipelines.flatMap((p) => p.stages);
    expect(stages).toHaveLength(sim.stages.length);
    expect(stages.find((s) => s.id === 'closedwon')).toMatchObject({ probability: 1, isClosed: true, isWon: true });
    expect(stages.find((s) => s.id === 'qualifiedtobuy')).toMatchObject({ probability: 0.4, isClosed: false, isWon: false });
  });

  it('reads every deal by hs_lastmodifieddate, restarting the search window before the result cap', async () => {
    expect(sim.deals.length).toBeGreaterThan(150);
    const before = emu.requests.filter((r) => r.path.endsWith('/search')).length;
    const deals = await allDeals(client());
    expect(deals).toHaveLength(sim.deals.length);
    expect(deals.reduce((s, d) => s + (d.amount ?? 0), 0)).toBe(sim.deals.reduce((s, d) => s + d.amount, 0));
    const searches = emu.requests.filter((r) => r.path.endsWith('/search')).slice(before);
    expect(searches.every((r) => r.status === 200)).toBe(true); // never asked past the cap, never over 4/s
    const bodies = searches.map((r) => JSON.parse(r.body) as { after: string; limit: number; filterGroups: Array<{ filters: Array<{ value: string }> }> });
    expect(Math.max(...bodies.map((b) => Number(b.after) + b.limit))).toBeLessThanOrEqual(60);
    const windows = new Set(bodies.map((b) => b.filterGroups[0]!.filters[0]!.value));
    expect(windows.size).toBeGreaterThanOrEqual(Math.floor(sim.deals.length / 60)); // restarted before each 60
    expect(clock.waits.filter((w) => w === 250).length).toBeGreaterThan(0); // ~4 searches per second
  });

  it('reads only deals modified since the cursor', async () => {
    const d = sim.deals[3]!;
    const since = clock.now() + 1;
    clock.waits.push(0);
    await clock.sleep(10);
    emu.touchDeal(d.id, { dealstage: 'closedwon', amount: '1234.56' });
    const changed = await allDeals(client(), since);
    expect(changed.map((x) => x.id)).toEqual([d.id]);
    expect(changed[0]).toMatchObject({ stageId: 'closedwon', amount: 123_456 });
  });

  it('reads the source data of deals’ contacts', async () => {
    const ids = sim.deals.slice(0, 150).map((d) => d.id);
    const sources = await client().contactSources(ids);
    expect(sources).toHaveLength(150);
    const byDeal = new Map(sources.map((s) => [s.dealId, s]));
    for (const d of sim.deals.slice(0, 150)) {
      expect(byDeal.get(d.id)).toMatchObject({ contactId: d.contact.id, source: d.contact.source, firstUrl: d.contact.firstUrl, facebookClickId: d.contact.facebookClickId });
    }
  });

  it('waits Retry-After on 429 and retries 5xx, losing nothing', async () => {
    emu.inject({ kind: 'rate-limit', path: '/pipelines', retryAfterSeconds: 7 }, { kind: 'server-error', path: '/pipelines', status: 502 });
    expect(await client().pipelines()).toHaveLength(sim.pipelines.length);
    expect(clock.waits).toContain(7000);
    expect(clock.waits).toContain(1500); // the 5xx: second attempt's backoff
  });

  it('paces itself from X-HubSpot-RateLimit-Remaining instead of hitting the 10-second limit', async () => {
    const c = client();
    const before = emu.requests.length;
    for (let i = 0; i < 120; i++) await c.pipelines();
    const statuses = emu.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(clock.waits.filter((w) => w > 0 && w < 10_000).length).toBeGreaterThan(0); // spaced out near the limit
  });

  it('turns 401 into reconnect-needed and a malformed reply into malformed-reply', async () => {
    await expect(client('expired').pipelines()).rejects.toMatchObject({ kind: 'reconnect-needed', status: 401, attempts: 1 });
    emu.inject({ kind: 'malformed', path: '/search' });
    await expect(allDeals(client())).rejects.toMatchObject({ kind: 'malformed-reply' });
  });
});
