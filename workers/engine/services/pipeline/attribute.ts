// Runs attribution over every deal of the workspace and stores the result: one row per deal
// (unattributed ones too, so they are listed, not dropped). Manual credits are kept. Re-running
// on unchanged data writes nothing.
import { AttributionCatalog, type CatalogAd, type CatalogAdSet, type CatalogCampaign } from '../../../domain/attribution/catalog';
import { attributeDeals, type AttributionMethod, type DealEvidence, type SourceRecord } from '../../../domain/attribution/match';
import type { Database } from '../../db';

type Tx = Pick<Database, 'query' | 'exec'>;

/** Days of clicks before a deal the time-window fallback looks at, when no one asked for another. */
export const ATTRIBUTION_WINDOW_DAYS = 7;

export interface AttributeResult {
  deals: number;
  attributed: number;
  unattributed: number;
  manual: number;
  changed: number;
  byMethod: Partial<Record<AttributionMethod, number>>;
  ms: number;
}

export async function runAttribution(tx: Tx, opts: { windowDays: number }): Promise<AttributeResult> {
  const started = performance.now();
  const ads = (await tx.query<CatalogAd>(`select id, name, ad_set_id as "adSetId", campaign_id as "campaignId" from ads`)).rows;
  const adSets = (await tx.query<CatalogAdSet>(`select id, name, campaign_id as "campaignId" from ad_sets`)).rows;
  const campaigns = (await tx.query<CatalogCampaign>(`select id, name from campaigns`)).rows;
  const deals = (
    await tx.query<{ id: string; day: string; source: string | null; sd1: string | null; sd2: string | null; manual: boolean }>(
      `select d.id, to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, d.source, d.source_data_1 as sd1, d.source_data_2 as sd2,
              coalesce(a.method = 'manual', false) as manual
         from crm_deals d left join attributions a on a.deal_id = d.id
        where not d.archived order by d.id`,
    )
  ).rows;
  const contacts = (
    await tx.query<SourceRecord & { dealId: string }>(
      `select deal_id as "dealId", contact_id as "contactId", source, source_data_1 as "sourceData1", source_data_2 as "sourceData2",
              first_url as "firstUrl", facebook_click_id as "facebookClickId"
         from crm_contact_sources order by deal_id, created_at nulls last, contact_id`,
    )
  ).rows;
  const byDeal = new Map<string, SourceRecord[]>();
  for (const { dealId, ...rec } of contacts) {
    const list = byDeal.get(dealId);
    if (list) list.push(rec);
    else byDeal.set(dealId, [rec]);
  }
  const auto = deals.filter((d) => !d.manual);
  const evidence: DealEvidence[] = auto.map((d) => ({
    dealId: d.id,
    createdDay: d.day,
    // Contacts first (first touch first), then the deal's own source fields.
    records: [...(byDeal.get(d.id) ?? []), { contactId: null, source: d.source, sourceData1: d.sd1, sourceData2: d.sd2, firstUrl: null, facebookClickId: null }],
  }));
  let clicks: Array<{ adId: string; day: string; clicks: number }> = [];
  if (evidence.length) {
    const days = evidence.map((d) => d.createdDay).sort();
    clicks = (
      await tx.query<{ adId: string; day: string; clicks: number }>(
        `select a.id as "adId", to_char(m.day, 'YYYY-MM-DD') as day, m.clicks
           from ad_daily_metrics m join ads a on a.key = m.ad_key
          where m.clicks > 0 and m.day between $1::date - $3::int and $2::date`,
        [days[0], days[days.length - 1], opts.windowDays],
      )
    ).rows;
  }
  const catalog = new AttributionCatalog(ads, adSets, campaigns, clicks);
  const results = attributeDeals(evidence, catalog, opts);
  let changed = 0;
  if (results.length) {
    const res = await tx.query(
      `insert into attributions as t (deal_id, ad_id, method, confidence, evidence, explanation)
       select "dealId", "adId", method, confidence, evidence, explanation
         from jsonb_to_recordset($1::jsonb) as r("dealId" text, "adId" text, method text, confidence float8, evidence jsonb, explanation text)
       on conflict (deal_id) do update set ad_id = excluded.ad_id, method = excluded.method, confidence = excluded.confidence,
            evidence = excluded.evidence, explanation = excluded.explanation, attributed_at = now()
         where t.method <> 'manual'
           and (t.ad_id, t.method, t.confidence, t.evidence, t.explanation) is distinct from
               (excluded.ad_id, excluded.method, excluded.confidence, excluded.evidence, excluded.explanation)`,
      [JSON.stringify(results)],
    );
    changed = res.affectedRows ?? 0;
  }
  const byMethod: Partial<Record<AttributionMethod, number>> = {};
  for (const r of results) byMethod[r.method] = (byMethod[r.method] ?? 0) + 1;
  const manual = deals.length - auto.length;
  if (manual) byMethod.manual = manual;
  const attributed = results.filter((r) => r.adId !== null).length + manual;
  return { deals: deals.length, attributed, unattributed: deals.length - attributed, manual, changed, byMethod, ms: Math.round(performance.now() - started) };
}
