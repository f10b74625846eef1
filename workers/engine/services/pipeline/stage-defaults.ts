// Default stage values (DOMAIN.md §4): an open stage is worth its probability × the pipeline's
// average closed-won amount. Values a buyer set (origin 'user' or 'template') are never touched;
// 'default' ones follow the data, so a new import of won deals moves them.
import type { Database } from '../../db';

type Tx = Pick<Database, 'query' | 'exec'>;

export async function refreshDefaultStageValues(tx: Tx, fallbackCurrency: string): Promise<number> {
  const res = await tx.query(
    `with won as (
       select d.pipeline_id, avg(d.amount) as avg_amount, mode() within group (order by d.currency) as currency
         from crm_deals d join crm_stages s on s.pipeline_id = d.pipeline_id and s.id = d.stage_id
        where s.is_won and d.amount is not null and not d.archived
        group by d.pipeline_id),
     target as (
       select s.pipeline_id, s.id as stage_id,
              round(coalesce(s.probability, 0) * coalesce(w.avg_amount, 0))::bigint as value,
              coalesce(w.currency, $1) as currency
         from crm_stages s left join won w on w.pipeline_id = s.pipeline_id
        where not s.is_closed)
     insert into crm_stage_values as v (pipeline_id, stage_id, value, currency, origin)
     select pipeline_id, stage_id, value, currency, 'default' from target
     on conflict (pipeline_id, stage_id) do update set value = excluded.value, currency = excluded.currency, updated_at = now()
       where v.origin = 'default' and (v.value, v.currency) is distinct from (excluded.value, excluded.currency)`,
    [fallbackCurrency],
  );
  return res.affectedRows ?? 0;
}
