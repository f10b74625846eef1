// One sync run: Meta (per ad account: structure, then daily insights from the cursor minus the
// trailing re-read window up to today) and HubSpot (pipelines, deals modified since the cursor,
// their contacts' source data). Each account's pull is read whole first and written in ONE
// transaction with its new cursor, so a failure midway (a malformed reply, a lost token) changes
// nothing and the next run starts from the same place.
import type { Output, ParsedInput, Settings, SyncSource, SyncSourceResult } from '../../../../contract';
import { ApiError, HubSpotClient, MetaClient, realRuntime, type CrmDealRecord, type HubSpotClientOptions, type MetaClientOptions, type MetaInsightRecord, type MetaStructure, type SecretStore } from '../../../../sync';
import type { Logger } from '../../../log';
import type { Database } from '../../db';
import { readSettings } from '../../handlers/settings';
import { LimitsRecorder } from './limits';
import { CONNECTION, markFailed, markStarted, markSuccess, readCursor } from './state';
import { replaceContactSources, upsertDeals, upsertPipelines } from './store-hubspot';
import { upsertInsights, upsertMetaStructure } from './store-meta';

export const SECRET_KEYS: Record<SyncSource, string> = { meta: 'meta:default', hubspot: 'hubspot:default' };

export interface SyncDeps {
  db: Database;
  log: Logger;
  secrets: SecretStore;
  /** Extra client options (tests: a fake clock, small pages). */
  meta?: Partial<MetaClientOptions>;
  hubspot?: Partial<HubSpotClientOptions>;
  /** Today as YYYY-MM-DD (UTC by default). */
  today?: () => string;
}

export type Progress = (step: string, done: number, total: number, message?: string) => void;

const emptyResult = (source: SyncSource): SyncSourceResult => ({
  source, status: 'ok', accounts: 0, campaigns: 0, adSets: 0, ads: 0, creatives: 0, insightRows: 0, skippedRows: 0, since: null, until: null,
  asyncReports: 0, pipelines: 0, stages: 0, deals: 0, skippedDeals: 0, contactSources: 0,
});

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function failure(result: SyncSourceResult, e: unknown): SyncSourceResult {
  if (e instanceof ApiError) {
    return { ...result, status: e.kind === 'reconnect-needed' ? 'reconnect-needed' : 'failed', error: { kind: e.kind, message: e.message, ...(e.code !== undefined ? { code: e.code } : {}) } };
  }
  return { ...result, status: 'failed', error: { kind: 'internal', message: (e as Error).message } };
}

export async function runSync(deps: SyncDeps, input: ParsedInput<'sync.run'>, progress: Progress): Promise<Output<'sync.run'>> {
  const t0 = performance.now();
  const settings = await readSettings(deps.db);
  const results: SyncSourceResult[] = [];
  // The limits each source reports are kept whatever the outcome (a rate limit is when they matter).
  if (input.source !== 'hubspot') {
    const limits = new LimitsRecorder('meta');
    results.push(await syncMeta(deps, settings, input.metaUrl, progress, limits));
    await limits.save(deps.db);
  }
  if (input.source !== 'meta') {
    const limits = new LimitsRecorder('hubspot');
    results.push(await syncHubSpot(deps, settings, input.hubspotUrl, progress, limits));
    await limits.save(deps.db);
  }
  return { results, ms: Math.round(performance.now() - t0) };
}

/** A Meta client with the stored token, or null when Meta is not connected. */
export async function metaClientFor(deps: SyncDeps, settings: Settings, urlOverride: string | undefined, limits?: LimitsRecorder): Promise<MetaClient | null> {
  const token = await deps.secrets.get(SECRET_KEYS.meta);
  if (!token) return null;
  const runtime = limits ? { ...deps.meta?.runtime, fetch: limits.wrap(deps.meta?.runtime?.fetch ?? realRuntime.fetch) } : deps.meta?.runtime;
  return new MetaClient({ baseUrl: urlOverride ?? settings.metaBaseUrl, version: settings.metaApiVersion, token, ...deps.meta, ...(runtime ? { runtime } : {}) });
}

async function syncMeta(deps: SyncDeps, settings: Settings, urlOverride: string | undefined, progress: Progress, limits: LimitsRecorder): Promise<SyncSourceResult> {
  let result = emptyResult('meta');
  const client = await metaClientFor(deps, settings, urlOverride, limits);
  if (!client) return { ...result, status: 'not-connected' };
  const today = deps.today?.() ?? new Date().toISOString().slice(0, 10);
  let accountId = CONNECTION;
  try {
    await markStarted(deps.db, 'meta', CONNECTION);
    progress('meta accounts', 0, 1);
    const accounts = await client.adAccounts();
    let n = 0;
    for (const acct of accounts) {
      accountId = acct.id;
      const t = performance.now();
      await markStarted(deps.db, 'meta', acct.id);
      progress('meta structure', n, accounts.length, acct.name);
      const [minDailyBudget, campaigns, adSets, ads, creatives] = await Promise.all([
        client.minimumBudget(acct.id, acct.currency),
        client.campaigns(acct.id),
        client.adSets(acct.id),
        client.ads(acct.id),
        client.creatives(acct.id),
      ]);
      const structure: MetaStructure = { account: acct, minDailyBudget, campaigns, adSets, ads, creatives };
      const cursor = await readCursor(deps.db, 'meta', acct.id);
      const last = typeof cursor.lastDay === 'string' ? cursor.lastDay : null;
      // Meta restates recent days: start the trailing window before the last day read.
      const since = last ? addDays(last, -settings.syncRereadDays) : addDays(today, -(settings.syncInitialDays - 1));
      const rows: MetaInsightRecord[] = [];
      let asyncReports = 0;
      for await (const page of client.insights(acct, since, today, (m) => (asyncReports += m === 'async' ? 1 : 0))) {
        rows.push(...page);
        progress('meta insights', n, accounts.length, `${acct.name}: ${rows.length} rows`);
      }
      const written = await deps.db.transaction(async (tx) => {
        await upsertMetaStructure(tx, structure);
        const w = await upsertInsights(tx, rows);
        await markSuccess(tx, 'meta', acct.id, { lastDay: today }, { campaigns: campaigns.length, adSets: adSets.length, ads: ads.length, insightRows: w.written, since, until: today });
        return w;
      });
      result = {
        ...result,
        accounts: result.accounts + 1,
        campaigns: result.campaigns + campaigns.length,
        adSets: result.adSets + adSets.length,
        ads: result.ads + ads.length,
        creatives: result.creatives + creatives.length,
        insightRows: result.insightRows + written.written,
        skippedRows: result.skippedRows + written.skipped,
        since: result.since === null || since < result.since ? since : result.since,
        until: today,
        asyncReports: result.asyncReports + asyncReports,
      };
      deps.log.info('meta account synced', { accountId: acct.id, since, until: today, rows: written.written, inserted: written.inserted, updated: written.updated, skipped: written.skipped, asyncReports, durationMs: Math.round(performance.now() - t) });
      n++;
    }
    await markSuccess(deps.db, 'meta', CONNECTION, null, { accounts: result.accounts, insightRows: result.insightRows });
    progress('meta done', accounts.length, accounts.length);
    return result;
  } catch (e) {
    const f = failure(result, e);
    await markFailed(deps.db, 'meta', accountId, f.error!.kind, f.error!.message);
    if (accountId !== CONNECTION) await markFailed(deps.db, 'meta', CONNECTION, f.error!.kind, f.error!.message);
    deps.log.warn('meta sync failed', { accountId, kind: f.error!.kind, error: f.error!.message });
    return f;
  }
}

async function syncHubSpot(deps: SyncDeps, settings: Settings, urlOverride: string | undefined, progress: Progress, limits: LimitsRecorder): Promise<SyncSourceResult> {
  const result = emptyResult('hubspot');
  const token = await deps.secrets.get(SECRET_KEYS.hubspot);
  if (!token) return { ...result, status: 'not-connected' };
  const currency = (await deps.db.query<{ currency: string }>('select currency from accounts order by id limit 1')).rows[0]?.currency ?? 'USD';
  const runtime = { ...deps.hubspot?.runtime, fetch: limits.wrap(deps.hubspot?.runtime?.fetch ?? realRuntime.fetch) };
  const client = new HubSpotClient({ baseUrl: urlOverride ?? settings.hubspotBaseUrl, version: settings.hubspotApiVersion, token, defaultCurrency: currency, ...deps.hubspot, runtime });
  const t = performance.now();
  try {
    await markStarted(deps.db, 'hubspot', CONNECTION);
    progress('hubspot pipelines', 0, 3);
    const pipelines = await client.pipelines();
    const cursor = await readCursor(deps.db, 'hubspot', CONNECTION);
    const sinceMs = typeof cursor.modifiedMs === 'number' ? cursor.modifiedMs : 0;
    const deals = new Map<string, CrmDealRecord>();
    let maxMs = sinceMs;
    for await (const page of client.dealsModifiedSince(sinceMs)) {
      for (const d of page) {
        deals.set(d.id, d);
        maxMs = Math.max(maxMs, d.modifiedMs);
      }
      progress('hubspot deals', 1, 3, `${deals.size} deals`);
    }
    const dealIds = [...deals.keys()];
    progress('hubspot contacts', 2, 3, `${dealIds.length} deals`);
    const sources = await client.contactSources(dealIds);
    const out = await deps.db.transaction(async (tx) => {
      const p = await upsertPipelines(tx, pipelines);
      const d = await upsertDeals(tx, [...deals.values()]);
      const c = await replaceContactSources(tx, dealIds, sources);
      // The cursor is inclusive (GTE): deals modified at exactly maxMs are read again next time.
      await markSuccess(tx, 'hubspot', CONNECTION, { modifiedMs: maxMs }, { deals: d.written, contactSources: c });
      return { ...p, deals: d.written, skippedDeals: d.skipped, contactSources: c };
    });
    deps.log.info('hubspot synced', { ...out, sinceMs, durationMs: Math.round(performance.now() - t) });
    progress('hubspot done', 3, 3);
    return { ...result, ...out };
  } catch (e) {
    const f = failure(result, e);
    await markFailed(deps.db, 'hubspot', CONNECTION, f.error!.kind, f.error!.message);
    deps.log.warn('hubspot sync failed', { kind: f.error!.kind, error: f.error!.message });
    return f;
  }
}
