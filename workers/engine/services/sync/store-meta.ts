// Writes what the Meta pull returned: upserts keyed on Meta's ids, so a re-sync changes nothing
// and a restated day overwrites the old numbers. Runs inside the caller's transaction.
import type { MetaInsightRecord, MetaStructure } from '../../../../sync';
import { pgDayNumber } from '../../copy-binary';
import type { Database } from '../../db';
import { writeDailyMetrics } from '../daily-metrics-writer';

type Tx = Pick<Database, 'query' | 'exec'>;

async function json(tx: Tx, sql: string, rows: unknown[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await tx.query(sql, [JSON.stringify(rows)]);
  return r.affectedRows ?? 0;
}

export async function upsertMetaStructure(tx: Tx, s: MetaStructure): Promise<void> {
  await json(
    tx,
    `insert into accounts (id, name, currency, currency_offset, timezone, source, min_daily_budget)
     select id, name, currency, "currencyOffset", timezone, 'meta', coalesce("minDailyBudget", 100)
       from jsonb_to_recordset($1::jsonb) as r(id text, name text, currency text, "currencyOffset" int, timezone text, "minDailyBudget" bigint)
     on conflict (id) do update set name = excluded.name, currency = excluded.currency, currency_offset = excluded.currency_offset,
       timezone = excluded.timezone, source = 'meta', min_daily_budget = excluded.min_daily_budget, updated_at = now()`,
    [{ ...s.account, minDailyBudget: s.minDailyBudget }],
  );
  await json(
    tx,
    `insert into campaigns (id, account_id, name, objective, status, budget_mode, daily_budget)
     select id, "accountId", name, objective, status, case when "dailyBudget" is null then 'ABO' else 'CBO' end, "dailyBudget"
       from jsonb_to_recordset($1::jsonb) as r(id text, "accountId" text, name text, objective text, status text, "dailyBudget" bigint)
     on conflict (id) do update set name = excluded.name, objective = excluded.objective, status = excluded.status,
       budget_mode = excluded.budget_mode, daily_budget = excluded.daily_budget, updated_at = now()`,
    s.campaigns,
  );
  await json(
    tx,
    `insert into ad_sets (id, campaign_id, account_id, name, status, daily_budget, learning_stage)
     select id, "campaignId", "accountId", name, status, "dailyBudget", "learningStage"
       from jsonb_to_recordset($1::jsonb) as r(id text, "campaignId" text, "accountId" text, name text, status text, "dailyBudget" bigint, "learningStage" text)
     on conflict (id) do update set campaign_id = excluded.campaign_id, name = excluded.name, status = excluded.status,
       daily_budget = excluded.daily_budget, learning_stage = excluded.learning_stage, updated_at = now()`,
    s.adSets,
  );
  await json(
    tx,
    `insert into ad_creatives (id, account_id, name, object_type, title, body)
     select id, "accountId", name, "objectType", title, body
       from jsonb_to_recordset($1::jsonb) as r(id text, "accountId" text, name text, "objectType" text, title text, body text)
     on conflict (id) do update set name = excluded.name, object_type = excluded.object_type, title = excluded.title, body = excluded.body, updated_at = now()`,
    s.creatives.map((c) => ({ ...c, accountId: s.account.id })),
  );
  await json(
    tx,
    `insert into ads (id, ad_set_id, campaign_id, account_id, name, status, creative_id)
     select id, "adSetId", "campaignId", "accountId", name, status, "creativeId"
       from jsonb_to_recordset($1::jsonb) as r(id text, "adSetId" text, "campaignId" text, "accountId" text, name text, status text, "creativeId" text)
     on conflict (id) do update set ad_set_id = excluded.ad_set_id, campaign_id = excluded.campaign_id, name = excluded.name,
       status = excluded.status, creative_id = excluded.creative_id, updated_at = now()`,
    s.ads,
  );
}

/**
 * Upserts daily rows on (ad, day). Rows of ads the structure does not know (deleted before this
 * pull) are counted and left out rather than failing the pull. The rows go through the shared
 * daily-metrics writer (binary COPY; on a re-read only the rows whose numbers Meta restated are
 * written). `written` counts the rows stored, changed or not; `inserted`/`updated` what changed.
 */
export async function upsertInsights(tx: Tx, rows: MetaInsightRecord[]): Promise<{ written: number; skipped: number; inserted: number; updated: number }> {
  if (!rows.length) return { written: 0, skipped: 0, inserted: 0, updated: 0 };
  const ids = [...new Set(rows.map((r) => r.adId))];
  const keys = await tx.query<{ id: string; key: number }>('select id, key from ads where id = any($1::text[])', [ids]);
  const keyOf = new Map(keys.rows.map((r) => [r.id, r.key]));
  // One row per (ad, day), the last one winning, as the upsert would.
  const byKey = new Map<string, MetaInsightRecord>();
  for (const r of rows) if (keyOf.has(r.adId)) byKey.set(`${r.adId}|${r.day}`, r);
  const known = [...byKey.values()];
  const n = known.length;
  const col = () => new Float64Array(n);
  const adKey = new Int32Array(n);
  const day = new Int32Array(n);
  const [imp, reach, freq, clicks, spend, leads, purchases, value] = [col(), col(), col(), col(), col(), col(), col(), col()];
  const dayNo = new Map<string, number>();
  known.forEach((r, i) => {
    adKey[i] = keyOf.get(r.adId)!;
    let d = dayNo.get(r.day);
    if (d === undefined) dayNo.set(r.day, (d = pgDayNumber(r.day)));
    day[i] = d;
    imp[i] = r.impressions;
    reach[i] = r.reach;
    freq[i] = r.frequency;
    clicks[i] = Math.min(r.clicks, r.impressions); // link clicks can exceed impressions by a hair in Meta's data
    spend[i] = r.spend;
    leads[i] = r.leads;
    purchases[i] = r.purchases;
    value[i] = r.purchaseValue;
  });
  const w = await writeDailyMetrics(tx, {
    count: n,
    adKey,
    day,
    impressions: imp,
    reach,
    frequency: freq,
    clicks,
    spend,
    conversions: { leads, purchases, purchaseValue: value },
  });
  return { written: n, skipped: rows.length - n, inserted: w.inserted, updated: w.updated };
}
