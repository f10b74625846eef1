// A thin typed client for the Meta Marketing API (Graph). Base URL and version come from
// configuration; the token goes in the Authorization header (never in a URL we build, so it cannot
// reach a log through one). Branches on error.code, not on the HTTP status, as Meta asks.
import { ApiError } from '../errors';
import { callJson, parseJson, validate, type Verdict } from '../http';
import { RateGate, readMetaUsage, spacingForUsage } from '../limiter';
import { currencyOffset, decimalToMinor } from '../money';
import { defaultRetryPolicy, realRuntime, type RetryPolicy, type Runtime } from '../runtime';
import type { EntityStatus, MetaAccountRecord, MetaUserRecord, MetaAdRecord, MetaAdSetRecord, MetaCampaignRecord, MetaCreativeRecord, MetaInsightRecord } from '../types';
import * as S from './schemas';

export interface MetaClientOptions {
  baseUrl: string;
  version: string;
  token: string;
  runtime?: Partial<Runtime>;
  policy?: Partial<RetryPolicy>;
  /** Spacing between calls at 100 % usage (scaled from 75 %). */
  maxSpacingMs?: number;
  /** Between polls of an async report. */
  pollIntervalMs?: number;
  /** Polls before an async report is given up. */
  maxPolls?: number;
  pageSize?: number;
  gate?: RateGate;
  onWait?(ms: number, why: string): void;
}

const RATE_LIMIT_CODES = new Set([4, 17, 613]);
const TRANSIENT_CODES = new Set([1, 2, 1504043]);
const TOO_MUCH_DATA = new Set([1487534, 1504018]);
export const INSIGHT_FIELDS = 'account_id,campaign_id,adset_id,ad_id,impressions,clicks,spend,ctr,cpm,frequency,reach,actions,action_values';

export function classifyMeta(res: Response, text: string): Verdict {
  const parsed = parseJson('meta', text, res.status);
  if (!parsed.ok) {
    // An HTML 5xx from a load balancer is transient; a 2xx that is not JSON is broken.
    if (res.status >= 500) return { ok: false, retry: true, error: new ApiError('meta', 'transient', `Meta answered HTTP ${res.status}`, { status: res.status }) };
    return { ok: false, retry: false, error: parsed.error };
  }
  const err = S.metaErrorSchema.safeParse(parsed.json);
  if (!err.success) {
    if (res.ok) return { ok: true, json: parsed.json };
    if (res.status >= 500) return { ok: false, retry: true, error: new ApiError('meta', 'transient', `Meta answered HTTP ${res.status}`, { status: res.status }) };
    return { ok: false, retry: false, error: new ApiError('meta', 'malformed-reply', `Meta answered HTTP ${res.status} without an error envelope`, { status: res.status }) };
  }
  const e = err.data.error;
  const opts = { code: e.code, ...(e.error_subcode !== undefined ? { subcode: e.error_subcode } : {}), status: res.status };
  const msg = `Meta error ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''}: ${e.error_user_msg ?? e.message}`;
  if (e.code === 190) return { ok: false, retry: false, error: new ApiError('meta', 'reconnect-needed', `${msg} — reconnect Meta`, opts) };
  if (RATE_LIMIT_CODES.has(e.code) || (e.code >= 80000 && e.code <= 80014)) {
    const regain = readMetaUsage(res.headers, null).regainMs;
    return { ok: false, retry: true, waitMs: regain, error: new ApiError('meta', 'rate-limited', msg, { ...opts, retryAfterMs: regain }) };
  }
  if (TRANSIENT_CODES.has(e.code)) return { ok: false, retry: true, error: new ApiError('meta', 'transient', msg, opts) };
  if (e.code === 100 && e.error_subcode !== undefined && TOO_MUCH_DATA.has(e.error_subcode)) return { ok: false, retry: false, error: new ApiError('meta', 'too-much-data', msg, opts) };
  return { ok: false, retry: false, error: new ApiError('meta', 'invalid-request', msg, opts) };
}

/** 50,000 pages of 500 rows is 25 million rows: far beyond any account, well short of forever. */
const MAX_PAGES = 50_000;

export class MetaClient {
  readonly gate: RateGate;
  private readonly rt: Runtime;
  private readonly policy: RetryPolicy;
  private readonly root: string;

  constructor(private readonly o: MetaClientOptions) {
    this.rt = { ...realRuntime, ...o.runtime };
    this.policy = { ...defaultRetryPolicy, ...o.policy };
    this.gate = o.gate ?? new RateGate(this.rt);
    this.root = `${o.baseUrl.replace(/\/+$/, '')}/${o.version}`;
  }

  private async call(method: 'GET' | 'POST', url: string, opts: { accountId: string | null; form?: Record<string, string>; idempotent?: boolean }): Promise<unknown> {
    const key = `meta:${opts.accountId ?? 'app'}`;
    return callJson({
      service: 'meta',
      rt: this.rt,
      policy: this.policy,
      gate: this.gate,
      gateKey: key,
      url,
      init: {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(opts.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
      },
      idempotent: opts.idempotent ?? method === 'GET',
      classify: classifyMeta,
      onHeaders: (h) => {
        const u = readMetaUsage(h, opts.accountId);
        this.gate.setUsage(key, u.pct, spacingForUsage(u.pct, this.o.maxSpacingMs ?? 2000));
        if (u.pct >= 100) this.gate.block(key, u.regainMs > 0 ? u.regainMs : 60_000);
      },
      ...(this.o.onWait ? { onWait: this.o.onWait } : {}),
    });
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const q = new URLSearchParams(query).toString();
    return `${this.root}/${path.replace(/^\/+/, '')}${q ? `?${q}` : ''}`;
  }

  /** Follows `paging.next` until it is absent; an empty page with `next` is followed, not an end. */
  private async *pages<T>(first: string, accountId: string | null, item: import('zod').ZodType<T>, what: string): AsyncGenerator<T[]> {
    let url: string | undefined = first;
    const seen = new Set<string>();
    const schema = S.pageOf(item);
    const origin = new URL(this.root).origin;
    while (url) {
      // The token goes with every page: a next link to any other host is refused before it is asked.
      let next: URL;
      try {
        next = new URL(url);
      } catch {
        throw new ApiError('meta', 'malformed-reply', `Meta ${what}: paging.next is not a URL`);
      }
      if (next.origin !== origin) throw new ApiError('meta', 'malformed-reply', `Meta ${what}: paging.next leads to ${next.origin}, not ${origin}; not followed`);
      // A loop is the same cursor again, whatever else the query says; the page cap ends one that never repeats.
      const key = next.searchParams.get('after') ?? `${next.pathname}?${[...next.searchParams].sort().join('&')}`;
      if (seen.has(key)) throw new ApiError('meta', 'malformed-reply', `Meta ${what}: paging.next repeats a page already read`);
      if (seen.size >= MAX_PAGES) throw new ApiError('meta', 'malformed-reply', `Meta ${what}: more than ${MAX_PAGES} pages; paging.next never ends`);
      seen.add(key);
      const page: { data: unknown[]; paging?: { next?: string | undefined } | undefined } = validate('meta', schema, await this.call('GET', url, { accountId }), what);
      yield page.data as T[];
      url = page.paging?.next;
    }
  }

  private async all<T>(first: string, accountId: string | null, item: import('zod').ZodType<T>, what: string): Promise<T[]> {
    const out: T[] = [];
    for await (const p of this.pages(first, accountId, item, what)) out.push(...p);
    return out;
  }

  /** Who the token belongs to: what Connect checks before it stores a token. */
  async me(): Promise<MetaUserRecord> {
    const r = validate('meta', S.meSchema, await this.call('GET', this.url('me', { fields: 'id,name' }), { accountId: null }), 'token owner');
    return { id: r.id, name: r.name };
  }

  async adAccounts(): Promise<MetaAccountRecord[]> {
    const rows = await this.all(this.url('me/adaccounts', { fields: 'id,account_id,name,currency,timezone_name', limit: '100' }), null, S.adAccountSchema, 'ad accounts');
    return rows.map((a) => ({ id: a.account_id, name: a.name, currency: a.currency, currencyOffset: currencyOffset(a.currency), timezone: a.timezone_name ?? 'UTC' }));
  }

  async account(accountId: string): Promise<MetaAccountRecord> {
    const a = validate('meta', S.adAccountSchema, await this.call('GET', this.url(`act_${accountId}`, { fields: 'id,account_id,name,currency,timezone_name' }), { accountId }), 'ad account');
    return { id: a.account_id, name: a.name, currency: a.currency, currencyOffset: currencyOffset(a.currency), timezone: a.timezone_name ?? 'UTC' };
  }

  /** Meta's minimum daily budget for the account, minor units (impression-optimised ad sets). */
  async minimumBudget(accountId: string, currency: string): Promise<number | null> {
    const r = validate('meta', S.minimumBudgetsSchema, await this.call('GET', this.url(`act_${accountId}/minimum_budgets`), { accountId }), 'minimum budgets');
    return r.data.find((d) => d.currency === currency)?.min_daily_budget_imp ?? null;
  }

  async campaigns(accountId: string): Promise<MetaCampaignRecord[]> {
    const rows = await this.all(this.url(`act_${accountId}/campaigns`, { fields: 'id,name,objective,status,daily_budget', limit: String(this.o.pageSize ?? 500) }), accountId, S.campaignSchema, 'campaigns');
    return rows.map((c) => ({ id: c.id, accountId, name: c.name, objective: c.objective ?? null, status: c.status, dailyBudget: c.daily_budget === undefined ? null : Number(c.daily_budget) }));
  }

  async adSets(accountId: string): Promise<MetaAdSetRecord[]> {
    const rows = await this.all(this.url(`act_${accountId}/adsets`, { fields: 'id,campaign_id,name,status,daily_budget,learning_stage_info', limit: String(this.o.pageSize ?? 500) }), accountId, S.adSetSchema, 'ad sets');
    return rows.map((s) => ({ id: s.id, accountId, campaignId: s.campaign_id, name: s.name, status: s.status, dailyBudget: s.daily_budget === undefined ? null : Number(s.daily_budget), learningStage: s.learning_stage_info?.status ?? null }));
  }

  async ads(accountId: string): Promise<MetaAdRecord[]> {
    const rows = await this.all(this.url(`act_${accountId}/ads`, { fields: 'id,adset_id,campaign_id,name,status,creative{id}', limit: String(this.o.pageSize ?? 500) }), accountId, S.adSchema, 'ads');
    return rows.map((a) => ({ id: a.id, accountId, adSetId: a.adset_id, campaignId: a.campaign_id, name: a.name, status: a.status, creativeId: a.creative?.id ?? null }));
  }

  async creatives(accountId: string): Promise<MetaCreativeRecord[]> {
    const rows = await this.all(this.url(`act_${accountId}/adcreatives`, { fields: 'id,name,object_type,title,body', limit: String(this.o.pageSize ?? 500) }), accountId, S.creativeSchema, 'creatives');
    return rows.map((c) => ({ id: c.id, name: c.name ?? null, objectType: c.object_type ?? null, title: c.title ?? null, body: c.body ?? null }));
  }

  /**
   * Daily ad-level insights for [since, until], page by page. Starts synchronously; when Meta says
   * the range is too much (100 / 1487534 or 1504018) it runs the same query as an async report.
   */
  async *insights(account: { id: string; currencyOffset: number }, since: string, until: string, onMode?: (mode: 'sync' | 'async') => void): AsyncGenerator<MetaInsightRecord[]> {
    const query = { level: 'ad', time_increment: '1', fields: INSIGHT_FIELDS, time_range: JSON.stringify({ since, until }), limit: String(this.o.pageSize ?? 500) };
    const convert = (rows: Array<import('zod').infer<typeof S.insightRowSchema>>) => rows.map((r) => toInsight(r, account));
    let started = false;
    try {
      onMode?.('sync');
      for await (const p of this.pages(this.url(`act_${account.id}/insights`, query), account.id, S.insightRowSchema, 'insights')) {
        started = true;
        yield convert(p);
      }
      return;
    } catch (e) {
      if (!(e instanceof ApiError && e.kind === 'too-much-data') || started) throw e;
    }
    onMode?.('async');
    const { limit: _limit, ...form } = query;
    const run = validate('meta', S.reportRunSchema, await this.call('POST', this.url(`act_${account.id}/insights`), { accountId: account.id, form, idempotent: true }), 'report run');
    const maxPolls = this.o.maxPolls ?? 120;
    for (let poll = 0; ; poll++) {
      const st = validate('meta', S.reportStatusSchema, await this.call('GET', this.url(run.report_run_id, { fields: 'id,async_status,async_percent_completion' }), { accountId: account.id }), 'report status');
      if (/completed/i.test(st.async_status)) break;
      if (/failed|skipped/i.test(st.async_status)) throw new ApiError('meta', 'report-failed', `Meta async report ${run.report_run_id} ended ${st.async_status}`);
      if (poll + 1 >= maxPolls) throw new ApiError('meta', 'report-failed', `Meta async report ${run.report_run_id} did not finish after ${maxPolls} polls`);
      await this.rt.sleep(this.o.pollIntervalMs ?? 5000);
    }
    for await (const p of this.pages(this.url(`${run.report_run_id}/insights`, { limit: String(this.o.pageSize ?? 500) }), account.id, S.insightRowSchema, 'report insights')) yield convert(p);
  }

  /**
   * Meta's batch endpoint: at most 50 requests in one call, each answered (and limited) on its
   * own. Returns one result per item, classified like a single call. A batch with writes is not
   * idempotent, so the client never repeats it.
   */
  async batch(accountId: string, items: Array<{ method: 'GET' | 'POST'; relativeUrl: string; body?: Record<string, string> }>, idempotent: boolean): Promise<Array<{ ok: true; json: unknown } | { ok: false; error: ApiError }>> {
    if (items.length === 0) return [];
    if (items.length > 50) throw new ApiError('meta', 'invalid-request', `a Meta batch holds at most 50 requests, got ${items.length}`);
    const batch = JSON.stringify(items.map((i) => ({ method: i.method, relative_url: i.relativeUrl, ...(i.body ? { body: new URLSearchParams(i.body).toString() } : {}) })));
    const replies = validate('meta', S.batchReplySchema, await this.call('POST', `${this.root}/`, { accountId, form: { batch }, idempotent }), 'batch');
    if (replies.length !== items.length) throw new ApiError('meta', 'malformed-reply', `Meta batch answered ${replies.length} of ${items.length} requests`);
    return replies.map((r) => {
      if (!r) return { ok: false as const, error: new ApiError('meta', 'transient', 'Meta batch: no answer for this request (it may not have run)') };
      const headers = new Headers((r.headers ?? []).map((h) => [h.name, h.value] as [string, string]));
      const v = classifyMeta(new Response(null, { status: r.code, headers }), r.body);
      return v.ok ? { ok: true as const, json: v.json } : { ok: false as const, error: v.error };
    });
  }

  /** Budget and status of many ad sets, campaigns or ads in one batch (read-before-write). */
  async readHolders(accountId: string, targets: Array<{ id: string; isAd: boolean }>): Promise<Map<string, { dailyBudget: number | null; status: EntityStatus } | ApiError>> {
    // An ad has no daily_budget field; asking for it there is an error on Meta.
    const ids = targets.map((t) => t.id);
    const res = await this.batch(accountId, targets.map((t) => ({ method: 'GET' as const, relativeUrl: `${t.id}?fields=${t.isAd ? 'id,status' : 'id,status,daily_budget'}` })), true);
    const schema = S.campaignSchema.pick({ id: true, status: true, daily_budget: true });
    const out = new Map<string, { dailyBudget: number | null; status: EntityStatus } | ApiError>();
    res.forEach((r, i) => {
      if (!r.ok) return void out.set(ids[i]!, r.error);
      const p = schema.safeParse(r.json);
      out.set(ids[i]!, p.success ? { dailyBudget: p.data.daily_budget === undefined ? null : Number(p.data.daily_budget), status: p.data.status } : new ApiError('meta', 'malformed-reply', `Meta batch: object ${ids[i]} is not an ad set, campaign or ad`));
    });
    return out;
  }

  /** Reads the current budget and status of an ad set or campaign (read-before-write). */
  async readHolder(id: string, accountId: string, isAd = false): Promise<{ dailyBudget: number | null; status: EntityStatus }> {
    const r = validate('meta', S.campaignSchema.pick({ id: true, status: true, daily_budget: true }), await this.call('GET', this.url(id, { fields: isAd ? 'id,status' : 'id,status,daily_budget' }), { accountId }), 'object');
    return { dailyBudget: r.daily_budget === undefined ? null : Number(r.daily_budget), status: r.status };
  }

  /** daily_budget in integer minor units. A write is never retried by the client. */
  async setDailyBudget(id: string, accountId: string, minor: number): Promise<void> {
    if (!Number.isInteger(minor) || minor < 0) throw new ApiError('meta', 'invalid-request', `daily_budget must be a non-negative integer of minor units, got ${minor}`);
    validate('meta', S.successSchema, await this.call('POST', this.url(id), { accountId, form: { daily_budget: String(minor) }, idempotent: false }), 'budget write');
  }

  async setStatus(id: string, accountId: string, status: 'ACTIVE' | 'PAUSED'): Promise<void> {
    validate('meta', S.successSchema, await this.call('POST', this.url(id), { accountId, form: { status }, idempotent: false }), 'status write');
  }
}

/** Meta reports the same conversion under several action types: take the first present, by priority. */
function actionValue(list: Array<{ action_type: string; value: string }> | undefined, types: string[]): string | null {
  if (!list) return null;
  for (const t of types) {
    const hit = list.find((a) => a.action_type === t);
    if (hit) return hit.value;
  }
  return null;
}

function toInsight(r: import('zod').infer<typeof S.insightRowSchema>, account: { id: string; currencyOffset: number }): MetaInsightRecord {
  const int = (s: string | undefined | null) => (s === undefined || s === null ? 0 : Math.round(Number(s)));
  const spend = r.spend === undefined ? 0 : decimalToMinor(r.spend, account.currencyOffset);
  if (spend === null || r.date_start !== r.date_stop) throw new ApiError('meta', 'malformed-reply', `Meta insights row for ad ${r.ad_id} is not one day with a decimal spend`);
  const value = actionValue(r.action_values, ['purchase', 'offsite_conversion.fb_pixel_purchase', 'omni_purchase']);
  return {
    accountId: r.account_id ?? account.id,
    campaignId: r.campaign_id,
    adSetId: r.adset_id,
    adId: r.ad_id,
    day: r.date_start,
    impressions: int(r.impressions),
    reach: int(r.reach),
    frequency: r.frequency === undefined ? 0 : Number(r.frequency),
    clicks: int(actionValue(r.actions, ['link_click']) ?? r.clicks),
    spend,
    leads: int(actionValue(r.actions, ['lead', 'onsite_conversion.lead_grouped', 'offsite_conversion.fb_pixel_lead'])),
    purchases: int(actionValue(r.actions, ['purchase', 'omni_purchase', 'offsite_conversion.fb_pixel_purchase'])),
    purchaseValue: value === null ? 0 : (decimalToMinor(value, account.currencyOffset) ?? 0),
  };
}
