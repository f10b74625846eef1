-- Meta's minimum daily budget for the account (GET /act_<id>/minimum_budgets), minor units. The
-- guardrails and the allocator never go below it. 100 = 1.00 in a two-decimal currency.
alter table accounts add column min_daily_budget bigint not null default 100 check (min_daily_budget >= 0);
