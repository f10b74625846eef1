// Writes what the HubSpot pull returned, inside the caller's transaction: pipelines and stages,
// deals upserted by id, and the source data of each pulled deal's contacts replaced whole (an
// association removed in HubSpot disappears here too).
import type { CrmContactSourceRecord, CrmDealRecord, CrmPipelineRecord } from '../../../../sync';
import type { Database } from '../../db';

type Tx = Pick<Database, 'query' | 'exec'>;

export async function upsertPipelines(tx: Tx, pipelines: CrmPipelineRecord[]): Promise<{ pipelines: number; stages: number }> {
  if (!pipelines.length) return { pipelines: 0, stages: 0 };
  await tx.query(
    `insert into crm_pipelines (id, label, display_order, archived)
     select id, label, "displayOrder", archived from jsonb_to_recordset($1::jsonb) as r(id text, label text, "displayOrder" int, archived boolean)
     on conflict (id) do update set label = excluded.label, display_order = excluded.display_order, archived = excluded.archived, updated_at = now()`,
    [JSON.stringify(pipelines)],
  );
  const stages = pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, pipelineId: p.id })));
  await tx.query(
    `insert into crm_stages (pipeline_id, id, label, display_order, probability, is_closed, is_won)
     select "pipelineId", id, label, "displayOrder", probability, "isClosed", "isWon"
       from jsonb_to_recordset($1::jsonb) as r("pipelineId" text, id text, label text, "displayOrder" int, probability float8, "isClosed" boolean, "isWon" boolean)
     on conflict (pipeline_id, id) do update set label = excluded.label, display_order = excluded.display_order,
       probability = excluded.probability, is_closed = excluded.is_closed, is_won = excluded.is_won`,
    [JSON.stringify(stages)],
  );
  return { pipelines: pipelines.length, stages: stages.length };
}

/** Deals whose stage is unknown (an archived stage not listed) are skipped and counted. */
export async function upsertDeals(tx: Tx, deals: CrmDealRecord[], chunk = 2000): Promise<{ written: number; skipped: number }> {
  let written = 0;
  for (let i = 0; i < deals.length; i += chunk) {
    const res = await tx.query(
      `insert into crm_deals (id, name, pipeline_id, stage_id, amount, currency, created_at, closed_at, modified_at, source, source_data_1, source_data_2, archived)
       select r.id, r.name, r."pipelineId", r."stageId", r.amount, r.currency, r."createdAt"::timestamptz, r."closedAt"::timestamptz, r."modifiedAt"::timestamptz,
              r.source, r."sourceData1", r."sourceData2", r.archived
         from jsonb_to_recordset($1::jsonb) as r(id text, name text, "pipelineId" text, "stageId" text, amount bigint, currency text, "createdAt" text,
              "closedAt" text, "modifiedAt" text, source text, "sourceData1" text, "sourceData2" text, archived boolean)
         join crm_stages s on s.pipeline_id = r."pipelineId" and s.id = r."stageId"
       on conflict (id) do update set name = excluded.name, pipeline_id = excluded.pipeline_id, stage_id = excluded.stage_id, amount = excluded.amount,
         currency = excluded.currency, created_at = excluded.created_at, closed_at = excluded.closed_at, modified_at = excluded.modified_at,
         source = excluded.source, source_data_1 = excluded.source_data_1, source_data_2 = excluded.source_data_2, archived = excluded.archived`,
      [JSON.stringify(deals.slice(i, i + chunk))],
    );
    written += res.affectedRows ?? 0;
  }
  return { written, skipped: deals.length - written };
}

export async function replaceContactSources(tx: Tx, dealIds: string[], rows: CrmContactSourceRecord[]): Promise<number> {
  if (!dealIds.length) return 0;
  await tx.query(`delete from crm_contact_sources where deal_id = any($1::text[])`, [dealIds]);
  if (!rows.length) return 0;
  const res = await tx.query(
    `insert into crm_contact_sources (contact_id, deal_id, source, source_data_1, source_data_2, first_url, facebook_click_id, created_at)
     select r."contactId", r."dealId", r.source, r."sourceData1", r."sourceData2", r."firstUrl", r."facebookClickId", r."createdAt"::timestamptz
       from jsonb_to_recordset($1::jsonb) as r("contactId" text, "dealId" text, source text, "sourceData1" text, "sourceData2" text, "firstUrl" text, "facebookClickId" text, "createdAt" text)
       join crm_deals d on d.id = r."dealId"
     on conflict (deal_id, contact_id) do nothing`,
    [JSON.stringify(rows)],
  );
  return res.affectedRows ?? 0;
}
