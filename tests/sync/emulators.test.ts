// The emulators behave as EXTERNAL-APIS.md says the real services do (spoken to with plain fetch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type Emulators } from '../emulators';

let emu: Emulators;
const META = { authorization: 'Bearer meta-test-token' };
const HUB = { authorization: 'Bearer hubspot-test-token', 'content-type': 'application/json' };

beforeAll(async () => {
  emu = await startEmulators({ seed: 3, ads: 40, days: 14, endDay: '2026-11-20', meta: { emptyPageEvery: 2 }, hubspot: { searchResultLimit: 50, searchPerSecond: 0 } });
});
afterAll(async () => emu?.close());

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('Meta emulator', () => {
  const acct = () => emu.sim.accounts[0]!.id;

  it('pages ad-level daily insights with string numbers, an empty page that still has next, and absolute next links', async () => {
    let url: string | undefined = `${emu.meta.url}/v25.0/act_${acct()}/insights?level=ad&time_increment=1&limit=100&fields=ad_id,impressions,clicks,spend,actions&time_range=${encodeURIComponent(JSON.stringify({ since: '2026-11-07', until: '2026-11-20' }))}`;
    let rows = 0;
    let empty = 0;
    let spend = 0;
    while (url) {
      const body = await json(await fetch(url, { headers: META }));
      const data = body.data as Array<Record<string, unknown>>;
      if (data.length === 0 && (body.paging as { next?: string }).next) empty++;
      for (const r of data) {
        expect(typeof r.impressions).toBe('string');
        expect(typeof r.spend).toBe('string');
        expect(r.date_start).toBe(r.date_stop);
        spend += Math.round(Number(r.spend) * 100);
      }
      rows += data.length;
      url = (body.paging as { next?: string } | undefined)?.next;
      if (url) expect(url.startsWith(emu.meta.url)).toBe(true);
    }
    const m = emu.sim.metrics;
    expect(rows).toBe(m.count);
    expect(empty).toBeGreaterThan(0);
    expect(spend).toBe(Array.from(m.spend.subarray(0, m.count)).reduce((a, b) => a + b, 0));
  });

  it('sends the usage headers and answers a bad token with code 190 in a 400', async () => {
    const ok = await fetch(`${emu.meta.url}/v25.0/act_${acct()}/campaigns`, { headers: META });
    expect(JSON.parse(ok.headers.get('x-business-use-case-usage')!)[acct()][0].type).toBe('ads_management');
    expect(ok.headers.get('x-app-usage')).toContain('call_count');
    const bad = await fetch(`${emu.meta.url}/v25.0/act_${acct()}/campaigns`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(400);
    expect(((await json(bad)).error as { code: number }).code).toBe(190);
    const old = await fetch(`${emu.meta.url}/v19.0/act_${acct()}/campaigns`, { headers: META });
    expect(((await json(old)).error as { code: number }).code).toBe(2635);
  });

  it('runs async reports to Completed, and Failed on demand', async () => {
    const form = new URLSearchParams({ level: 'ad', time_increment: '1', fields: 'ad_id,spend', time_range: JSON.stringify({ since: '2026-11-19', until: '2026-11-20' }) });
    const post = await json(await fetch(`${emu.meta.url}/v25.0/act_${acct()}/insights`, { method: 'POST', headers: { ...META, 'content-type': 'application/x-www-form-urlencoded' }, body: form }));
    const id = post.report_run_id as string;
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await json(await fetch(`${emu.meta.url}/v25.0/${id}`, { headers: META }))).async_status as string);
    expect(statuses).toEqual(['Job Not Started', 'Job Running', 'Job Completed']);
    const page = await json(await fetch(`${emu.meta.url}/v25.0/${id}/insights?limit=1000`, { headers: META }));
    expect((page.data as unknown[]).length).toBeGreaterThan(0);
    emu.meta.failNextReport('Failed');
    const failed = await json(await fetch(`${emu.meta.url}/v25.0/act_${acct()}/insights`, { method: 'POST', headers: { ...META, 'content-type': 'application/x-www-form-urlencoded' }, body: form }));
    let last = '';
    for (let i = 0; i < 3; i++) last = (await json(await fetch(`${emu.meta.url}/v25.0/${failed.report_run_id as string}`, { headers: META }))).async_status as string;
    expect(last).toBe('Job Failed');
  });

  it('limits an ad set to 4 budget edits an hour (code 17) and refuses budgets under the minimum', async () => {
    const set = [...emu.meta.data.adSets.values()].find((s) => s.dailyBudget !== null)!;
    const post = (v: number) => fetch(`${emu.meta.url}/v25.0/${set.id}`, { method: 'POST', headers: { ...META, 'content-type': 'application/x-www-form-urlencoded' }, body: `daily_budget=${v}` });
    const low = await json(await post(50));
    expect((low.error as { code: number }).code).toBe(100);
    for (let i = 0; i < 4; i++) expect(await json(await post(10_000 + i))).toEqual({ success: true });
    const fifth = await post(20_000);
    expect(fifth.status).toBe(400);
    expect(((await json(fifth)).error as { code: number }).code).toBe(17);
    expect(set.dailyBudget).toBe(10_003);
    expect(emu.meta.writes.filter((w) => w.id === set.id)).toHaveLength(4);
    const min = await json(await fetch(`${emu.meta.url}/v25.0/act_${acct()}/minimum_budgets`, { headers: META }));
    expect((min.data as Array<{ min_daily_budget_imp: number }>)[0]!.min_daily_budget_imp).toBe(100);
  });

  it('answers a batch item by item and refuses more than 50', async () => {
    const ad = [...emu.meta.data.ads.values()][0]!;
    const batch = [{ method: 'POST', relative_url: ad.id, body: 'status=PAUSED' }, { method: 'GET', relative_url: 'nope' }];
    const res = (await (await fetch(`${emu.meta.url}/v25.0/`, { method: 'POST', headers: { ...META, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ batch: JSON.stringify(batch) }) })).json()) as Array<{ code: number; body: string }>;
    expect(res.map((r) => r.code)).toEqual([200, 400]);
    expect(JSON.parse(res[0]!.body)).toEqual({ success: true });
    expect(ad.status).toBe('PAUSED');
    const tooMany = await fetch(`${emu.meta.url}/v25.0/`, { method: 'POST', headers: { ...META, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ batch: JSON.stringify(Array.from({ length: 51 }, () => batch[1])) }) });
    expect(((await json(tooMany)).error as { code: number }).code).toBe(100);
  });

  it('injects faults by configuration', async () => {
    emu.meta.inject({ kind: 'rate-limit', path: '/campaigns', regainMinutes: 3 }, { kind: 'malformed', path: '/campaigns' });
    const limited = await fetch(`${emu.meta.url}/v25.0/act_${acct()}/campaigns`, { headers: META });
    expect(((await json(limited)).error as { code: number }).code).toBe(80004);
    expect(JSON.parse(limited.headers.get('x-business-use-case-usage')!)[acct()][0].estimated_time_to_regain_access).toBe(3);
    const broken = await fetch(`${emu.meta.url}/v25.0/act_${acct()}/campaigns`, { headers: META });
    await expect(broken.json()).rejects.toThrow();
  });
});

describe('HubSpot emulator', () => {
  it('serves date-versioned pipelines with string probabilities', async () => {
    const body = await json(await fetch(`${emu.hubspot.url}/crm/pipelines/2026-03/deals`, { headers: HUB }));
    const stages = (body.results as Array<{ stages: Array<{ id: string; metadata: { probability: string; isClosed: string } }> }>).flatMap((p) => p.stages);
    expect(stages.find((s) => s.id === 'closedwon')!.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(typeof stages[0]!.metadata.probability).toBe('string');
    const v3 = await fetch(`${emu.hubspot.url}/crm/pipelines/2025-01/deals`, { headers: HUB });
    expect(v3.status).toBe(404);
  });

  it('lists with after and limit ≤ 100, with the rate-limit headers', async () => {
    const res = await fetch(`${emu.hubspot.url}/crm/objects/2026-03/deals?limit=100&properties=amount`, { headers: HUB });
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('190');
    expect(Number(res.headers.get('x-hubspot-ratelimit-remaining'))).toBeLessThan(190);
    const bad = await fetch(`${emu.hubspot.url}/crm/objects/2026-03/deals?limit=101`, { headers: HUB });
    expect(bad.status).toBe(400);
  });

  it('refuses a search past its result limit with a 400', async () => {
    const search = (after: number) => fetch(`${emu.hubspot.url}/crm/objects/2026-03/deals/search`, { method: 'POST', headers: HUB, body: JSON.stringify({ sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }], limit: 25, after: String(after) }) });
    expect((await search(25)).status).toBe(200);
    const beyond = await search(26);
    expect(beyond.status).toBe(400);
    expect((await json(beyond)).category).toBe('VALIDATION_ERROR');
  });

  it('reads deal → contact associations and contacts with their source properties', async () => {
    const deal = emu.sim.deals[0]!;
    const a = await json(await fetch(`${emu.hubspot.url}/crm/v4/associations/deals/contacts/batch/read`, { method: 'POST', headers: HUB, body: JSON.stringify({ inputs: [{ id: deal.id }] }) }));
    const to = (a.results as Array<{ to: Array<{ toObjectId: number }> }>)[0]!.to[0]!.toObjectId;
    expect(String(to)).toBe(deal.contact.id);
    const c = await json(await fetch(`${emu.hubspot.url}/crm/objects/2026-03/contacts/batch/read`, { method: 'POST', headers: HUB, body: JSON.stringify({ inputs: [{ id: String(to) }], properties: ['hs_analytics_source', 'hs_analytics_first_url'] }) }));
    expect((c.results as Array<{ properties: Record<string, unknown> }>)[0]!.properties).toEqual({ hs_analytics_source: deal.contact.source, hs_analytics_first_url: deal.contact.firstUrl });
  });

  it('answers 429 with Retry-After, and 401 for an expired token', async () => {
    emu.hubspot.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const limited = await fetch(`${emu.hubspot.url}/crm/pipelines/2026-03/deals`, { headers: HUB });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await json(limited)).policyName).toBe('TEN_SECONDLY_ROLLING');
    emu.hubspot.expireToken();
    const expired = await fetch(`${emu.hubspot.url}/crm/pipelines/2026-03/deals`, { headers: HUB });
    expect(expired.status).toBe(401);
    emu.hubspot.setToken('hubspot-test-token');
  });
});
