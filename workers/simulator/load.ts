// Loads a simulation into the workspace database in ONE transaction — nothing half-loaded.
// Daily metrics, deals and contacts go in with COPY from an in-memory blob (the fast path PGlite
// offers); the structure goes in as JSON record sets.
import { encodeBinaryCopy, pgDayNumber } from '../engine/copy-binary';
import type { Database } from '../engine/db';
import type { Simulation } from './types';

type Tx = Pick<Database, 'query' | 'exec'>;
export type Progress = (step: string, done: number, total: number) => void;

export interface LoadCounts {
  accounts: number;
  campaigns: number;
  adSets: number;
  ads: number;
  metricRows: number;
  deals: number;
}

/** Every table a workspace's data lives in, children first. Settings are kept. */
const DATA_TABLES = [
  'sync_state', 'ad_creatives', 'approval_history', 'approval_queue', 'workspace_tasks', 'allocation_recommendations', 'allocation_runs', 'sampler_posteriors',
  'fatigue_findings', 'fatigue_scans', 'creative_embeddings', 'predictions', 'learning_runs', 'attributions', 'crm_contact_sources',
  'crm_stage_values', 'crm_deals', 'crm_stages', 'crm_pipelines', 'ad_daily_metrics', 'ads', 'ad_sets', 'campaigns', 'accounts',
];

export async function clearWorkspace(tx: Tx): Promise<void> {
  for (const t of DATA_TABLES) await tx.exec(`delete from ${t}`);
}

export async function workspaceHasData(db: Pick<Database, 'query'>): Promise<boolean> {
  const res = await db.query('select 1 from accounts limit 1');
  return res.rows.length > 0;
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copyRows(tx: Tx, table: string, columns: string[], parts: string[]): Promise<void> {
  await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob(parts) });
}

async function copyBinary(tx: Tx, table: string, columns: string[], payload: Uint8Array<ArrayBuffer>): Promise<void> {
  await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format binary)`, [], { blob: new Blob([payload]) });
}

/**
 * COPY into ad_daily_metrics. Into an empty table, the primary key, foreign key and day index are
 * dropped for the load and rebuilt after it (as pg_restore does): maintaining a btree row by row
 * costs ~6× the copy itself here. The rebuild validates every row — a duplicate day or an unknown
 * ad fails the whole transaction, so nothing is half-loaded. METRICS_CONSTRAINTS must match
 * migrations/0001 (a test compares the catalog before and after a load).
 */
export const METRICS_CONSTRAINTS = {
  drop: `alter table ad_daily_metrics drop constraint ad_daily_metrics_ad_key_fkey, drop constraint ad_daily_metrics_pkey;
         drop index ad_daily_metrics_day;`,
  add: `alter table ad_daily_metrics add constraint ad_daily_metrics_pkey primary key (ad_key, day),
          add constraint ad_daily_metrics_ad_key_fkey foreign key (ad_key) references ads (key) on delete cascade;
        create index ad_daily_metrics_day on ad_daily_metrics (day);`,
};

async function bulkCopyMetrics(tx: Tx, payload: Uint8Array<ArrayBuffer>): Promise<void> {
  const columns = ['ad_key', 'day', 'impressions', 'reach', 'frequency', 'clicks', 'spend'];
  const empty = (await tx.query('select 1 from ad_daily_metrics limit 1')).rows.length === 0;
  if (!empty) return copyBinary(tx, 'ad_daily_metrics', columns, payload);
  await tx.exec(METRICS_CONSTRAINTS.drop);
  await copyBinary(tx, 'ad_daily_metrics', columns, payload);
  await tx.exec(METRICS_CONSTRAINTS.add);
}

async function insertJson(tx: Tx, sql: string, rows: unknown[]): Promise<void> {
  if (rows.length) await tx.query(sql, [JSON.stringify(rows)]);
}

export function loadSimulation(db: Database, sim: Simulation, onProgress: Progress = () => undefined): Promise<LoadCounts> {
  return db.transaction((tx) => loadSimulationInto(tx, sim, onProgress));
}

/** The load inside the caller's transaction (the demo clears and loads in one). */
export async function loadSimulationInto(tx: Tx, sim: Simulation, onProgress: Progress = () => undefined): Promise<LoadCounts> {
  const total = 6;
  {
    onProgress('structure', 0, total);
    await insertJson(
      tx,
      `insert into accounts (id, name, currency, currency_offset, source, min_daily_budget)
       select id, name, currency, "offset", 'demo', "minBudget" from jsonb_to_recordset($1::jsonb)
         as r(id text, name text, currency text, "offset" int, "minBudget" bigint)`,
      sim.accounts,
    );
    await insertJson(
      tx,
      `insert into campaigns (id, account_id, name, objective, budget_mode, daily_budget)
       select id, "accountId", name, objective, "budgetMode", "dailyBudget" from jsonb_to_recordset($1::jsonb)
         as r(id text, "accountId" text, name text, objective text, "budgetMode" text, "dailyBudget" bigint)`,
      sim.campaigns,
    );
    await insertJson(
      tx,
      `insert into ad_sets (id, campaign_id, account_id, name, daily_budget, audience_type, audience_size)
       select id, "campaignId", "accountId", name, "dailyBudget", "audienceType", "audienceSize" from jsonb_to_recordset($1::jsonb)
         as r(id text, "campaignId" text, "accountId" text, name text, "dailyBudget" bigint, "audienceType" text, "audienceSize" bigint)`,
      sim.adSets,
    );
    await insertJson(
      tx,
      `insert into ads (id, ad_set_id, campaign_id, account_id, name, dna, launched_on)
       select id, "adSetId", "campaignId", "accountId", name, dna, "launchedOn"::date from jsonb_to_recordset($1::jsonb)
         as r(id text, "adSetId" text, "campaignId" text, "accountId" text, name text, dna jsonb, "launchedOn" text)`,
      sim.ads.map((a) => ({ ...a, launchedOn: sim.days[a.launchDay] })),
    );
    onProgress('metrics', 1, total);

    const keyRows = await tx.query<{ id: string; key: number }>('select id, key from ads');
    const keyById = new Map(keyRows.rows.map((r) => [r.id, r.key]));
    const adKey = Int32Array.from(sim.ads, (a) => keyById.get(a.id)!);
    const m = sim.metrics;
    const dayNumber = sim.days.map(pgDayNumber);
    const keys = new Int32Array(m.count);
    const days = new Int32Array(m.count);
    const frequency = new Float64Array(m.count);
    for (let r = 0; r < m.count; r++) {
      keys[r] = adKey[m.ad[r]!]!;
      days[r] = dayNumber[m.day[r]!]!;
      frequency[r] = m.reach[r]! > 0 ? m.impressions[r]! / m.reach[r]! : 0;
    }
    const payload = encodeBinaryCopy(
      [
        { type: 'int4', values: keys },
        { type: 'date', values: days },
        { type: 'int4', values: m.impressions.subarray(0, m.count) },
        { type: 'int4', values: m.reach.subarray(0, m.count) },
        { type: 'float8', values: frequency },
        { type: 'int4', values: m.clicks.subarray(0, m.count) },
        { type: 'int8', values: m.spend.subarray(0, m.count) },
      ],
      m.count,
    );
    await bulkCopyMetrics(tx, payload);
    onProgress('pipelines', 2, total);

    await insertJson(tx, `insert into crm_pipelines (id, label, display_order) select id, label, "order" from jsonb_to_recordset($1::jsonb) as r(id text, label text, "order" int)`, sim.pipelines);
    await insertJson(
      tx,
      `insert into crm_stages (pipeline_id, id, label, display_order, probability, is_closed, is_won)
       select "pipelineId", id, label, "order", probability, "isClosed", "isWon" from jsonb_to_recordset($1::jsonb)
         as r("pipelineId" text, id text, label text, "order" int, probability float8, "isClosed" boolean, "isWon" boolean)`,
      sim.stages,
    );
    onProgress('deals', 3, total);

    const ts = (day: number) => `${sim.days[day]} 12:00:00+00`;
    const dealLines = sim.deals.map(
      (d) =>
        `${cell(d.id)}\t${cell(d.name)}\t${d.pipelineId}\t${d.stageId}\t${d.amount}\tUSD\t${ts(d.createdDay)}\t${d.closedDay === null ? '\\N' : ts(d.closedDay)}\t${ts(d.closedDay ?? d.createdDay)}\t${cell(d.contact.source)}\t${cell(d.contact.sourceData1)}\t${cell(d.contact.sourceData2)}\n`,
    );
    await copyRows(tx, 'crm_deals', ['id', 'name', 'pipeline_id', 'stage_id', 'amount', 'currency', 'created_at', 'closed_at', 'modified_at', 'source', 'source_data_1', 'source_data_2'], [dealLines.join('')]);
    const contactLines = sim.deals.map(
      (d) =>
        `${cell(d.contact.id)}\t${cell(d.id)}\t${cell(d.contact.source)}\t${cell(d.contact.sourceData1)}\t${cell(d.contact.sourceData2)}\t${cell(d.contact.firstUrl)}\t${cell(d.contact.facebookClickId)}\t${ts(d.createdDay)}\n`,
    );
    await copyRows(tx, 'crm_contact_sources', ['contact_id', 'deal_id', 'source', 'source_data_1', 'source_data_2', 'first_url', 'facebook_click_id', 'created_at'], [contactLines.join('')]);
    onProgress('stage values', 4, total);

    // Default stage value: the stage's probability × the pipeline's average closed-won amount.
    await tx.exec(`
      insert into crm_stage_values (pipeline_id, stage_id, value, currency, origin)
      select s.pipeline_id, s.id, round(coalesce(s.probability, 0) * coalesce(w.avg_amount, 0))::bigint, 'USD', 'default'
        from crm_stages s
        left join (select d.pipeline_id, avg(d.amount) as avg_amount
                     from crm_deals d join crm_stages st on st.pipeline_id = d.pipeline_id and st.id = d.stage_id
                    where st.is_won group by d.pipeline_id) w on w.pipeline_id = s.pipeline_id
       where not s.is_closed`);
    onProgress('attribution', 5, total);

    // First-pass attribution for the demo: the hsa_ad parameter of a contact's first URL names
    // the ad. Deals without it are recorded as unattributed (listed, not dropped). The sync's
    // attribution replaces this with every method and its confidence.
    await tx.exec(`
      with c as (
        select distinct on (deal_id) deal_id, contact_id, substring(first_url from '[?&]hsa_ad=([0-9]+)') as hsa_ad
          from crm_contact_sources order by deal_id, contact_id)
      insert into attributions (deal_id, ad_id, method, confidence, evidence)
      select d.id, a.id,
             case when a.id is null then 'none' else 'hsa_ad' end,
             case when a.id is null then 0 else 0.95 end,
             case when a.id is null then '{}'::jsonb else jsonb_build_object('hsa_ad', a.id, 'contact', c.contact_id) end
        from crm_deals d
        left join c on c.deal_id = d.id
        left join ads a on a.id = c.hsa_ad`);
    onProgress('done', total, total);
    return {
      accounts: sim.accounts.length,
      campaigns: sim.campaigns.length,
      adSets: sim.adSets.length,
      ads: sim.ads.length,
      metricRows: m.count,
      deals: sim.deals.length,
    };
  }
}
