// Writes a parsed HubSpot deal export: pipelines and stages it names that the workspace lacks,
// the deals (upserted by record id, so a re-import changes nothing), and the export's own source
// columns as the deal's source — attribution reads them. Runs inside the caller's transaction.
import { currencyOffset } from '../../../../contract';
import type { DealsParse } from '../../../domain/import/hubspot-deals';
import { parseHubspotDealsCsv } from '../../../domain/import/hubspot-deals';
import type { Rejected } from '../../../domain/import/report';
import { StageResolver, type CatalogPipeline, type CatalogStage } from '../../../domain/import/stages';
import type { Database } from '../../db';

type Tx = Pick<Database, 'query' | 'exec'>;

/** The contact id under which a deal export's first-URL / click-id columns are kept. */
export const EXPORT_CONTACT_ID = 'deal-export';

export interface DealsImportResult {
  parse: DealsParse;
  rejected: Rejected[];
  imported: number;
  inserted: number;
  updated: number;
  created: { pipelines: string[]; stages: string[] };
}

export async function workspaceCurrency(tx: Tx): Promise<string | null> {
  const res = await tx.query<{ currency: string }>('select distinct currency from accounts');
  return res.rows.length === 1 ? res.rows[0]!.currency : null;
}

export async function importHubspotDeals(tx: Tx, text: string, opts: { currency?: string | undefined }): Promise<DealsImportResult> {
  const fallbackCurrency = opts.currency ?? (await workspaceCurrency(tx));
  const parse = parseHubspotDealsCsv(text, { offsetOf: currencyOffset, fallbackCurrency });
  const pipelines = (await tx.query<CatalogPipeline>('select id, label from crm_pipelines')).rows;
  const stages = (
    await tx.query<CatalogStage>(
      `select pipeline_id as "pipelineId", id, label, probability, is_closed as "isClosed", is_won as "isWon", display_order as "order" from crm_stages`,
    )
  ).rows;
  const resolver = new StageResolver(pipelines, stages);
  const deals = parse.rows.map((r) => ({ ...r, ...resolver.resolve(r.pipeline, r.stage) }));
  if (resolver.createdPipelines.length) {
    await tx.query(`insert into crm_pipelines (id, label) select id, label from jsonb_to_recordset($1::jsonb) as r(id text, label text)`, [JSON.stringify(resolver.createdPipelines)]);
  }
  if (resolver.createdStages.length) {
    await tx.query(
      `insert into crm_stages (pipeline_id, id, label, display_order, probability, is_closed, is_won)
       select "pipelineId", id, label, "order", probability, "isClosed", "isWon" from jsonb_to_recordset($1::jsonb)
         as r("pipelineId" text, id text, label text, "order" int, probability float8, "isClosed" boolean, "isWon" boolean)`,
      [JSON.stringify(resolver.createdStages)],
    );
  }
  let inserted = 0;
  let updated = 0;
  if (deals.length) {
    const up = await tx.query<{ inserted: number; updated: number }>(
      `with up as (
         insert into crm_deals as d (id, name, pipeline_id, stage_id, amount, currency, created_at, closed_at, modified_at, source, source_data_1, source_data_2)
         select id, coalesce(name, ''), "pipelineId", "stageId", amount, currency, "createdAt"::timestamptz, "closedAt"::timestamptz, "modifiedAt"::timestamptz,
                source, "sourceData1", "sourceData2"
           from jsonb_to_recordset($1::jsonb) as r(id text, name text, "pipelineId" text, "stageId" text, amount bigint, currency text,
                "createdAt" text, "closedAt" text, "modifiedAt" text, source text, "sourceData1" text, "sourceData2" text)
         on conflict (id) do update set name = excluded.name, pipeline_id = excluded.pipeline_id, stage_id = excluded.stage_id,
              amount = excluded.amount, currency = excluded.currency, created_at = excluded.created_at, closed_at = excluded.closed_at,
              modified_at = excluded.modified_at, source = excluded.source, source_data_1 = excluded.source_data_1,
              source_data_2 = excluded.source_data_2, archived = false
           where (d.name, d.pipeline_id, d.stage_id, d.amount, d.currency, d.created_at, d.closed_at, d.source, d.source_data_1, d.source_data_2, d.archived)
                 is distinct from (excluded.name, excluded.pipeline_id, excluded.stage_id, excluded.amount, excluded.currency, excluded.created_at,
                                   excluded.closed_at, excluded.source, excluded.source_data_1, excluded.source_data_2, false)
         returning (xmax = 0) as ins)
       select count(*) filter (where ins)::int as inserted, count(*) filter (where not ins)::int as updated from up`,
      [JSON.stringify(deals)],
    );
    inserted = up.rows[0]!.inserted;
    updated = up.rows[0]!.updated;
    // First URL and click id are contact properties; an export that carries them keeps them as a
    // pseudo-contact of the deal so attribution reads them like synced contacts.
    const withUrl = deals.filter((d) => d.firstUrl || d.facebookClickId);
    if (withUrl.length) {
      await tx.query(
        `insert into crm_contact_sources (contact_id, deal_id, source, source_data_1, source_data_2, first_url, facebook_click_id, created_at)
         select $2, id, source, "sourceData1", "sourceData2", "firstUrl", "facebookClickId", "createdAt"::timestamptz
           from jsonb_to_recordset($1::jsonb) as r(id text, source text, "sourceData1" text, "sourceData2" text, "firstUrl" text, "facebookClickId" text, "createdAt" text)
         on conflict (deal_id, contact_id) do update set source = excluded.source, source_data_1 = excluded.source_data_1,
              source_data_2 = excluded.source_data_2, first_url = excluded.first_url, facebook_click_id = excluded.facebook_click_id`,
        [JSON.stringify(withUrl), EXPORT_CONTACT_ID],
      );
    }
  }
  return {
    parse,
    rejected: parse.rejected,
    imported: deals.length,
    inserted,
    updated,
    created: { pipelines: resolver.createdPipelines.map((p) => p.label), stages: resolver.createdStages.map((s) => `${s.pipelineId}/${s.label}`) },
  };
}
