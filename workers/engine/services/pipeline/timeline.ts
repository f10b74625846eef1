// Pipeline value and pipeline ROAS over time, for the workspace or one campaign, ad set or ad.
//
// Which date puts a deal in a period: its HubSpot create date. The attribution row has no date of
// its own worth charting (it is rewritten whenever attribution runs, so every deal would land on
// the day of the last sync), and the create date is when the ad's click became a deal — close to
// the spend that bought it — and the date pipeline.summary's from/to already filter on, so the
// chart and the table agree. Deals are valued as they are now (stage value, won amount, lost 0):
// the chart answers "what is the pipeline these weeks produced worth today", not a history of
// stage values.
import { AdloopError, type ParsedInput, type PipelineTimeline } from '../../../../contract';
import type { Database } from '../../db';

/** More points than a chart can show legibly: ask for a coarser granularity instead. */
const MAX_POINTS = 1000;

const FILTER = {
  workspace: '$2::text is null', // always (no id): names $2 so its type is known
  campaign: 'a.campaign_id = $2',
  ad_set: 'a.ad_set_id = $2',
  ad: 'a.id = $2',
} as const;

const NAME = {
  campaign: 'select name from campaigns where id = $1',
  ad_set: 'select name from ad_sets where id = $1',
  ad: 'select name from ads where id = $1',
} as const;

interface Row {
  period: string;
  spend: string;
  deals: number;
  value: string;
}

export async function pipelineTimeline(db: Database, input: ParsedInput<'pipeline.timeline'>): Promise<PipelineTimeline> {
  let name = 'All campaigns';
  if (input.level !== 'workspace') {
    const r = await db.query<{ name: string }>(NAME[input.level], [input.id]);
    if (!r.rows[0]) throw new AdloopError('NotFound', `There is no ${input.level.replace('_', ' ')} ${input.id} in this workspace.`);
    name = r.rows[0].name;
  }
  const g = input.granularity;
  const params = [input.accountId ?? null, input.id ?? null, input.from ?? null, input.to ?? null, input.minConfidence, g];
  // Periods from the first to the last with spend or deals (or the from/to asked for), so an empty
  // week shows as zero rather than vanishing from the line.
  const res = await db.query<Row>(
    `with chosen as (select a.key, a.id from ads a where ($1::text is null or a.account_id = $1) and ${FILTER[input.level]}),
     spend as (
       select date_trunc($6, m.day::timestamp)::date as period, sum(m.spend) as spend
         from ad_daily_metrics m join chosen c on c.key = m.ad_key
        where ($3::date is null or m.day >= $3::date) and ($4::date is null or m.day <= $4::date)
        group by 1),
     value as (
       select date_trunc($6, v.created_at at time zone 'UTC')::date as period, count(*)::int as deals, sum(v.value) as value
         from deal_pipeline_values v join chosen c on c.id = v.ad_id
        where v.attribution_confidence >= $5
          and ($3::date is null or v.created_at >= $3::date) and ($4::date is null or v.created_at < $4::date + 1)
        group by 1),
     bounds as (
       select date_trunc($6, coalesce($3::date, least((select min(period) from spend), (select min(period) from value)))::timestamp)::date as lo,
              date_trunc($6, coalesce($4::date, greatest((select max(period) from spend), (select max(period) from value)))::timestamp)::date as hi),
     periods as (select generate_series(lo, hi, ('1 ' || $6)::interval)::date as period from bounds where lo is not null and hi is not null)
     select to_char(p.period, 'YYYY-MM-DD') as period, coalesce(s.spend, 0)::text as spend, coalesce(v.deals, 0) as deals, coalesce(v.value, 0)::text as value
       from periods p left join spend s on s.period = p.period left join value v on v.period = p.period
      order by p.period
      limit ${MAX_POINTS + 1}`,
    params,
  );
  if (res.rows.length > MAX_POINTS) {
    throw new AdloopError('InvalidInput', `That is more than ${MAX_POINTS} ${g}s to chart; choose a coarser granularity or a shorter from/to.`);
  }
  let cumSpend = 0;
  let cumValue = 0;
  const points = res.rows.map((r) => {
    const spend = Number(r.spend);
    const value = Number(r.value);
    cumSpend += spend;
    cumValue += value;
    return {
      period: r.period,
      spend,
      deals: r.deals,
      pipelineValue: value,
      pipelineRoas: spend > 0 ? value / spend : null,
      cumulativeSpend: cumSpend,
      cumulativeValue: cumValue,
      cumulativeRoas: cumSpend > 0 ? cumValue / cumSpend : null,
    };
  });
  const cur = await db.query<{ currency: string; currency_offset: number }>(
    `select distinct acc.currency, acc.currency_offset from accounts acc
      where ($1::text is null or acc.id = $1)
        and ($2::text is null or acc.id = (select account_id from campaigns where id = $2 union select account_id from ad_sets where id = $2 union select account_id from ads where id = $2 limit 1))`,
    [input.accountId ?? null, input.id ?? null],
  );
  return {
    level: input.level,
    id: input.id ?? null,
    name,
    granularity: g,
    currency: cur.rows.length === 1 ? cur.rows[0]!.currency : null,
    currencyOffset: cur.rows.length === 1 ? cur.rows[0]!.currency_offset : 100,
    dealDate: 'created',
    points,
  };
}
