// Meta and HubSpot replies a client must not trust: HTML error pages sent with 200, JSON missing
// fields, and paging that loops or leads elsewhere. Each must end in a typed ApiError (never a
// hang, never the token sent to a host that is not the service's).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotClient, MetaClient } from '../../sync';
import { serveJson, type Reply, type RequestInfo, type RunningServer } from '../emulators/shared/http';

const policy = { timeoutMs: 2_000, maxAttempts: 2, baseBackoffMs: 1 };
const runtime = { sleep: async () => undefined };

let handle: (req: RequestInfo) => Reply = () => ({ status: 404, body: {} });
const seen: RequestInfo[] = [];
let service: RunningServer;
let elsewhere: RunningServer;
const elsewhereHits: RequestInfo[] = [];
beforeAll(async () => {
  service = await serveJson((req) => (seen.push(req), handle(req)));
  elsewhere = await serveJson((req) => (elsewhereHits.push(req), { status: 200, body: { data: [] } }));
});
afterAll(async () => {
  await service?.close();
  await elsewhere?.close();
});

const meta = () => new MetaClient({ baseUrl: service.url, version: 'v25.0', token: 'meta-secret-token', runtime, policy });
const hubspot = () => new HubSpotClient({ baseUrl: service.url, version: '2026-03', token: 'hubspot-secret-token', runtime, policy });
const campaign = { id: '1', name: 'C', status: 'ACTIVE' };

async function apiError(p: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { kind: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('Meta replies', () => {
  it('an HTML error page sent with 200 is a malformed reply', async () => {
    handle = () => ({ status: 200, body: null, raw: '<!DOCTYPE html><html><body>Sorry, something went wrong</body></html>', headers: { 'content-type': 'text/html' } });
    expect(await apiError(meta().campaigns('1'))).toMatchObject({ kind: 'malformed-reply' });
  });

  it('a page without its data array is a malformed reply', async () => {
    handle = () => ({ status: 200, body: { paging: {} } });
    expect(await apiError(meta().campaigns('1'))).toMatchObject({ kind: 'malformed-reply' });
  });

  it('paging.next that returns to the first page is refused, not followed forever', async () => {
    handle = (req) => ({ status: 200, body: { data: [campaign], paging: { next: `${service.url}${req.path}?after=A&limit=500` } } });
    seen.length = 0;
    expect(await apiError(meta().campaigns('1'))).toMatchObject({ kind: 'malformed-reply' });
    expect(seen.length).toBeLessThan(5);
  });

  it('paging.next that loops with the same cursor under a different query is refused', async () => {
    let n = 0;
    handle = (req) => ({ status: 200, body: { data: [campaign], paging: { next: `${service.url}${req.path}?after=SAME&limit=500&n=${n++}` } } });
    seen.length = 0;
    expect(await apiError(meta().campaigns('1'))).toMatchObject({ kind: 'malformed-reply' });
    expect(seen.length).toBeLessThan(5);
  });

  it('paging.next on another host is refused before the token is sent there', async () => {
    handle = () => ({ status: 200, body: { data: [campaign], paging: { next: `${elsewhere.url}/v25.0/act_1/campaigns?after=B` } } });
    elsewhereHits.length = 0;
    expect(await apiError(meta().campaigns('1'))).toMatchObject({ kind: 'malformed-reply' });
    expect(elsewhereHits).toEqual([]);
  });
});

describe('HubSpot replies', () => {
  it('an HTML page with 200 and a reply missing results are malformed replies', async () => {
    handle = () => ({ status: 200, body: null, raw: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } });
    expect(await apiError(hubspot().pipelines())).toMatchObject({ kind: 'malformed-reply' });
    handle = () => ({ status: 200, body: { nope: true } });
    expect(await apiError(hubspot().pipelines())).toMatchObject({ kind: 'malformed-reply' });
  });
});

describe('Meta insight rows with impossible values', () => {
  const insightRow = (over: Record<string, string>) => ({ ad_id: '5', adset_id: '4', campaign_id: '3', date_start: '2026-11-01', date_stop: '2026-11-01', impressions: '100', clicks: '3', spend: '1.50', ...over });
  async function readInsights() {
    const out: unknown[] = [];
    for await (const p of meta().insights({ id: '1', currencyOffset: 100 }, '2026-11-01', '2026-11-01')) out.push(...p);
    return out;
  }
  it.each([
    ['negative impressions', { impressions: '-5' }],
    ['negative spend', { spend: '-1.00' }],
    ['impressions past a 32-bit count', { impressions: '99999999999' }],
    ['an impossible day', { date_start: '2026-02-31', date_stop: '2026-02-31' }],
  ])('%s is a malformed reply, not a database error later', async (_what, over) => {
    handle = () => ({ status: 200, body: { data: [insightRow(over)] } });
    expect(await apiError(readInsights())).toMatchObject({ kind: 'malformed-reply' });
  });
});

describe('HubSpot deals with impossible values', () => {
  const deal = (over: Record<string, string>) => ({
    id: '77',
    properties: { dealname: 'D', pipeline: 'default', dealstage: 'appointmentscheduled', createdate: '2026-11-01T10:00:00Z', hs_lastmodifieddate: '2026-11-02T10:00:00Z', amount: '100', ...over },
  });
  async function readDeals() {
    const out: unknown[] = [];
    for await (const p of hubspot().dealsModifiedSince(0)) out.push(...p);
    return out;
  }
  it.each([
    ['a currency that is not ISO 4217', { deal_currency_code: 'euro' }],
    ['an amount that is not a number', { amount: '12,5 k' }],
    ['a creation date that is not a date', { createdate: 'yesterday' }],
  ])('%s is a malformed reply', async (_what, over) => {
    handle = () => ({ status: 200, body: { total: 1, results: [deal(over)] } });
    expect(await apiError(readDeals())).toMatchObject({ kind: 'malformed-reply' });
  });

  it('a negative amount (a refund booked as a deal) is read without an amount, and the pull goes on', async () => {
    handle = () => ({ status: 200, body: { total: 2, results: [deal({ amount: '-100.00' }), { ...deal({}), id: '78' }] } });
    const deals = (await readDeals()) as Array<{ id: string; amount: number | null }>;
    expect(deals.map((d) => [d.id, d.amount])).toEqual([['77', null], ['78', 10_000]]);
  });
});
