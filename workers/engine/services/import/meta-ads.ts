// Writes a parsed Ads Manager export: the structure the file names (accounts, campaigns, ad
// sets, ads it has not seen) and one metrics row per ad and day, upserted so a re-import of the
// same file changes nothing. Runs inside the caller's transaction.
import { createHash } from 'node:crypto';
import { AdloopError, currencyOffset } from '../../../../contract';
import type { MetaAdRow, MetaAdsParse } from '../../../domain/import/meta-ads';
import { parseMetaAdsCsv } from '../../../domain/import/meta-ads';
import type { Rejected } from '../../../domain/import/report';
import { encodeBinaryCopy, pgDayNumber } from '../../copy-binary';
import type { Database } from '../../db';
import { METRICS_CONSTRAINTS } from '../../../simulator/load';

type Tx = Pick<Database, 'query' | 'exec'>;

export interface MetaImportResult {
  parse: MetaAdsParse;
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

export async function importMetaAds(tx: Tx, text: string, opts: { accountId?: string | undefined }): Promise<MetaImportResult> {
  const fallback = await chooseDefaultAccount(tx, opts.accountId);
  const parse = parseMetaAdsCsv(text, { offsetOf: currencyOffset, fallbackCurrency: fallback?.currency ?? null });
  const rejected = [...parse.rejected];
  const offset = currencyOffset(parse.currency);

  // Accounts: the file's own account column, the one chosen, the workspace's only one, or a new
  // CSV account per currency.
  const accounts = new Map((await tx.query<AccountRow>('select id, currency, currency_offset from accounts')).rows.map((a) => [a.id, a]));
  const created = { accounts: 0, campaigns: 0, adSets: 0, ads: 0 };
  const newAccounts: Array<{ id: string; name: string; currency: string; offset: number }> = [];
  // Rows without an account column: the chosen account, else the workspace's only account in the
  // file's currency, else a new CSV account for that currency.
  const sameCurrency = [...accounts.values()].filter((a) => a.currency === parse.currency);
  if (!opts.accountId && sameCurrency.length > 1 && parse.rows.some((r) => !r.accountId)) {
    throw new AdloopError('InvalidInput', `the workspace has ${sameCurrency.length} accounts in ${parse.currency} (${sameCurrency.map((a) => a.id).join(', ')}) and the file has no account column; choose the account`, { details: { kind: 'meta-ads' } });
  }
  const defaultAccountId = opts.accountId ?? sameCurrency[0]?.id ?? `csv-${parse.currency.toLowerCase()}`;
  const accountOf = (r: MetaAdRow) => (opts.accountId ?? r.accountId ?? defaultAccountId)!;
  for (const r of parse.rows) {
    const id = accountOf(r);
    if (accounts.has(id) || newAccounts.some((a) => a.id === id)) continue;
    newAccounts.push({ id, name: r.accountName ?? (id.startsWith('csv-') ? `CSV import (${parse.currency})` : `Ad account ${id}`), currency: parse.currency, offset });
  }
  for (const a of newAccounts) accounts.set(a.id, { id: a.id, currency: a.currency, currency_offset: a.offset });
  const wrongCurrency = [...new Set(parse.rows.map(accountOf))].filter((id) => accounts.get(id)!.currency !== parse.currency);
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
  const adIds = [...new Set(parse.rows.map((r) => r.adId).filter((x): x is string => !!x))];
  const known = new Map(
    (await tx.query<{ id: string; key: number; account_id: string }>('select id, key, account_id from ads where id = any($1::text[])', [adIds])).rows.map((a) => [a.id, a]),
  );
  const acctIds = [...new Set(parse.rows.map(accountOf))];
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
  const newAds: Array<{ id: string; adSetId: string; campaignId: string; accountId: string; name: string; launchedOn: string }> = [];
  const adIdOfRow: string[] = [];
  for (const r of parse.rows) {
    const accountId = accountOf(r);
    if (r.adId && known.has(r.adId)) {
      adIdOfRow.push(r.adId);
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
      newAds.push({ id: adId, adSetId, campaignId, accountId, name: r.adName, launchedOn: r.day });
    }
    adIdOfRow.push(adId);
  }
  // The first day the file shows a new ad is its launch day as far as Adloop knows.
  const newAdIndex = new Map(newAds.map((a, i) => [a.id, i]));
  parse.rows.forEach((r, i) => {
    const k = newAdIndex.get(adIdOfRow[i]!);
    if (k !== undefined && r.day < newAds[k]!.launchedOn) newAds[k]!.launchedOn = r.day;
  });
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
      [JSON.stringify(newAds)],
    );
  }
  created.campaigns = newCampaigns.length;
  created.adSets = newAdSets.length;
  created.ads = newAds.length;

  const keyRows = await tx.query<{ id: string; key: number }>('select id, key from ads where id = any($1::text[])', [[...new Set(adIdOfRow)]]);
  const keyById = new Map(keyRows.rows.map((r) => [r.id, r.key]));
  const n = parse.rows.length;
  const keys = new Int32Array(n);
  const days = new Int32Array(n);
  const impressions = new Int32Array(n);
  const reach = new Int32Array(n);
  const frequency = new Float64Array(n);
  const clicks = new Int32Array(n);
  const spend = new Float64Array(n);
  const dayCache = new Map<string, number>();
  parse.rows.forEach((r, i) => {
    keys[i] = keyById.get(adIdOfRow[i]!)!;
    let dn = dayCache.get(r.day);
    if (dn === undefined) dayCache.set(r.day, (dn = pgDayNumber(r.day)));
    days[i] = dn;
    impressions[i] = r.impressions;
    reach[i] = r.reach;
    frequency[i] = r.frequency;
    clicks[i] = r.clicks;
    spend[i] = r.spend;
  });
  const payload = encodeBinaryCopy(
    [
      { type: 'int4', values: keys },
      { type: 'date', values: days },
      { type: 'int4', values: impressions },
      { type: 'int4', values: reach },
      { type: 'float8', values: frequency },
      { type: 'int4', values: clicks },
      { type: 'int8', values: spend },
    ],
    n,
  );
  const copyInto = (table: string) =>
    tx.query(`copy ${table} (ad_key, day, impressions, reach, frequency, clicks, spend) from '/dev/blob' with (format binary)`, [], { blob: new Blob([payload]) });
  let inserted: number;
  let updated = 0;
  if ((await tx.query('select 1 from ad_daily_metrics limit 1')).rows.length === 0) {
    // First import into an empty table: COPY straight in with the keys rebuilt after (as the
    // demo load does); the rebuild still refuses a duplicate, and the parse already rejected them.
    await tx.exec(METRICS_CONSTRAINTS.drop);
    await copyInto('ad_daily_metrics');
    await tx.exec(METRICS_CONSTRAINTS.add);
    inserted = n;
  } else {
    await tx.exec(`create temp table if not exists csv_import_metrics (ad_key int, day date, impressions int, reach int, frequency float8, clicks int, spend bigint);
                   truncate csv_import_metrics`);
    await copyInto('csv_import_metrics');
    // Only rows whose numbers differ are written, so the counts say what the import changed.
    const up = await tx.query<{ inserted: number; updated: number }>(`
      with up as (
        insert into ad_daily_metrics as m (ad_key, day, impressions, reach, frequency, clicks, spend, fetched_at)
        select ad_key, day, impressions, reach, frequency, clicks, spend, now() from csv_import_metrics
        on conflict (ad_key, day) do update
          set impressions = excluded.impressions, reach = excluded.reach, frequency = excluded.frequency,
              clicks = excluded.clicks, spend = excluded.spend, fetched_at = excluded.fetched_at
          where (m.impressions, m.reach, m.frequency, m.clicks, m.spend) is distinct from
                (excluded.impressions, excluded.reach, excluded.frequency, excluded.clicks, excluded.spend)
        returning (xmax = 0) as ins)
      select count(*) filter (where ins)::int as inserted, count(*) filter (where not ins)::int as updated from up`);
    await tx.exec('truncate csv_import_metrics');
    inserted = up.rows[0]!.inserted;
    updated = up.rows[0]!.updated;
  }
  return {
    parse,
    rejected,
    imported: n,
    inserted,
    updated,
    created,
    accountIds: acctIds,
  };
}
