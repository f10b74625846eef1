// A thin typed client for HubSpot's CRM on the date-versioned paths (base URL and version from
// configuration). Honours Retry-After on 429, paces itself from X-HubSpot-RateLimit-* and keeps
// search to ~4 requests/s; deals are read incrementally by hs_lastmodifieddate, restarting the
// search window before the 10,000-result cap.
import { ApiError } from '../errors';
import { callJson, parseJson, validate, type Verdict } from '../http';
import { hubSpotSpacing, RateGate, readHubSpotLimits } from '../limiter';
import { currencyOffset, decimalToMinor } from '../money';
import { defaultRetryPolicy, realRuntime, type RetryPolicy, type Runtime } from '../runtime';
import type { CrmContactSourceRecord, CrmDealRecord, CrmPipelineRecord, HubSpotPortalRecord } from '../types';
import * as S from './schemas';

export interface HubSpotClientOptions {
  baseUrl: string;
  version: string;
  token: string;
  runtime?: Partial<Runtime>;
  policy?: Partial<RetryPolicy>;
  /** Search requests per second (HubSpot: about 4). */
  searchPerSecond?: number;
  /** Results one search query can reach (HubSpot: 10,000). */
  searchResultLimit?: number;
  searchPageSize?: number;
  defaultCurrency?: string;
  gate?: RateGate;
  onWait?(ms: number, why: string): void;
}

export const DEAL_PROPERTIES = ['dealname', 'amount', 'dealstage', 'pipeline', 'createdate', 'closedate', 'hs_lastmodifieddate', 'deal_currency_code', 'hs_analytics_source', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2'];
export const CONTACT_PROPERTIES = ['hs_analytics_source', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'hs_analytics_first_url', 'hs_facebook_click_id', 'createdate'];

export function classifyHubSpot(res: Response, text: string): Verdict {
  const parsed = parseJson('hubspot', text, res.status);
  const body = parsed.ok && parsed.json && typeof parsed.json === 'object' ? (parsed.json as Record<string, unknown>) : {};
  const message = `HubSpot HTTP ${res.status}${typeof body.category === 'string' ? ` ${body.category}` : ''}: ${typeof body.message === 'string' ? body.message : 'no message'}`;
  const opts = { code: res.status, status: res.status };
  if (res.status >= 200 && res.status < 300) return parsed.ok ? { ok: true, json: parsed.json } : { ok: false, retry: false, error: parsed.error };
  if (res.status === 401) return { ok: false, retry: false, error: new ApiError('hubspot', 'reconnect-needed', `${message} — reconnect HubSpot`, opts) };
  if (res.status === 403) return { ok: false, retry: false, error: new ApiError('hubspot', 'forbidden', message, opts) };
  if (res.status === 429) {
    const ra = Number(res.headers.get('retry-after'));
    const waitMs = Number.isFinite(ra) && ra > 0 ? ra * 1000 : 0;
    return { ok: false, retry: true, waitMs, error: new ApiError('hubspot', 'rate-limited', message, { ...opts, retryAfterMs: waitMs }) };
  }
  if (res.status >= 500) return { ok: false, retry: true, error: new ApiError('hubspot', 'transient', message, opts) };
  return { ok: false, retry: false, error: new ApiError('hubspot', 'invalid-request', message, opts) };
}

export class HubSpotClient {
  readonly gate: RateGate;
  private readonly rt: Runtime;
  private readonly policy: RetryPolicy;
  private readonly base: string;

  constructor(private readonly o: HubSpotClientOptions) {
    this.rt = { ...realRuntime, ...o.runtime };
    this.policy = { ...defaultRetryPolicy, ...o.policy };
    this.gate = o.gate ?? new RateGate(this.rt);
    this.base = o.baseUrl.replace(/\/+$/, '');
    this.gate.setUsage('hubspot:search', 0, Math.ceil(1000 / (o.searchPerSecond ?? 4)));
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, gateKey = 'hubspot'): Promise<unknown> {
    return callJson({
      service: 'hubspot',
      rt: this.rt,
      policy: this.policy,
      gate: this.gate,
      gateKey,
      url: `${this.base}${path}`,
      init: {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
      // Every call here reads (search and batch read are POSTs that change nothing).
      idempotent: true,
      classify: classifyHubSpot,
      onHeaders: (h) => {
        const l = readHubSpotLimits(h);
        if (!l) return;
        const { spacingMs, blockMs } = hubSpotSpacing(l);
        this.gate.setUsage('hubspot', l.max > 0 ? Math.round(100 * (1 - l.remaining / l.max)) : 0, spacingMs);
        if (blockMs) this.gate.block('hubspot', blockMs);
      },
      ...(this.o.onWait ? { onWait: this.o.onWait } : {}),
    });
  }

  /** The portal the token belongs to: what Connect checks before it stores a token. */
  async portal(): Promise<HubSpotPortalRecord> {
    const r = validate('hubspot', S.accountDetailsSchema, await this.call('GET', `/account-info/${this.o.version}/details`), 'account details');
    return { portalId: r.portalId, accountType: r.accountType, timeZone: r.timeZone, currency: r.companyCurrency, uiDomain: r.uiDomain, dataHostingLocation: r.dataHostingLocation ?? null };
  }

  async pipelines(): Promise<CrmPipelineRecord[]> {
    const r = validate('hubspot', S.pipelinesSchema, await this.call('GET', `/crm/pipelines/${this.o.version}/deals`), 'pipelines');
    return r.results.map((p) => ({
      id: p.id,
      label: p.label,
      displayOrder: p.displayOrder,
      archived: p.archived ?? false,
      stages: p.stages.map((s) => {
        const probability = s.metadata.probability === undefined ? null : Number(s.metadata.probability);
        const isClosed = s.metadata.isClosed === 'true';
        // HubSpot has no "won" flag: a closed stage with probability 1 is won.
        return { id: s.id, label: s.label, displayOrder: s.displayOrder, probability, isClosed, isWon: isClosed && probability === 1 };
      }),
    }));
  }

  /**
   * Deals with hs_lastmodifieddate ≥ sinceMs, oldest first, a page at a time. A search query
   * reaches at most `searchResultLimit` results, so before the next page would pass it the window
   * restarts at the last modification time seen (the boundary deals come again; upserts make that
   * harmless).
   */
  async *dealsModifiedSince(sinceMs: number): AsyncGenerator<CrmDealRecord[]> {
    const limit = this.o.searchPageSize ?? 200;
    const cap = this.o.searchResultLimit ?? 10_000;
    let windowStart = sinceMs;
    let after = 0;
    let lastMs = sinceMs;
    for (;;) {
      const body = {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(windowStart) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: DEAL_PROPERTIES,
        limit,
        after: String(after),
      };
      const page = validate('hubspot', S.searchSchema, await this.call('POST', `/crm/objects/${this.o.version}/deals/search`, body, 'hubspot:search'), 'deal search');
      const deals = page.results.map((d) => this.toDeal(d));
      for (const d of deals) lastMs = Math.max(lastMs, d.modifiedMs);
      yield deals;
      if (!page.paging) return;
      const next = Number(page.paging.next.after);
      if (!Number.isInteger(next) || next <= after) throw new ApiError('hubspot', 'malformed-reply', `HubSpot deal search: paging.next.after ${page.paging.next.after} does not move forward`);
      if (next + limit <= cap) {
        after = next;
        continue;
      }
      if (lastMs === windowStart) throw new ApiError('hubspot', 'invalid-request', `more than ${cap} deals share hs_lastmodifieddate ${new Date(lastMs).toISOString()}; the search cannot move past them`);
      windowStart = lastMs;
      after = 0;
    }
  }

  /** Contact ids associated with each deal (v4 associations, batch read). */
  async dealContacts(dealIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (let i = 0; i < dealIds.length; i += 1000) {
      const inputs = dealIds.slice(i, i + 1000).map((id) => ({ id }));
      const r = validate('hubspot', S.associationsSchema, await this.call('POST', '/crm/v4/associations/deals/contacts/batch/read', { inputs }), 'deal associations');
      for (const row of r.results) out.set(row.from.id, row.to.map((t) => String(t.toObjectId)));
    }
    return out;
  }

  /** Contacts' source properties, batch read 100 at a time. */
  async contacts(ids: string[]): Promise<Map<string, Record<string, string | null>>> {
    const out = new Map<string, Record<string, string | null>>();
    for (let i = 0; i < ids.length; i += 100) {
      const inputs = ids.slice(i, i + 100).map((id) => ({ id }));
      const r = validate('hubspot', S.batchReadSchema, await this.call('POST', `/crm/objects/${this.o.version}/contacts/batch/read`, { inputs, properties: CONTACT_PROPERTIES }), 'contacts');
      for (const c of r.results) out.set(c.id, c.properties);
    }
    return out;
  }

  /** The source data of each deal's contacts, as the contact-source table holds it. */
  async contactSources(dealIds: string[]): Promise<CrmContactSourceRecord[]> {
    const assoc = await this.dealContacts(dealIds);
    const contactIds = [...new Set([...assoc.values()].flat())];
    const contacts = await this.contacts(contactIds);
    const out: CrmContactSourceRecord[] = [];
    for (const [dealId, list] of assoc) {
      for (const contactId of list) {
        const p = contacts.get(contactId);
        if (!p) continue;
        out.push({
          contactId,
          dealId,
          source: p.hs_analytics_source ?? null,
          sourceData1: p.hs_analytics_source_data_1 ?? null,
          sourceData2: p.hs_analytics_source_data_2 ?? null,
          firstUrl: p.hs_analytics_first_url ?? null,
          facebookClickId: p.hs_facebook_click_id ?? null,
          createdAt: p.createdate ?? null,
        });
      }
    }
    return out;
  }

  private toDeal(d: { id: string; properties: Record<string, string | null>; archived?: boolean | undefined }): CrmDealRecord {
    const p = d.properties;
    const modifiedMs = Date.parse(p.hs_lastmodifieddate ?? '');
    const createdMs = Date.parse(p.createdate ?? '');
    if (!p.pipeline || !p.dealstage || !Number.isFinite(modifiedMs) || !Number.isFinite(createdMs)) {
      throw new ApiError('hubspot', 'malformed-reply', `HubSpot deal ${d.id} lacks pipeline, dealstage, createdate or hs_lastmodifieddate`);
    }
    const currency = p.deal_currency_code ?? this.o.defaultCurrency ?? null;
    // Both failed later as a database check (char(3), amount >= 0) with Postgres's words, not as the reply they are.
    if (currency !== null && !/^[A-Z]{3}$/.test(currency)) throw new ApiError('hubspot', 'malformed-reply', `HubSpot deal ${d.id} has currency ${JSON.stringify(currency)}, not an ISO 4217 code`);
    let amount: number | null = null;
    if (p.amount) {
      amount = decimalToMinor(p.amount, currencyOffset(currency ?? 'USD'));
      if (amount === null) throw new ApiError('hubspot', 'malformed-reply', `HubSpot deal ${d.id} has amount ${JSON.stringify(p.amount)}, not a number`);
      // A negative amount is a refund or credit booked as a deal: real data, not a broken reply, so
      // failing the pull would fail every pull after it too. It is no pipeline: kept without an
      // amount (a won deal without one counts 0, see deal_pipeline_values).
      if (amount < 0) amount = null;
    }
    const closedMs = p.closedate ? Date.parse(p.closedate) : NaN;
    return {
      id: d.id,
      name: p.dealname ?? '',
      pipelineId: p.pipeline,
      stageId: p.dealstage,
      amount,
      currency,
      createdAt: new Date(createdMs).toISOString(),
      closedAt: Number.isFinite(closedMs) ? new Date(closedMs).toISOString() : null,
      modifiedAt: new Date(modifiedMs).toISOString(),
      modifiedMs,
      source: p.hs_analytics_source ?? null,
      sourceData1: p.hs_analytics_source_data_1 ?? null,
      sourceData2: p.hs_analytics_source_data_2 ?? null,
      archived: d.archived ?? false,
    };
  }
}
