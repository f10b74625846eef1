// A Meta Marketing API (Graph) emulator on a real HTTP server, serving the simulator's account.
// What it honours (../shared/docs/EXTERNAL-APIS.md): the version in the path; ad-level daily
// insights with string numbers and an `actions` list; cursor + absolute `next` pagination with
// empty pages that still carry `next`; async report runs (Not Started → Running → Completed, or
// Failed / Skipped on demand); structure edges; batch (≤ 50 items, each counted); daily_budget and
// status writes with minimum budgets and the 4-budget-edits-per-hour-per-ad-set limit (code 17);
// X-Business-Use-Case-Usage / X-App-Usage headers; error envelopes with HTTP 400; GET /me (the
// token's owner, as Connect asks before storing a token).
import { randomBytes } from 'node:crypto';
import type { Simulation } from '../../../workers/simulator';
import { FaultQueue, parseBody, serveJson, type Fault, type Reply, type RequestInfo, type RunningServer } from '../shared/http';
import { MetaData, type Status } from './data';

export interface MetaEmulatorOptions {
  sim: Simulation;
  /** Accepted versions; the first is the current one. */
  versions?: string[];
  token?: string;
  /** Rows an account may return synchronously before code 100 / 1487534 (too much data). */
  syncRowLimit?: number;
  /** Largest `limit` a page may have. */
  maxPageSize?: number;
  /** Every n-th page is empty but still has `next` (0 = never). */
  emptyPageEvery?: number;
  /** Polls a report run takes before it completes. */
  asyncPolls?: number;
  /** Delay before each write is applied and answered (network and Meta latency). */
  writeDelayMs?: number;
  /** Calls per account per hour that make 100 % in the usage headers. */
  callsPerHour?: number;
  /** Who the token belongs to (GET /me): a person or a system user. */
  user?: { id: string; name: string };
  now?: () => number;
}

interface ReportRun { id: string; accountId: string; query: URLSearchParams; polls: number; outcome: 'Completed' | 'Failed' | 'Skipped' }
export interface MetaWrite { id: string; field: 'daily_budget' | 'status'; value: string; at: number }

export interface MetaEmulator extends RunningServer {
  data: MetaData;
  faults: FaultQueue;
  /** Every successful write, in order (the fault matrix counts them). */
  writes: MetaWrite[];
  /** Requests per path, e.g. to check that a client stopped retrying. */
  requests: Array<{ method: string; path: string }>;
  inject(...faults: Fault[]): void;
  /** The next report run ends this way. */
  failNextReport(outcome: 'Failed' | 'Skipped'): void;
  expireToken(): void;
  setToken(token: string): void;
  /** Force the usage headers to say this percentage (null: computed from the call count). */
  forceUsage(pct: number | null): void;
}

const HOUR = 3_600_000;

export async function startMetaEmulator(opts: MetaEmulatorOptions): Promise<MetaEmulator> {
  const data = new MetaData(opts.sim);
  const versions = opts.versions ?? ['v25.0', 'v24.0'];
  const now = opts.now ?? Date.now;
  const faults = new FaultQueue();
  const writes: MetaWrite[] = [];
  const requests: Array<{ method: string; path: string }> = [];
  const runs = new Map<string, ReportRun>();
  const budgetEdits = new Map<string, number[]>();
  const calls = new Map<string, number[]>();
  const nextOutcomes: Array<'Failed' | 'Skipped'> = [];
  let token = opts.token ?? 'meta-test-token';
  let expired = false;
  let forcedUsage: number | null = null;
  let runCounter = 0;
  const syncRowLimit = opts.syncRowLimit ?? 100_000;
  const maxPage = opts.maxPageSize ?? 5000;
  const emptyEvery = opts.emptyPageEvery ?? 3;
  const asyncPolls = opts.asyncPolls ?? 2;
  const callsPerHour = opts.callsPerHour ?? 1_000_000;

  const fbtrace = () => randomBytes(8).toString('base64url');
  const error = (code: number, message: string, extra: { subcode?: number; type?: string; title?: string; status?: number } = {}): Reply => ({
    status: extra.status ?? 400,
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.title ? { error_user_title: extra.title, error_user_msg: message } : {}),
        fbtrace_id: fbtrace(),
      },
    },
  });

  function usage(accountId: string | null, type: 'ads_insights' | 'ads_management', regainMinutes = 0): Record<string, string> {
    const key = accountId ?? 'app';
    const t = now();
    const list = (calls.get(key) ?? []).filter((x) => x > t - HOUR);
    calls.set(key, list);
    const pct = forcedUsage ?? Math.min(100, Math.round((list.length / callsPerHour) * 100));
    const headers: Record<string, string> = {
      'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: Math.round(pct / 2), total_time: Math.round(pct / 2) }),
    };
    if (accountId) {
      headers['x-business-use-case-usage'] = JSON.stringify({
        [accountId]: [{ type, call_count: pct, total_cputime: Math.round(pct / 2), total_time: Math.round(pct / 2), estimated_time_to_regain_access: regainMinutes }],
      });
      if (type === 'ads_insights') headers['x-fb-ads-insights-throttle'] = JSON.stringify({ app_id_util_pct: pct, acc_id_util_pct: pct });
    }
    return headers;
  }

  function page<T>(req: RequestInfo, items: T[], render: (x: T) => unknown): Reply {
    const limit = Math.min(maxPage, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
    const cursor = parseCursor(req.query.get('after'));
    if (!cursor) return error(100, 'Invalid cursor', { subcode: 33 });
    const host = `http://${req.headers.host}`;
    const nextUrl = (c: string) => {
      const q = new URLSearchParams(req.query);
      q.set('after', c);
      return `${host}${req.path}?${q}`;
    };
    // Meta sometimes hands back an empty page that still points onward; clients must follow it.
    if (emptyEvery > 0 && cursor.page % emptyEvery === emptyEvery - 1 && cursor.offset < items.length) {
      const c = makeCursor(cursor.page + 1, cursor.offset);
      return { status: 200, body: { data: [], paging: { cursors: { before: c, after: c }, next: nextUrl(c) } } };
    }
    const slice = items.slice(cursor.offset, cursor.offset + limit);
    const end = cursor.offset + slice.length;
    const before = makeCursor(cursor.page, cursor.offset);
    const after = makeCursor(cursor.page + 1, end);
    const paging: Record<string, unknown> = { cursors: { before, after } };
    if (end < items.length) paging.next = nextUrl(after);
    return { status: 200, body: { data: slice.map(render), paging } };
  }

  function insightsParams(q: URLSearchParams): { since: string; until: string; fields: Set<string> } | Reply {
    if (q.get('level') !== 'ad') return error(100, '(#100) level must be ad in this emulator', { subcode: 33 });
    if (q.get('time_increment') !== '1') return error(100, '(#100) time_increment must be 1 in this emulator', { subcode: 33 });
    let range: { since?: unknown; until?: unknown };
    try {
      range = JSON.parse(q.get('time_range') ?? '{}') as typeof range;
    } catch {
      return error(100, '(#100) time_range must be a JSON object', { subcode: 33 });
    }
    const iso = /^\d{4}-\d{2}-\d{2}$/;
    if (typeof range.since !== 'string' || typeof range.until !== 'string' || !iso.test(range.since) || !iso.test(range.until) || range.since > range.until) {
      return error(100, '(#100) time_range needs since ≤ until as YYYY-MM-DD', { subcode: 33 });
    }
    const fields = new Set((q.get('fields') ?? '').split(',').filter(Boolean));
    return { since: range.since, until: range.until, fields };
  }

  function write(id: string, params: Record<string, unknown>): Reply {
    const adSet = data.adSets.get(id);
    const campaign = data.campaigns.get(id);
    const ad = data.ads.get(id);
    const target = adSet ?? campaign ?? ad;
    if (!target) return error(100, `(#100) Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`, { subcode: 33 });
    const accountId = target.accountId;
    if (params.daily_budget !== undefined) {
      const holder = adSet ?? campaign;
      if (!holder) return error(100, '(#100) daily_budget is not a field of an ad', { subcode: 1815001 });
      const value = String(params.daily_budget);
      if (!/^\d+$/.test(value)) return error(100, '(#100) daily_budget must be an integer in minor units', { subcode: 1885272 });
      if (holder.dailyBudget === null) return error(100, '(#100) This object does not hold the budget (campaign budget optimisation)', { subcode: 1885621, title: 'Budget Is Set at Campaign Level' });
      const min = data.account(accountId)!.minBudget;
      if (Number(value) < min) return error(100, `Your budget is too low. The minimum daily budget is ${min}.`, { subcode: 1885272, title: 'Budget Too Low' });
      const t = now();
      const edits = (budgetEdits.get(id) ?? []).filter((x) => x > t - HOUR);
      if (adSet && edits.length >= 4) {
        return { ...error(17, '(#17) User request limit reached: an ad set budget can change at most 4 times per hour', { subcode: 2446079, type: 'OAuthException' }), headers: usage(accountId, 'ads_management', Math.ceil((edits[0]! + HOUR - t) / 60_000)) };
      }
      edits.push(t);
      budgetEdits.set(id, edits);
      holder.dailyBudget = Number(value);
      writes.push({ id, field: 'daily_budget', value, at: t });
    }
    if (params.status !== undefined) {
      const value = String(params.status) as Status;
      if (!['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED'].includes(value)) return error(100, `(#100) status must be one of ACTIVE, PAUSED, ARCHIVED, DELETED`, { subcode: 1815001 });
      target.status = value;
      writes.push({ id, field: 'status', value, at: now() });
    }
    if (params.daily_budget === undefined && params.status === undefined) return error(100, '(#100) nothing to update', { subcode: 33 });
    return { status: 200, body: { success: true }, headers: usage(accountId, 'ads_management') };
  }

  function authorised(req: RequestInfo, body: Record<string, unknown>): Reply | null {
    const auth = String(req.headers.authorization ?? '');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : (req.query.get('access_token') ?? (typeof body.access_token === 'string' ? body.access_token : ''));
    if (!given) return error(104, 'An access token is required to request this resource.', { type: 'OAuthException' });
    if (expired || given !== token) return error(190, 'Error validating access token: Session has expired.', { subcode: 463 });
    return null;
  }

  function faultReply(f: Fault, accountId: string | null, isInsights: boolean): Reply | 'hang' {
    switch (f.kind) {
      case 'rate-limit': {
        const code = f.code ?? (isInsights ? 80000 : 80004);
        return { ...error(code, `(#${code}) There have been too many calls to this ad-account. Wait a bit and try again.`, { subcode: f.subcode ?? 2446079 }), headers: usage(accountId ?? 'app', isInsights ? 'ads_insights' : 'ads_management', f.regainMinutes ?? 0) };
      }
      case 'transient':
        return error(f.code ?? 2, 'An unexpected error has occurred. Please retry your request later.', { type: 'OAuthException', ...(f.subcode !== undefined ? { subcode: f.subcode } : {}) });
      case 'error':
        return error(f.code ?? 100, `(#${f.code ?? 100}) Invalid parameter`, f.subcode !== undefined ? { subcode: f.subcode } : {});
      case 'server-error':
        return { status: f.status ?? 503, raw: '<html><body>Service Unavailable</body></html>', body: null, headers: { 'content-type': 'text/html' } };
      case 'timeout':
        return 'hang';
      case 'malformed':
        return { status: 200, raw: '{"data":[{"ad_id":"1",', body: null };
      case 'token-expired':
        return error(190, 'Error validating access token: Session has expired.', { subcode: 463 });
    }
  }

  async function route(req: RequestInfo, body: Record<string, unknown>, depth = 0): Promise<Reply | 'hang'> {
    requests.push({ method: req.method, path: req.path });
    const parts = req.path.split('/').filter(Boolean);
    const version = parts.shift();
    if (!version || !/^v\d+\.\d+$/.test(version)) return error(2500, 'Unknown path components', { type: 'OAuthException' });
    if (!versions.includes(version)) return error(2635, `You are calling a deprecated version of the Ads API (${version}). Please update to the latest version: ${versions[0]}.`, { type: 'OAuthException' });
    const denied = authorised(req, body);
    if (denied) return denied;
    const accountId = parts[0]?.startsWith('act_') ? parts[0].slice(4) : (data.adSets.get(parts[0] ?? '') ?? data.campaigns.get(parts[0] ?? '') ?? data.ads.get(parts[0] ?? ''))?.accountId ?? null;
    const isInsights = parts.includes('insights') || (parts.length === 1 && runs.has(parts[0]!));
    const fault = faults.take(req);
    if (fault) return faultReply(fault, accountId, isInsights);
    if (accountId) {
      const list = calls.get(accountId) ?? [];
      list.push(now());
      calls.set(accountId, list);
    }
    const ok = (b: unknown): Reply => ({ status: 200, body: b, headers: usage(accountId, isInsights ? 'ads_insights' : 'ads_management') });
    const okPage = (r: Reply): Reply => (r.status === 200 ? ok(r.body) : r);

    // Batch: POST / with batch=[{method, relative_url, body}] — at most 50, each counted.
    if (parts.length === 0 && req.method === 'POST' && depth === 0) {
      let items: Array<{ method?: string; relative_url?: string; body?: string }>;
      try {
        items = JSON.parse(String(body.batch ?? '')) as typeof items;
      } catch {
        return error(100, '(#100) batch must be a JSON array', { subcode: 33 });
      }
      if (!Array.isArray(items) || items.length === 0) return error(100, '(#100) batch must be a non-empty JSON array', { subcode: 33 });
      if (items.length > 50) return error(100, '(#100) Too many requests in batch message. Maximum batch size is 50', { subcode: 1487124 });
      const out = [];
      for (const item of items) {
        const rel = new URL(`/${version}/${String(item.relative_url ?? '').replace(/^\/+/, '').replace(/^v\d+\.\d+\//, '')}`, 'http://x');
        const sub: RequestInfo = { method: (item.method ?? 'GET').toUpperCase(), path: rel.pathname, query: rel.searchParams, headers: req.headers, body: item.body ?? '' };
        const subBody = { ...Object.fromEntries(new URLSearchParams(item.body ?? '')) };
        const r = await route({ ...sub, headers: { ...req.headers, 'content-type': 'application/x-www-form-urlencoded' } }, subBody, depth + 1);
        const reply = r === 'hang' ? error(2, 'An unexpected error has occurred. Please retry your request later.') : r;
        out.push({ code: reply.status, headers: Object.entries(reply.headers ?? {}).map(([name, value]) => ({ name, value })), body: reply.raw ?? JSON.stringify(reply.body) });
      }
      return { status: 200, body: out };
    }

    const [first, edge] = parts;
    if (req.method === 'GET' && first === 'me' && !edge) {
      // Graph answers `id` whatever was asked; an unknown field is code 100 on node type User.
      const user: Record<string, string> = { ...(opts.user ?? { id: '100087654321012', name: 'Jane Buyer' }) };
      const out: Record<string, string> = { id: user.id! };
      for (const f of (req.query.get('fields') ?? 'id,name').split(',').filter(Boolean)) {
        if (!(f in user)) return error(100, `(#100) Tried accessing nonexisting field (${f}) on node type (User)`);
        out[f] = user[f]!;
      }
      return ok(out);
    }
    if (req.method === 'GET' && first === 'me' && edge === 'adaccounts') {
      return okPage(page(req, opts.sim.accounts, (a) => ({ id: `act_${a.id}`, account_id: a.id, name: a.name, currency: a.currency, timezone_name: 'UTC', account_status: 1 })));
    }
    if (first?.startsWith('act_')) {
      const account = data.account(first.slice(4));
      if (!account) return error(100, `(#100) Object with ID '${first}' does not exist`, { subcode: 33 });
      if (req.method === 'GET' && !edge) return ok({ id: first, account_id: account.id, name: account.name, currency: account.currency, timezone_name: 'UTC', account_status: 1 });
      if (req.method === 'GET' && edge === 'minimum_budgets') {
        return ok({ data: [{ currency: account.currency, min_daily_budget_imp: account.minBudget, min_daily_budget_video_views: account.minBudget, min_daily_budget_high_freq: account.minBudget * 5, min_daily_budget_low_freq: account.minBudget }] });
      }
      if (req.method === 'GET' && edge === 'campaigns') {
        const list = [...data.campaigns.values()].filter((c) => c.accountId === account.id);
        return okPage(page(req, list, (c) => ({ id: c.id, account_id: c.accountId, name: c.name, objective: c.objective, status: c.status, effective_status: c.status, ...(c.dailyBudget !== null ? { daily_budget: String(c.dailyBudget) } : {}) })));
      }
      if (req.method === 'GET' && edge === 'adsets') {
        const list = [...data.adSets.values()].filter((s) => s.accountId === account.id);
        return okPage(page(req, list, (s) => ({ id: s.id, account_id: s.accountId, campaign_id: s.campaignId, name: s.name, status: s.status, effective_status: s.status, ...(s.dailyBudget !== null ? { daily_budget: String(s.dailyBudget) } : {}), learning_stage_info: { status: 'SUCCESS' } })));
      }
      if (req.method === 'GET' && edge === 'ads') {
        const list = [...data.ads.values()].filter((a) => a.accountId === account.id);
        return okPage(page(req, list, (a) => ({ id: a.id, account_id: a.accountId, adset_id: a.adSetId, campaign_id: a.campaignId, name: a.name, status: a.status, effective_status: a.status, creative: { id: a.creativeId } })));
      }
      if (req.method === 'GET' && edge === 'adcreatives') {
        const list = [...data.ads.values()].filter((a) => a.accountId === account.id);
        return okPage(page(req, list, (a) => ({ id: a.creativeId, name: `Creative for ${a.name}`, object_type: 'VIDEO', title: a.name, body: a.name })));
      }
      if (edge === 'insights') {
        const p = insightsParams(req.method === 'POST' ? new URLSearchParams({ ...Object.fromEntries(req.query), ...(body as Record<string, string>) }) : req.query);
        if ('status' in p) return p;
        if (req.method === 'POST') {
          const id = `60${String(++runCounter).padStart(13, '0')}`;
          const q = new URLSearchParams({ level: 'ad', time_increment: '1', time_range: JSON.stringify({ since: p.since, until: p.until }), fields: [...p.fields].join(',') });
          runs.set(id, { id, accountId: account.id, query: q, polls: 0, outcome: nextOutcomes.shift() ?? 'Completed' });
          return ok({ report_run_id: id });
        }
        const rows = data.rows(account.id, p.since, p.until);
        if (rows.length > syncRowLimit) return error(100, 'Please reduce the amount of data you\'re asking for, then retry your request', { subcode: 1487534 });
        return okPage(page(req, rows, (r) => data.format(r, p.fields)));
      }
    }
    if (first && runs.has(first)) {
      const run = runs.get(first)!;
      if (req.method === 'GET' && !edge) {
        run.polls++;
        const done = run.polls > asyncPolls;
        const status = !done ? (run.polls === 1 ? 'Job Not Started' : 'Job Running') : `Job ${run.outcome}`;
        const pct = done ? (run.outcome === 'Completed' ? 100 : 0) : Math.round(((run.polls - 1) / asyncPolls) * 100);
        return ok({ id: run.id, account_id: run.accountId, async_status: status, async_percent_completion: pct });
      }
      if (req.method === 'GET' && edge === 'insights') {
        if (run.polls <= asyncPolls || run.outcome !== 'Completed') return error(100, '(#100) The report is not ready', { subcode: 33 });
        const q = run.query;
        const range = JSON.parse(q.get('time_range')!) as { since: string; until: string };
        const fields = new Set((q.get('fields') ?? '').split(',').filter(Boolean));
        return okPage(page(req, data.rows(run.accountId, range.since, range.until), (r) => data.format(r, fields)));
      }
    }
    if (first && req.method === 'POST' && !edge) {
      if (opts.writeDelayMs) await new Promise((r) => setTimeout(r, opts.writeDelayMs));
      return write(first, body);
    }
    if (first && req.method === 'GET' && !edge) {
      const s = data.adSets.get(first);
      if (s) return ok({ id: s.id, name: s.name, status: s.status, ...(s.dailyBudget !== null ? { daily_budget: String(s.dailyBudget) } : {}) });
      const c = data.campaigns.get(first);
      if (c) return ok({ id: c.id, name: c.name, status: c.status, ...(c.dailyBudget !== null ? { daily_budget: String(c.dailyBudget) } : {}) });
      const a = data.ads.get(first);
      if (a) return ok({ id: a.id, name: a.name, status: a.status });
    }
    return error(100, `Unsupported ${req.method.toLowerCase()} request. Object with ID '${first ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { subcode: 33, type: 'GraphMethodException' });
  }

  const server = await serveJson((req) => {
    const body = parseBody(req);
    return route(req, body);
  }, { hangMs: () => faults.fired.at(-1)?.hangMs ?? 60_000 });

  return {
    ...server,
    data,
    faults,
    writes,
    requests,
    inject: (...f) => faults.inject(...f),
    failNextReport: (o) => nextOutcomes.push(o),
    expireToken: () => {
      expired = true;
    },
    setToken: (t) => {
      token = t;
      expired = false;
    },
    forceUsage: (pct) => {
      forcedUsage = pct;
    },
  };
}

function makeCursor(page: number, offset: number): string {
  return Buffer.from(`p${page}:${offset}`).toString('base64url');
}
function parseCursor(s: string | null): { page: number; offset: number } | null {
  if (!s) return { page: 0, offset: 0 };
  const m = /^p(\d+):(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? { page: Number(m[1]), offset: Number(m[2]) } : null;
}
