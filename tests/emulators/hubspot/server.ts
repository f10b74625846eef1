// A HubSpot CRM emulator on a real HTTP server, serving the simulator's pipelines, deals and
// contacts. What it honours (../shared/docs/EXTERNAL-APIS.md): date-versioned paths
// (/crm/objects/2026-03/deals, /crm/pipelines/2026-03/deals); list with `after` and limit ≤ 100;
// search (limit ≤ 200) filtered and sorted on hs_lastmodifieddate with at most 10,000 results per
// query (400 beyond) and ~4 requests/s; pipelines whose stage metadata are strings; deal → contact
// associations (v4 batch read) and contacts batch read with hs_analytics_source* and
// hs_analytics_first_url; X-HubSpot-RateLimit-* headers and 429 with Retry-After; 401 on a bad or
// expired token; error bodies {status:"error", message, correlationId, category}; the portal's
// account details (/account-info/v3/details and the date-versioned path), which Connect reads.
import { randomUUID } from 'node:crypto';
import type { Simulation } from '../../../workers/simulator';
import { FaultQueue, minorToDecimal, parseBody, serveJson, type Fault, type Reply, type RequestInfo, type RunningServer } from '../shared/http';

export interface HubSpotEmulatorOptions {
  sim: Simulation;
  versions?: string[];
  token?: string;
  /** Requests per rolling 10 s (100 Free/Starter, 190 Pro/Enterprise). */
  tenSecondMax?: number;
  dailyMax?: number;
  /** Search requests per second before a 429 (HubSpot: about 4). 0 = unlimited. */
  searchPerSecond?: number;
  /** Results one search query may page through (HubSpot: 10,000). */
  searchResultLimit?: number;
  /** The portal GET /account-info/{version}/details describes. */
  portal?: Partial<HubSpotPortal>;
  now?: () => number;
}

/** The account-info details reply (HubSpot's field names). */
export interface HubSpotPortal {
  portalId: number;
  accountType: 'STANDARD' | 'SANDBOX' | 'DEVELOPER_TEST' | 'APP_DEVELOPER';
  timeZone: string;
  companyCurrency: string;
  additionalCurrencies: string[];
  utcOffset: string;
  utcOffsetMilliseconds: number;
  uiDomain: string;
  dataHostingLocation: string;
}

export interface HubDeal {
  id: string;
  props: Record<string, string | null>;
  createdAt: string;
  updatedAt: number; // ms, = hs_lastmodifieddate
  contactIds: string[];
}

export interface HubSpotEmulator extends RunningServer {
  deals: Map<string, HubDeal>;
  contacts: Map<string, Record<string, string | null>>;
  faults: FaultQueue;
  requests: Array<{ method: string; path: string; status: number; body: string }>;
  inject(...faults: Fault[]): void;
  /** Changes a deal the way a salesperson would: new properties and a new hs_lastmodifieddate. */
  touchDeal(id: string, props: Record<string, string | null>): void;
  expireToken(): void;
  setToken(token: string): void;
}

const DEAL_PROPS = ['dealname', 'amount', 'dealstage', 'pipeline', 'createdate', 'closedate', 'hs_lastmodifieddate', 'deal_currency_code', 'hs_analytics_source', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'hs_object_id'];

/** A stable spread of modification times within the day (HubSpot timestamps are milliseconds). */
function jitterMs(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return (h % 36_000) * 1000 + (h % 997);
}

export async function startHubSpotEmulator(opts: HubSpotEmulatorOptions): Promise<HubSpotEmulator> {
  const sim = opts.sim;
  const versions = opts.versions ?? ['2026-03'];
  const now = opts.now ?? Date.now;
  const faults = new FaultQueue();
  const requests: HubSpotEmulator['requests'] = [];
  const tenMax = opts.tenSecondMax ?? 190;
  const dailyMax = opts.dailyMax ?? 1_000_000;
  const searchPerSecond = opts.searchPerSecond ?? 4;
  const searchLimit = opts.searchResultLimit ?? 10_000;
  let token = opts.token ?? 'hubspot-test-token';
  let expired = false;
  const recent: number[] = [];
  const recentSearch: number[] = [];
  let daily = 0;

  const offset = (currency: string) => sim.accounts.find((a) => a.currency === currency)?.offset ?? 100;
  const dayMs = (d: number) => Date.parse(`${sim.days[d]}T12:00:00Z`);
  const deals = new Map<string, HubDeal>();
  const contacts = new Map<string, Record<string, string | null>>();
  for (const d of sim.deals) {
    const created = dayMs(d.createdDay) + jitterMs(d.id) / 4;
    const modified = (d.closedDay === null ? created : dayMs(d.closedDay) + jitterMs(d.id));
    deals.set(d.id, {
      id: d.id,
      createdAt: new Date(created).toISOString(),
      updatedAt: modified,
      contactIds: [d.contact.id],
      props: {
        dealname: d.name,
        amount: minorToDecimal(d.amount, offset('USD')),
        dealstage: d.stageId,
        pipeline: d.pipelineId,
        createdate: new Date(created).toISOString(),
        closedate: d.closedDay === null ? null : new Date(dayMs(d.closedDay)).toISOString(),
        hs_lastmodifieddate: new Date(modified).toISOString(),
        deal_currency_code: 'USD',
        hs_analytics_source: d.contact.source,
        hs_analytics_source_data_1: d.contact.sourceData1,
        hs_analytics_source_data_2: d.contact.sourceData2,
        hs_object_id: d.id,
      },
    });
    contacts.set(d.contact.id, {
      hs_object_id: d.contact.id,
      createdate: new Date(created).toISOString(),
      hs_analytics_source: d.contact.source,
      hs_analytics_source_data_1: d.contact.sourceData1,
      hs_analytics_source_data_2: d.contact.sourceData2,
      hs_analytics_first_url: d.contact.firstUrl,
      hs_facebook_click_id: d.contact.facebookClickId,
    });
  }

  const problem = (status: number, message: string, category: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply => ({
    status,
    body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
    headers,
  });

  function limitHeaders(): Record<string, string> {
    return {
      'x-hubspot-ratelimit-max': String(tenMax),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, tenMax - recent.length)),
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': String(dailyMax),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, dailyMax - daily)),
    };
  }

  const tooMany = (policy: string, retryAfter: number, headers: Record<string, string> = {}) =>
    problem(429, `You have reached your ${policy.toLowerCase()} limit.`, 'RATE_LIMITS', { errorType: 'RATE_LIMIT', policyName: policy }, { 'retry-after': String(retryAfter), ...headers });

  function faultReply(f: Fault): Reply | 'hang' {
    switch (f.kind) {
      case 'rate-limit':
        return tooMany('TEN_SECONDLY_ROLLING', f.retryAfterSeconds ?? 1, limitHeaders());
      case 'server-error':
      case 'transient':
        return problem(f.status ?? 502, 'Bad gateway', 'INTERNAL_ERROR');
      case 'timeout':
        return 'hang';
      case 'malformed':
        return { status: 200, raw: '{"results":[{"id":"1","properties":', body: null };
      case 'token-expired':
        return problem(401, 'The OAuth token used to make this call expired.', 'EXPIRED_AUTHENTICATION');
      case 'error':
        return problem(400, 'Invalid input', 'VALIDATION_ERROR');
    }
  }

  function dealJson(d: HubDeal, properties: string[]) {
    const props: Record<string, string | null> = {};
    for (const p of properties.length ? properties : ['dealname', 'amount', 'dealstage', 'pipeline', 'createdate', 'closedate', 'hs_lastmodifieddate', 'hs_object_id']) {
      if (p in d.props) props[p] = d.props[p] ?? null;
    }
    return { id: d.id, properties: props, createdAt: d.createdAt, updatedAt: new Date(d.updatedAt).toISOString(), archived: false };
  }

  function search(req: RequestInfo, body: Record<string, unknown>): Reply {
    const t = now();
    while (recentSearch.length && recentSearch[0]! <= t - 1000) recentSearch.shift();
    if (searchPerSecond > 0 && recentSearch.length >= searchPerSecond) return tooMany('SECONDLY', 1);
    recentSearch.push(t);
    const limit = Number(body.limit ?? 10);
    const after = Number(body.after ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return problem(400, 'limit must be between 1 and 200', 'VALIDATION_ERROR');
    if (!Number.isInteger(after) || after < 0) return problem(400, 'after must be a non-negative integer', 'VALIDATION_ERROR');
    if (after + limit > searchLimit) return problem(400, `The search API returns at most ${searchLimit} results per query; narrow the filter.`, 'VALIDATION_ERROR', { subCategory: 'SearchValidationError.TOO_MANY_RESULTS' });
    let list = [...deals.values()];
    const groups = (body.filterGroups ?? []) as Array<{ filters?: Array<{ propertyName?: string; operator?: string; value?: string; highValue?: string }> }>;
    if (groups.length) {
      list = list.filter((d) =>
        groups.some((g) =>
          (g.filters ?? []).every((f) => {
            if (f.propertyName !== 'hs_lastmodifieddate') return String(d.props[f.propertyName ?? ''] ?? '') === String(f.value ?? '');
            const v = Number(f.value);
            switch (f.operator) {
              case 'GTE': return d.updatedAt >= v;
              case 'GT': return d.updatedAt > v;
              case 'LTE': return d.updatedAt <= v;
              case 'LT': return d.updatedAt < v;
              case 'BETWEEN': return d.updatedAt >= v && d.updatedAt <= Number(f.highValue);
              case 'EQ': return d.updatedAt === v;
              default: return false;
            }
          }),
        ),
      );
    }
    const sort = ((body.sorts ?? []) as Array<{ propertyName?: string; direction?: string }>)[0];
    if (sort?.propertyName === 'hs_lastmodifieddate') list.sort((a, b) => (sort.direction === 'DESCENDING' ? b.updatedAt - a.updatedAt : a.updatedAt - b.updatedAt) || a.id.localeCompare(b.id));
    else list.sort((a, b) => a.id.localeCompare(b.id));
    const slice = list.slice(after, after + limit);
    const properties = (body.properties ?? []) as string[];
    const out: Record<string, unknown> = { total: list.length, results: slice.map((d) => dealJson(d, properties)) };
    if (after + limit < list.length) out.paging = { next: { after: String(after + limit) } };
    // HubSpot's search endpoints do not send the X-HubSpot-RateLimit-* headers.
    return { status: 200, body: out };
  }

  function handle(req: RequestInfo): Reply | 'hang' {
    const body = parseBody(req);
    const t = now();
    while (recent.length && recent[0]! <= t - 10_000) recent.shift();
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith('Bearer ')) return problem(401, 'Authentication credentials not found.', 'INVALID_AUTHENTICATION');
    if (expired || auth.slice(7) !== token) return problem(401, 'Authentication credentials not found. This API supports OAuth 2.0 authentication.', 'INVALID_AUTHENTICATION');
    const fault = faults.take(req);
    if (fault) return faultReply(fault);
    if (recent.length >= tenMax) return tooMany('TEN_SECONDLY_ROLLING', Math.max(1, Math.ceil((recent[0]! + 10_000 - t) / 1000)), limitHeaders());
    if (daily >= dailyMax) return tooMany('DAILY', 3600, limitHeaders());
    recent.push(t);
    daily++;
    const ok = (b: unknown): Reply => ({ status: 200, body: b, headers: limitHeaders() });
    const p = req.path.split('/').filter(Boolean);
    const versionOk = (v: string | undefined) => v !== undefined && versions.includes(v);

    if (p[0] === 'account-info' && (p[1] === 'v3' || versionOk(p[1])) && p[2] === 'details' && p.length === 3 && req.method === 'GET') {
      return ok({
        portalId: 4_817_331,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        additionalCurrencies: [],
        utcOffset: '-05:00',
        utcOffsetMilliseconds: -18_000_000,
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
        ...opts.portal,
      } satisfies HubSpotPortal);
    }
    if (p[0] === 'crm' && p[1] === 'pipelines' && versionOk(p[2]) && p[3] === 'deals' && req.method === 'GET') {
      return ok({
        results: sim.pipelines.map((pl) => ({
          id: pl.id,
          label: pl.label,
          displayOrder: pl.order,
          archived: false,
          createdAt: '2025-01-01T00:00:00Z',
          updatedAt: '2025-01-01T00:00:00Z',
          stages: sim.stages
            .filter((s) => s.pipelineId === pl.id)
            .map((s) => ({ id: s.id, label: s.label, displayOrder: s.order, archived: false, metadata: { isClosed: String(s.isClosed), probability: Number.isInteger(s.probability) ? s.probability.toFixed(1) : String(s.probability) } })),
        })),
      });
    }
    if (p[0] === 'crm' && p[1] === 'objects' && versionOk(p[2]) && p[3] === 'deals') {
      if (p[4] === 'search' && req.method === 'POST') {
        if (body.__invalid) return problem(400, 'Invalid JSON', 'VALIDATION_ERROR');
        return search(req, body);
      }
      if (p.length === 4 && req.method === 'GET') {
        const limit = Number(req.query.get('limit') ?? 10);
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problem(400, 'limit must be between 1 and 100', 'VALIDATION_ERROR');
        const after = req.query.get('after');
        const list = [...deals.values()].sort((a, b) => a.id.localeCompare(b.id));
        const start = after ? list.findIndex((d) => d.id > after) : 0;
        const slice = start < 0 ? [] : list.slice(start, start + limit);
        const properties = (req.query.get('properties') ?? '').split(',').filter(Boolean);
        const out: Record<string, unknown> = { results: slice.map((d) => dealJson(d, properties)) };
        const last = slice.at(-1);
        if (last && start + limit < list.length) {
          const q = new URLSearchParams(req.query);
          q.set('after', last.id);
          out.paging = { next: { after: last.id, link: `http://${req.headers.host}${req.path}?${q}` } };
        }
        return ok(out);
      }
    }
    const assoc = (p[0] === 'crm' && p[1] === 'v4' && p[2] === 'associations' && p[3] === 'deals' && p[4] === 'contacts' && p[5] === 'batch' && p[6] === 'read') ||
      (p[0] === 'crm' && p[1] === 'associations' && versionOk(p[2]) && p[3] === 'deals' && p[4] === 'contacts' && p[5] === 'batch' && p[6] === 'read');
    if (assoc && req.method === 'POST') {
      const inputs = (body.inputs ?? []) as Array<{ id?: string }>;
      if (!Array.isArray(inputs) || inputs.length > 1000) return problem(400, 'inputs must be an array of at most 1000', 'VALIDATION_ERROR');
      const results = [];
      const errors = [];
      for (const i of inputs) {
        const d = deals.get(String(i.id));
        if (!d) errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No deal ${String(i.id)}`, context: { fromObjectId: [String(i.id)] } });
        else results.push({ from: { id: d.id }, to: d.contactIds.map((c) => ({ toObjectId: Number(c), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] })) });
      }
      return { status: errors.length ? 207 : 200, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: new Date(t).toISOString(), completedAt: new Date(t).toISOString() }, headers: limitHeaders() };
    }
    if (p[0] === 'crm' && p[1] === 'objects' && versionOk(p[2]) && p[3] === 'contacts' && p[4] === 'batch' && p[5] === 'read' && req.method === 'POST') {
      const inputs = (body.inputs ?? []) as Array<{ id?: string }>;
      if (!Array.isArray(inputs) || inputs.length > 100) return problem(400, 'inputs must be an array of at most 100', 'VALIDATION_ERROR');
      const properties = (body.properties ?? []) as string[];
      const results = [];
      for (const i of inputs) {
        const c = contacts.get(String(i.id));
        if (!c) continue;
        const props: Record<string, string | null> = {};
        for (const k of properties) if (k in c) props[k] = c[k] ?? null;
        results.push({ id: String(i.id), properties: props, createdAt: c.createdate, updatedAt: c.createdate, archived: false });
      }
      return ok({ status: 'COMPLETE', results, startedAt: new Date(t).toISOString(), completedAt: new Date(t).toISOString() });
    }
    if (p[0] === 'crm' && !versionOk(p[2]) && p[1] !== 'v4') return problem(404, `Unknown API version ${p[2] ?? ''}`, 'OBJECT_NOT_FOUND');
    return problem(404, `No route for ${req.method} ${req.path}`, 'OBJECT_NOT_FOUND');
  }

  const server = await serveJson((req) => {
    const r = handle(req);
    requests.push({ method: req.method, path: req.path, status: r === 'hang' ? 0 : r.status, body: req.body });
    return r;
  }, { hangMs: () => faults.fired.at(-1)?.hangMs ?? 60_000 });

  return {
    ...server,
    deals,
    contacts,
    faults,
    requests,
    inject: (...f) => faults.inject(...f),
    touchDeal(id, props) {
      const d = deals.get(id);
      if (!d) throw new Error(`no deal ${id}`);
      Object.assign(d.props, props);
      d.updatedAt = Math.max(now(), d.updatedAt + 1);
      d.props.hs_lastmodifieddate = new Date(d.updatedAt).toISOString();
    },
    expireToken: () => {
      expired = true;
    },
    setToken: (t) => {
      token = t;
      expired = false;
    },
  };
}

export { DEAL_PROPS };
