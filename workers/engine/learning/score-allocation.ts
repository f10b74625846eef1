// Step 7's allocation half: every allocation run is an expectation — value per unit of spend for
// each funded holder — recorded as an `allocation_value` prediction; once the days after it are in
// (ALLOCATION_HORIZON_DAYS), it is scored against the spend and value that happened
// (calibrateAllocation in workers/domain/learning). The model version of an allocation is the
// sampler's half-life it ran with, the same names as the sampler's versions in the registry.
import { calibrateAllocation, type AllocationCalibration } from '../../domain/learning/allocation-calibration';
import type { Database } from '../db';

/** Days after an allocation whose results score it. Deals that arrive later are not counted. */
export const ALLOCATION_HORIZON_DAYS = 3;

interface Expectation {
  runId: number;
  accountId: string;
  asOf: string;
  objective: 'pipeline_roas' | 'clicks_per_spend';
  holders: Array<{ type: string; id: string; rate: number }>;
}

/** Records an expectation for every allocation run that has none yet (idempotent). */
export async function recordAllocationExpectations(db: Database): Promise<number> {
  const res = await db.query(
    `insert into predictions (kind, subject_id, model_version, predicted)
     select 'allocation_value', 'allocation-run:' || r.id, 'half-life-' || coalesce(r.settings->>'halfLifeDays', '?') || 'd',
            jsonb_build_object('runId', r.id, 'accountId', r.account_id, 'asOf', r.window_end::text,
              'objective', coalesce(r.settings->>'objective', 'clicks_per_spend'),
              'holders', coalesce((select jsonb_agg(jsonb_build_object('type', x.holder_type, 'id', x.holder_id,
                                           'rate', x.expected_value / x.recommended_budget) order by x.holder_id)
                                     from allocation_recommendations x
                                    where x.run_id = r.id and x.recommended_budget > 0 and x.expected_value > 0), '[]'::jsonb))
       from allocation_runs r
      where r.window_end is not null
        and not exists (select 1 from predictions p where p.kind = 'allocation_value' and p.subject_id = 'allocation-run:' || r.id)`,
  );
  return res.affectedRows ?? 0;
}

async function outcomes(db: Database, e: Expectation) {
  const res = await db.query<{ id: string; rate: number; spend: number; clicks: number; value: number }>(
    `with h as (select * from jsonb_to_recordset($1::jsonb) as r(id text, rate float8)),
          m as (select case when c.budget_mode = 'CBO' then c.id else a.ad_set_id end as holder,
                       sum(m.spend)::float8 as spend, sum(m.clicks)::float8 as clicks
                  from ad_daily_metrics m join ads a on a.key = m.ad_key join campaigns c on c.id = a.campaign_id
                 where a.account_id = $2 and m.day > $3::date and m.day <= $3::date + $4::int group by 1),
          v as (select case when c.budget_mode = 'CBO' then c.id else a.ad_set_id end as holder, sum(v.value)::float8 as value
                  from deal_pipeline_values v join ads a on a.id = v.ad_id join campaigns c on c.id = a.campaign_id
                 where a.account_id = $2 and (v.created_at at time zone 'UTC')::date > $3::date
                   and (v.created_at at time zone 'UTC')::date <= $3::date + $4::int group by 1)
     select h.id, h.rate, coalesce(m.spend, 0) as spend, coalesce(m.clicks, 0) as clicks, coalesce(v.value, 0) as value
       from h left join m on m.holder = h.id left join v on v.holder = h.id`,
    [JSON.stringify(e.holders), e.accountId, e.asOf, ALLOCATION_HORIZON_DAYS],
  );
  return res.rows.map((r) => ({ holderId: r.id, expectedRate: r.rate, spend: r.spend, value: e.objective === 'pipeline_roas' ? r.value : r.clicks }));
}

export interface AllocationScoring {
  recorded: number;
  scored: number;
  /** Over the expectations scored now: Σ actual / Σ expected (1 = calibrated). */
  calibration: number | null;
  relativeError: number | null;
}

export async function scoreAllocationExpectations(db: Database, at: Date): Promise<AllocationScoring> {
  const recorded = await recordAllocationExpectations(db);
  const due = await db.query<{ id: number; predicted: Expectation }>(
    `select p.id::int as id, p.predicted from predictions p
      where p.kind = 'allocation_value' and p.scored_at is null
        and (select max(m.day) from ad_daily_metrics m join ads a on a.key = m.ad_key where a.account_id = p.predicted->>'accountId')
            >= (p.predicted->>'asOf')::date + $1::int
      order by p.id`,
    [ALLOCATION_HORIZON_DAYS],
  );
  let expected = 0;
  let actual = 0;
  let relErr = 0;
  let relN = 0;
  const rows: Array<{ id: number; actual: AllocationCalibration & { days: number } }> = [];
  for (const p of due.rows) {
    const c = calibrateAllocation(await outcomes(db, p.predicted));
    rows.push({ id: p.id, actual: { ...c, days: ALLOCATION_HORIZON_DAYS } });
    if (c.holders > 0) {
      expected += c.expected;
      actual += c.actual;
      relErr += c.relativeError;
      relN++;
    }
  }
  if (rows.length) {
    await db.query(
      `update predictions p set actual = r.actual, scored_at = $2
         from jsonb_to_recordset($1::jsonb) as r(id bigint, actual jsonb) where p.id = r.id and p.scored_at is null`,
      // NaN is not JSON: an allocation with nothing to score stores nulls.
      [JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)), at],
    );
  }
  return { recorded, scored: rows.length, calibration: expected > 0 ? actual / expected : null, relativeError: relN ? relErr / relN : null };
}
