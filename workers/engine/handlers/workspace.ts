// Read-only queries behind the Overview: accounts, headline totals and the daily series.
// Pipeline value counts deals attributed to an ad in scope (closed won at amount, open at stage
// value, lost at 0 — the deal_pipeline_values view), on the day the deal was created.
import type { Account, DailyPoint, Output, ParsedInput } from '../../../contract';
import type { Database } from '../db';
import { ACTIVE_HOLDERS_BUDGET_SQL } from '../services/allocation';

type Filter = ParsedInput<'workspace.summary'>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const isoDay = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
};

export async function listAccounts(db: Database): Promise<Account[]> {
  const res = await db.query<Record<string, unknown>>(`
    select a.id, a.name, a.currency, a.currency_offset, a.timezone, a.source,
      (select count(*) from campaigns c where c.account_id = a.id)::int as campaigns,
      (select count(*) from ad_sets s where s.account_id = a.id)::int as ad_sets,
      (select count(*) from ads d where d.account_id = a.id)::int as ads,
      (${ACTIVE_HOLDERS_BUDGET_SQL('a.id')})::text as daily_budget
    from accounts a order by a.name, a.id`);
  return res.rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    currency: String(r.currency),
    currencyOffset: num(r.currency_offset) === 1 ? 1 : 100,
    timezone: String(r.timezone),
    source: r.source as Account['source'],
    campaigns: num(r.campaigns),
    adSets: num(r.ad_sets),
    ads: num(r.ads),
    dailyBudget: num(r.daily_budget),
  }));
}

/** The one currency of the accounts in scope, or null when they differ (sums would mix units). */
async function scopeCurrency(db: Database, accountId: string | undefined): Promise<string | null> {
  const res = await db.query<{ currency: string }>(
    'select distinct currency from accounts where $1::text is null or id = $1',
    [accountId ?? null],
  );
  return res.rows.length === 1 ? res.rows[0]!.currency : null;
}

export async function workspaceSummary(db: Database, f: Filter): Promise<Output<'workspace.summary'>> {
  const params = [f.accountId ?? null, f.from ?? null, f.to ?? null];
  const metrics = await db.query<Record<string, unknown>>(
    `select coalesce(sum(m.spend), 0)::int8 as spend,
            coalesce(sum(m.impressions), 0)::int8 as impressions,
            coalesce(sum(m.clicks), 0)::int8 as clicks,
            min(m.day) as first_day, max(m.day) as last_day
       from ad_daily_metrics m join ads a on a.key = m.ad_key
      where ($1::text is null or a.account_id = $1)
        and ($2::date is null or m.day >= $2::date)
        and ($3::date is null or m.day <= $3::date)`,
    params,
  );
  const pipeline = await db.query<Record<string, unknown>>(
    `select coalesce(sum(v.value), 0)::int8 as value, count(*)::int as deals
       from deal_pipeline_values v join ads a on a.id = v.ad_id
      where ($1::text is null or a.account_id = $1)
        and ($2::date is null or (v.created_at at time zone 'UTC')::date >= $2::date)
        and ($3::date is null or (v.created_at at time zone 'UTC')::date <= $3::date)`,
    params,
  );
  const m = metrics.rows[0] ?? {};
  const p = pipeline.rows[0] ?? {};
  const spend = num(m.spend);
  const impressions = num(m.impressions);
  const clicks = num(m.clicks);
  const pipelineValue = num(p.value);
  const anyAds = await db.query('select 1 from ads limit 1');
  return {
    isEmpty: anyAds.rows.length === 0,
    currency: await scopeCurrency(db, f.accountId),
    totals: {
      spend,
      impressions,
      clicks,
      ctr: impressions > 0 ? clicks / impressions : null,
      pipelineValue,
      pipelineRoas: spend > 0 ? pipelineValue / spend : null,
      deals: num(p.deals),
      firstDay: isoDay(m.first_day),
      lastDay: isoDay(m.last_day),
    },
  };
}

export async function workspaceDaily(db: Database, f: Filter): Promise<Output<'workspace.daily'>> {
  const params = [f.accountId ?? null, f.from ?? null, f.to ?? null];
  const res = await db.query<Record<string, unknown>>(
    `with m as (
       select m.day, sum(m.spend)::int8 as spend, sum(m.impressions)::int8 as impressions, sum(m.clicks)::int8 as clicks
         from ad_daily_metrics m join ads a on a.key = m.ad_key
        where ($1::text is null or a.account_id = $1)
          and ($2::date is null or m.day >= $2::date)
          and ($3::date is null or m.day <= $3::date)
        group by m.day),
     p as (
       select (v.created_at at time zone 'UTC')::date as day, sum(v.value)::int8 as value
         from deal_pipeline_values v join ads a on a.id = v.ad_id
        where ($1::text is null or a.account_id = $1)
        group by 1)
     select m.day, m.spend, m.impressions, m.clicks, coalesce(p.value, 0)::int8 as pipeline_value
       from m left join p on p.day = m.day
      order by m.day`,
    params,
  );
  const days: DailyPoint[] = res.rows.map((r) => {
    const impressions = num(r.impressions);
    const clicks = num(r.clicks);
    return {
      day: isoDay(r.day)!,
      spend: num(r.spend),
      impressions,
      clicks,
      ctr: impressions > 0 ? clicks / impressions : null,
      pipelineValue: num(r.pipeline_value),
    };
  });
  return { currency: await scopeCurrency(db, f.accountId), days };
}
