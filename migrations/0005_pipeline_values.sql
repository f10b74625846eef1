-- What each deal is worth to the pipeline today: closed won at its real amount, closed lost at 0,
-- open deals at their stage's configured value. Joined with the deal's attribution (if any).
create view deal_pipeline_values as
select
  d.id          as deal_id,
  d.pipeline_id,
  d.stage_id,
  d.created_at,
  d.closed_at,
  case
    when s.is_closed and s.is_won then coalesce(d.amount, 0)
    when s.is_closed then 0
    else coalesce(v.value, 0)
  end::bigint   as value,
  a.ad_id,
  a.method      as attribution_method,
  a.confidence  as attribution_confidence
from crm_deals d
join crm_stages s on s.pipeline_id = d.pipeline_id and s.id = d.stage_id
left join crm_stage_values v on v.pipeline_id = d.pipeline_id and v.stage_id = d.stage_id
left join attributions a on a.deal_id = d.id
where not d.archived;
