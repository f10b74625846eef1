// Writes a parsed Ads Manager export: the structure the file names (accounts, campaigns, ad
// sets, ads it has not seen) and one metrics row per ad and day, upserted so a re-import of the
// same file changes nothing. Structure work is per distinct ad the parse found (thousands), never
// per row (a million): rows reach the database as columns. Runs inside the caller's transaction.
import { createHash } from 'node:crypto';
import { AdloopError, currencyOffset } from '../../../../contract';
import type { MetaAdRef, MetaAdsColumns } from '../../../domain/import/meta-ads';
import { parseMetaAdsBytes } from '../../../domain/import/meta-ads';
import { isoDayOf } from '../../../domain/import/numbers-bytes';
import type { Rejected } from '../../../domain/import/report';
import type { Database } from '../../db';
import { writeDailyMetrics } from '../daily-metrics-writer';

type Tx = Pick<Database, 'query' | 'exec'>;

export interface MetaImportResult {
  parse: MetaAdsColumns;
  rejected: Rejected[];
  imported: number;
  inserted: number;
  updated: number;
  created: { accounts: number; campaigns: number; adSets: number; ads: number };
  accountIds: string[];
}

/** A stable id for an entity the export names but does not number (same file → same id). */
function syntheticId(prefix: string, ...parts: string[]): string {
  return `csv-${prefix}-${createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 16)}`;
}

interface AccountRow {
  id: string;
  currency: string;
  currency_offset: number;
}

async function chooseDefaultAccount(tx: Tx, accountId: string | undefined): Promise<AccountRow | null> {
  const res = await tx.query<AccountRow>('select id, currency, currency_offset from accounts order by id');
  if (accountId) {
    const a = res.rows.find((r) => r.id === accountId);
    if (!a) throw new AdloopError('NotFound', `there is no account ${accountId}; accounts: ${res.rows.map((r) => r.id).join(', ') || 'none'}`);
    return a;
  }
  return res.rows.length === 1 ? res.rows[0]! : null;
}

export async function importMetaAds(tx: Tx, bytes: Uint8Array, opts: { accountId?: string | undefined }): Promise<MetaImportResult> {
  const fallback = await chooseDefaultAccount(tx, opts.accountId);
  const parse = parseMetaAdsBytes(bytes, { offsetOf: currencyOffset, fallbackCurrency: fallback?.currency ?? null });
  const rejected = [...parse.rejected];
  const offset = currencyOffset(parse.currency);
  // Only ads with imported rows create anything (an ad whose every row was rejected does not).
  const used = parse.ads.filter((a) => a.rows > 0);

  // Accounts: the file's own account column, the one chosen, the workspace's only one, or a new
  // CSV account per currency.
  const accounts = new Map((await tx.query<AccountRow>('select id, currency, currency_offset from accounts')).rows.map((a) => [a.id, a]));
  const created = { accounts: 0, campaigns: 0, adSets: 0, ads: 0 };
  const newAccounts: Array<{ id: string; name: string; currency: string; offset: number }> = [];
  // Rows without an account column: the chosen account, else the workspace's only account in the
  // file's currency, else a new CSV account for that currency.
  const sameCurrency = [...accounts.values()].filter((a) => a.currency === parse.currency);
  if (!opts.accountId && sameCurrency.length > 1 && used.some((r) => !r.accountId)) {
    throw new AdloopError('InvalidInput', `the workspace has ${sameCurrency.length} accounts in ${parse.currency} (${sameCurrency.map((a) => a.id).join(', ')}) and the file has no account column; choose the account`, { details: { kind: 'meta-ads' } });
  }
  const defaultAccountId = opts.accountId ?? sameCurrency[0]?.id ?? `csv-${parse.currency.toLowerCase()}`;
  const accountOf = (r: MetaAdRef) => (opts.accountId ?? r.accountId ?? defaultAccountId)!;
  for (const r of used) {
    const id = accountOf(r);
    if (accounts.has(id) || newAccounts.some((a) => a.id === id)) continue;
    newAccounts.push({ id, name: r.accountName ?? (id.startsWith('csv-') ? `CSV import (${parse.currency})` : `Ad account ${id}`), currency: parse.currency, offset });
  }
  for (const a of newAccounts) accounts.set(a.id, { id: a.id, currency: a.currency, currency_offset: a.offset });
  const wrongCurrency = [...new Set(used.map(accountOf))].filter((id) => accounts.get(id)!.currency !== parse.currency);
  if (wrongCurrency.length) {
    throw new AdloopError('InvalidInput', `the file is in ${parse.currency} but account ${wrongCurrency[0]} is in ${accounts.get(wrongCurrency[0]!)!.currency}; money would be mixed`, { details: { kind: 'meta-ads' } });
  }
  if (newAccounts.length) {
    await tx.query(
      `insert into accounts (id, name, currency, currency_offset, source) select id, name, currency, "offset", 'csv'
         from jsonb_to_recordset($1::jsonb) as r(id text, name text, currency text, "offset" int)`,
      [JSON.stringify(newAccounts)],
    );
    created.accounts = newAccounts.length;
  }

  // Ads the workspace already has keep their place in the structure; the rest are created under
  // the campaign and ad set the row names (matched by id, else by name within the account).
  const adIds = [...new Set(used.map((r) => r.adId).filter((x): x is string => !!x))];
  const known = new Map(
    (await tx.query<{ id: string; key: number; account_id: string }>('select id, key, account_id from ads where id = any($1::text[])', [adIds])).rows.map((a) => [a.id, a]),
  );
  const acctIds = [...new Set(used.map(accountOf))];
  const campaignsByName = new Map(
    (await tx.query<{ id: string; account_id: string; name: string }>('select id, account_id, name from campaigns where account_id = any($1::text[])', [acctIds])).rows.map((c) => [`${c.account_id}\u0000${c.name}`, c.id]),
  );
  const campaignIds = new Set((await tx.query<{ id: string }>('select id from campaigns')).rows.map((c) => c.id));
  const adSetsByName = new Map(
    (await tx.query<{ id: string; campaign_id: string; name: string }>('select id, campaign_id, name from ad_sets where account_id = any($1::text[])', [acctIds])).rows.map((s) => [`${s.campaign_id}\u0000${s.name}`, s.id]),
  );
  const adSetIds = new Set((await tx.query<{ id: string }>('select id from ad_sets')).rows.map((s) => s.id));
  const adsByName = new Map(
    (await tx.query<{ id: string; key: number; ad_set_id: string; name: string }>('select id, key, ad_set_id, name from ads where account_id = any($1::text[])', [acctIds])).rows.map((a) => [`${a.ad_set_id}\u0000${a.name}`, a.id]),
  );

  const haveAd = new Set([...known.keys(), ...adsByName.values()]);
  const newCampaigns: Array<{ id: string; accountId: string; name: string }> = [];
  const newAdSets: Array<{ id: string; campaignId: string; accountId: string; name: string }> = [];
  const newAds: Array<{ id: string; adSetId: string; campaignId: string; accountId: string; name: string; firstDay: number }> = [];
  const newAdIndex = new Map<string, number>();
  const adIdOfRef: string[] = new Array<string>(parse.ads.length);
  for (const [i, r] of parse.ads.entries()) {
    if (r.rows === 0) continue;
    const accountId = accountOf(r);
    if (r.adId && known.has(r.adId)) {
      adIdOfRef[i] = r.adId;
      continue;
    }
    const campaignName = r.campaignName || '(no campaign name)';
    const campaignId = r.campaignId ?? campaignsByName.get(`${accountId}\u0000${campaignName}`) ?? syntheticId('c', accountId, campaignName);
    if (!campaignIds.has(campaignId)) {
      campaignIds.add(campaignId);
      campaignsByName.set(`${accountId}\u0000${campaignName}`, campaignId);
      newCampaigns.push({ id: campaignId, accountId, name: campaignName });
    }
    const adSetName = r.adSetName || '(no ad set name)';
    const adSetId = r.adSetId ?? adSetsByName.get(`${campaignId}\u0000${adSetName}`) ?? syntheticId('s', campaignId, adSetName);
    if (!adSetIds.has(adSetId)) {
      adSetIds.add(adSetId);
      adSetsByName.set(`${campaignId}\u0000${adSetName}`, adSetId);
      newAdSets.push({ id: adSetId, campaignId, accountId, name: adSetName });
    }
    const nameKey = `${adSetId}\u0000${r.adName}`;
    const adId = r.adId ?? adsByName.get(nameKey) ?? syntheticId('a', adSetId, r.adName);
    if (!haveAd.has(adId)) {
      haveAd.add(adId);
      adsByName.set(nameKey, adId);
      newAdIndex.set(adId, newAds.length);
      newAds.push({ id: adId, adSetId, campaignId, accountId, name: r.adName, firstDay: r.firstDay });
    }
    // The first day the file shows a new ad is its launch day as far as Adloop knows.
    const k = newAdIndex.get(adId);
    if (k !== undefined && r.firstDay < newAds[k]!.firstDay) newAds[k]!.firstDay = r.firstDay;
    adIdOfRef[i] = adId;
  }
  if (newCampaigns.length) {
    await tx.query(
      `insert into campaigns (id, account_id, name, budget_mode) select id, "accountId", name, 'ABO' from jsonb_to_recordset($1::jsonb) as r(id text, "accountId" text, name text)`,
      [JSON.stringify(newCampaigns)],
    );
  }
  if (newAdSets.length) {
    await tx.query(
      `insert into ad_sets (id, campaign_id, account_id, name) select id, "campaignId", "accountId", name from jsonb_to_recordset($1::jsonb) as r(id text, "campaignId" text, "accountId" text, name text)`,
      [JSON.stringify(newAdSets)],
    );
  }
  if (newAds.length) {
    await tx.query(
      `insert into ads (id, ad_set_id, campaign_id, account_id, name, launched_on)
       select id, "adSetId", "campaignId", "accountId", name, "launchedOn"::date from jsonb_to_recordset($1::jsonb) as r(id text, "adSetId" text, "campaignId" text, "accountId" text, name text, "launchedOn" text)`,
      [JSON.stringify(newAds.map(({ firstDay, ...a }) => ({ ...a, launchedOn: isoDayOf(firstDay) })))],
    );
  }
  created.campaigns = newCampaigns.length;
  created.adSets = newAdSets.length;
  created.ads = newAds.length;

  const keyRows = await tx.query<{ id: string; key: number }>('select id, key from ads where id = any($1::text[])', [[...new Set(adIdOfRef.filter(Boolean))]]);
  const keyById = new Map(keyRows.rows.map((r) => [r.id, r.key]));
  const keyOfRef = Int32Array.from(parse.ads, (_, i) => (adIdOfRef[i] ? keyById.get(adIdOfRef[i])! : 0));
  const n = parse.count;
  const adKey = new Int32Array(n);
  for (let i = 0; i < n; i++) adKey[i] = keyOfRef[parse.ad[i]!]!;
  const written = await writeDailyMetrics(tx, {
    count: n,
    adKey,
    day: parse.day,
    impressions: parse.impressions,
    reach: parse.reach,
    frequency: parse.frequency,
    clicks: parse.clicks,
    spend: parse.spend,
  });
  return {
    parse,
    rejected,
    imported: n,
    inserted: written.inserted,
    updated: written.updated,
    created,
    accountIds: acctIds,
  };
}
