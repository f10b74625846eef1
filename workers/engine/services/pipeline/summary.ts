// Synthetic revenue read back: pipeline value and pipeline ROAS by campaign, ad set or ad, from
// the deal_pipeline_values view (so a changed stage value is in the next read, nothing to
// recompute), and the deals behind them with how each was credited.
import type { DealRow, Output, ParsedInput, PipelineSummary } from '../../../../contract';
import type { Database } from '../../db';

const LEVEL = {
  campaign: { key: 'a.campaign_id', entity: `select c.id, c.name, null::text as campaign_id, null::text as campaign_name, null::text as ad_set_name from campaigns c where ($1::text is null or c.account_id = $1)` },
  ad_set: { key: 'a.ad_set_id', entity: `select s.id, s.name, c.id as campaign_id, c.name as campaign_name, null::text as ad_set_name from ad_sets s join campaigns c on c.id = s.campaign_id where ($1::text is null or s.account_id = $1)` },
  ad: { key: 'a.id', entity: `select a.id, a.name, c.id as campaign_id, c.name as campaign_name, s.name as ad_set_name from ads a join ad_sets s on s.id = a.ad_set_id join campaigns c on c.id = a.campaign_id where ($1::text is null or a.account_id = $1)` },
} as const;

interface Row {
  id: string;
  name: string;
  campaign_id: string | null;
  campaign_name: string | null;
  ad_set_name: string | null;
  spend: string;
  impressions: string;
  clicks: string;
  deals: number;
  open_deals: number;
  won_deals: number;
  lost_deals: number;
  value: string;
  won_value: string;
  confidence: number | null;
}

export async function pipelineSummary(db: Database, input: ParsedInput<'pipeline.summary'>): Promise<PipelineSummary> {
  const level = LEVEL[input.level];
  const params = [input.accountId ?? null, input.from ?? null, input.to ?? null, input.minConfidence, input.limit];
  const res = await db.query<Row>(
    `with spend as (
       select ${level.key} as id, sum(m.spend) as spend, sum(m.impressions) as impressions, sum(m.clicks) as clicks
         from ad_daily_metrics m join ads a on a.key = m.ad_key
        where ($1::text is null or a.account_id = $1) and ($2::date is null or m.day >= $2::date) and ($3::date is null or m.day <= $3::date)
        group by 1),
     value as (
       select ${level.key} as id, count(*)::int as deals,
              count(*) filter (where not s.is_closed)::int as open_deals,
              count(*) filter (where s.is_closed and s.is_won)::int as won_deals,
              count(*) filter (where s.is_closed and not s.is_won)::int as lost_deals,
              sum(v.value) as value, coalesce(sum(v.value) filter (where s.is_won), 0) as won_value,
              avg(v.attribution_confidence) as confidence
         from deal_pipeline_values v
         join ads a on a.id = v.ad_id
         join crm_stages s on s.pipeline_id = v.pipeline_id and s.id = v.stage_id
        where v.attribution_confidence >= $4 and ($1::text is null or a.account_id = $1)
          and ($2::date is null or v.created_at >= $2::date) and ($3::date is null or v.created_at < $3::date + 1)
        group by 1),
     e as (${level.entity})
     select e.id, e.name, e.campaign_id, e.campaign_name, e.ad_set_name,
            coalesce(sp.spend, 0)::text as spend, coalesce(sp.impressions, 0)::text as impressions, coalesce(sp.clicks, 0)::text as clicks,
            coalesce(va.deals, 0) as deals, coalesce(va.open_deals, 0) as open_deals, coalesce(va.won_deals, 0) as won_deals,
            coalesce(va.lost_deals, 0) as lost_deals, coalesce(va.value, 0)::text as value, coalesce(va.won_value, 0)::text as won_value,
            va.confidence
       from e left join spend sp on sp.id = e.id left join value va on va.id = e.id
      where sp.id is not null or va.id is not null
      order by coalesce(va.value, 0) desc, coalesce(sp.spend, 0) desc, e.id
      limit $5`,
    params,
  );
  const rows = res.rows.map((r) => {
    const spend = Number(r.spend);
    const value = Number(r.value);
    return {
      id: r.id,
      name: r.name,
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      adSetName: r.ad_set_name,
      spend,
      impressions: Number(r.impressions),
      clicks: Number(r.clicks),
      deals: r.deals,
      openDeals: r.open_deals,
      wonDeals: r.won_deals,
      lostDeals: r.lost_deals,
      pipelineValue: value,
      wonValue: Number(r.won_value),
      pipelineRoas: spend > 0 ? value / spend : null,
      confidence: r.confidence === null ? null : Math.round(r.confidence * 100) / 100,
    };
  });
  const totalsRes = await db.query<{ spend: string; value: string; won: string }>(
    `select (select coalesce(sum(m.spend), 0) from ad_daily_metrics m join ads a on a.key = m.ad_key
              where ($1::text is null or a.account_id = $1) and ($2::date is null or m.day >= $2::date) and ($3::date is null or m.day <= $3::date))::text as spend,
            coalesce(sum(v.value), 0)::text as value, coalesce(sum(v.value) filter (where s.is_won), 0)::text as won
       from deal_pipeline_values v join ads a on a.id = v.ad_id join crm_stages s on s.pipeline_id = v.pipeline_id and s.id = v.stage_id
      where v.attribution_confidence >= $4 and ($1::text is null or a.account_id = $1)
        and ($2::date is null or v.created_at >= $2::date) and ($3::date is null or v.created_at < $3::date + 1)`,
    params.slice(0, 4),
  );
  const t = totalsRes.rows[0]!;
  const coverage = await db.query<{ method: string | null; attributed: boolean; n: number; value: string }>(
    `select v.attribution_method as method, v.ad_id is not null as attributed, count(*)::int as n, coalesce(sum(v.value), 0)::text as value
       from deal_pipeline_values v
      where ($1::date is null or v.created_at >= $1::date) and ($2::date is null or v.created_at < $2::date + 1)
      group by 1, 2`,
    [input.from ?? null, input.to ?? null],
  );
  const cov = { deals: 0, attributed: 0, unattributed: 0, attributedValue: 0, unattributedValue: 0, byMethod: {} as Record<string, number> };
  for (const c of coverage.rows) {
    cov.deals += c.n;
    if (c.attributed) {
      cov.attributed += c.n;
      cov.attributedValue += Number(c.value);
    } else {
      cov.unattributed += c.n;
      cov.unattributedValue += Number(c.value);
    }
    const m = c.method ?? 'not run';
    cov.byMethod[m] = (cov.byMethod[m] ?? 0) + c.n;
  }
  const cur = await db.query<{ currency: string; currency_offset: number }>(
    `select distinct currency, currency_offset from accounts where ($1::text is null or id = $1)`,
    [input.accountId ?? null],
  );
  const spend = Number(t.spend);
  const value = Number(t.value);
  return {
    level: input.level,
    currency: cur.rows.length === 1 ? cur.rows[0]!.currency : null,
    currencyOffset: cur.rows.length === 1 ? cur.rows[0]!.currency_offset : 100,
    rows,
    totals: { spend, pipelineValue: value, wonValue: Number(t.won), pipelineRoas: spend > 0 ? value / spend : null },
    coverage: cov,
  };
}

interface DealDbRow {
  id: string;
  name: string;
  pipeline_id: string;
  pipeline_label: string;
  stage_id: string;
  stage_label: string;
  is_closed: boolean;
  is_won: boolean;
  amount: string | null;
  currency: string | null;
  value: string;
  created_at: Date;
  closed_at: Date | null;
  ad_id: string | null;
  ad_name: string | null;
  ad_set_name: string | null;
  campaign_name: string | null;
  method: DealRow['method'];
  confidence: number | null;
  explanation: string | null;
  source: string | null;
  source_data_1: string | null;
  source_data_2: string | null;
  first_url: string | null;
  total: number;
}

export async function listDeals(db: Database, input: ParsedInput<'pipeline.deals'>): Promise<Output<'pipeline.deals'>> {
  const res = await db.query<DealDbRow>(
    `select d.id, d.name, d.pipeline_id, p.label as pipeline_label, d.stage_id, s.label as stage_label, s.is_closed, s.is_won,
            d.amount::text as amount, d.currency, v.value::text as value, d.created_at, d.closed_at,
            at.ad_id, a.name as ad_name, st.name as ad_set_name, c.name as campaign_name,
            at.method, at.confidence, at.explanation,
            coalesce(cs.source, d.source) as source, coalesce(cs.source_data_1, d.source_data_1) as source_data_1,
            coalesce(cs.source_data_2, d.source_data_2) as source_data_2, cs.first_url,
            count(*) over ()::int as total
       from crm_deals d
       join deal_pipeline_values v on v.deal_id = d.id
       join crm_stages s on s.pipeline_id = d.pipeline_id and s.id = d.stage_id
       join crm_pipelines p on p.id = d.pipeline_id
       left join attributions at on at.deal_id = d.id
       left join ads a on a.id = at.ad_id
       left join ad_sets st on st.id = a.ad_set_id
       left join campaigns c on c.id = a.campaign_id
       left join lateral (select * from crm_contact_sources x where x.deal_id = d.id order by x.created_at nulls last, x.contact_id limit 1) cs on true
      where not d.archived
        and ($1::text is null or at.ad_id = $1) and ($2::text is null or a.ad_set_id = $2) and ($3::text is null or a.campaign_id = $3)
        and ($4::text is null or at.method = $4)
        and ($5::boolean is null or (at.ad_id is not null) = $5)
        and ($6::float8 is null or at.confidence >= $6)
        and ($7::text is null or d.pipeline_id = $7) and ($8::text is null or d.stage_id = $8)
      order by v.value desc, d.created_at desc, d.id
      limit $9 offset $10`,
    [input.adId ?? null, input.adSetId ?? null, input.campaignId ?? null, input.method ?? null, input.attributed ?? null, input.minConfidence ?? null, input.pipelineId ?? null, input.stageId ?? null, input.limit, input.offset],
  );
  return {
    total: res.rows[0]?.total ?? 0,
    deals: res.rows.map((r) => ({
      id: r.id,
      name: r.name,
      pipelineId: r.pipeline_id,
      pipelineLabel: r.pipeline_label,
      stageId: r.stage_id,
      stageLabel: r.stage_label,
      isClosed: r.is_closed,
      isWon: r.is_won,
      amount: r.amount === null ? null : Number(r.amount),
      currency: r.currency,
      value: Number(r.value),
      createdAt: r.created_at.toISOString(),
      closedAt: r.closed_at ? r.closed_at.toISOString() : null,
      adId: r.ad_id,
      adName: r.ad_name,
      adSetName: r.ad_set_name,
      campaignName: r.campaign_name,
      method: r.method,
      confidence: r.confidence,
      explanation: r.explanation || (r.method === null ? 'Attribution has not run for this deal yet.' : r.method === 'none' ? 'Unattributed.' : `Credited by ${r.method}.`),
      source: r.source,
      sourceData1: r.source_data_1,
      sourceData2: r.source_data_2,
      firstUrl: r.first_url,
    })),
  };
}
