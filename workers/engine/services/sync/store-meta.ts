// Writes what the Meta pull returned: upserts keyed on Meta's ids, so a re-sync changes nothing
// and a restated day overwrites the old numbers. Runs inside the caller's transaction.
import type { MetaInsightRecord, MetaStructure } from '../../../../sync';
import type { Database } from '../../db';

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
 * pull) are counted and left out rather than failing the pull.
 */
export async function upsertInsights(tx: Tx, rows: MetaInsightRecord[], chunk = 5000): Promise<{ written: number; skipped: number }> {
  let written = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk).map((r) => [r.adId, r.day, r.impressions, r.reach, r.frequency, r.clicks, r.spend, r.leads, r.purchases, r.purchaseValue]);
    const res = await tx.query(
      `insert into ad_daily_metrics (ad_key, day, impressions, reach, frequency, clicks, spend, leads, purchases, purchase_value, fetched_at)
       select a.key, (r->>1)::date, (r->>2)::int, (r->>3)::int, (r->>4)::float8, least((r->>5)::int, (r->>2)::int), (r->>6)::bigint,
              (r->>7)::int, (r->>8)::int, (r->>9)::bigint, now()
         from jsonb_array_elements($1::jsonb) r join ads a on a.id = r->>0
       on conflict (ad_key, day) do update set impressions = excluded.impressions, reach = excluded.reach, frequency = excluded.frequency,
         clicks = excluded.clicks, spend = excluded.spend, leads = excluded.leads, purchases = excluded.purchases,
         purchase_value = excluded.purchase_value, fetched_at = excluded.fetched_at`,
      [JSON.stringify(part)],
    );
    written += res.affectedRows ?? 0;
  }
  return { written, skipped: rows.length - written };
}
