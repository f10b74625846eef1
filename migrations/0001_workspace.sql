-- Workspace core: settings, ad accounts and the Meta structure (campaign → ad set → ad).
-- Money is integer minor units of the account currency (DESIGN.md "Money is integers").
-- Entities keep the platform's id as text (Meta ids exceed JavaScript's safe integers); the hot
-- metrics table joins on a compact integer `ads.key` instead, because grouping 900k rows by a
-- text key costs PGlite ~70 % more than by an int (measured while laying this schema).

create table settings (
  key        text primary key,
  value      jsonb not null,
  updated_at timestamptz not null default now()
);

create table accounts (
  id              text primary key,              -- Meta ad account id, without "act_"
  name            text not null,
  currency        char(3) not null check (currency ~ '^[A-Z]{3}$'),
  currency_offset integer not null default 100 check (currency_offset in (1, 100)),
  timezone        text not null default 'UTC',
  source          text not null default 'demo' check (source in ('demo', 'meta', 'csv')),
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);

create table campaigns (
  id           text primary key,
  account_id   text not null references accounts (id) on delete cascade,
  name         text not null,
  objective    text,
  status       text not null default 'ACTIVE' check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED')),
  budget_mode  text not null check (budget_mode in ('ABO', 'CBO')),
  daily_budget bigint check (daily_budget >= 0),  -- set for CBO: the campaign holds the budget
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  check (budget_mode = 'ABO' or daily_budget is not null)
);
create index campaigns_account on campaigns (account_id);

create table ad_sets (
  id            text primary key,
  campaign_id   text not null references campaigns (id) on delete cascade,
  account_id    text not null references accounts (id) on delete cascade,
  name          text not null,
  status        text not null default 'ACTIVE' check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED')),
  daily_budget  bigint check (daily_budget >= 0),  -- set for ABO: the ad set holds the budget
  audience_type text not null default 'cold' check (audience_type in ('cold', 'lookalike', 'broad', 'retargeting')),
  audience_size bigint check (audience_size > 0),
  learning_stage text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index ad_sets_campaign on ad_sets (campaign_id);
create index ad_sets_account on ad_sets (account_id);

create table ads (
  key          integer generated always as identity unique,
  id           text primary key,
  ad_set_id    text not null references ad_sets (id) on delete cascade,
  campaign_id  text not null references campaigns (id) on delete cascade,
  account_id   text not null references accounts (id) on delete cascade,
  name         text not null,
  status       text not null default 'ACTIVE' check (status in ('ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED')),
  creative_id  text,
  dna          jsonb not null default '{}'::jsonb,  -- creative DNA (winner-index issue owns its schema)
  launched_on  date,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index ads_ad_set on ads (ad_set_id);
create index ads_account on ads (account_id);

-- One row per ad per day as Meta reports it. Reach and frequency are daily and do not add
-- across days. Meta restates recent days, so writers upsert on (ad_key, day).
create table ad_daily_metrics (
  ad_key          integer not null references ads (key) on delete cascade,
  day             date not null,
  impressions     integer not null check (impressions >= 0),
  reach           integer not null default 0 check (reach >= 0),
  frequency       double precision not null default 0 check (frequency >= 0),
  clicks          integer not null check (clicks >= 0),          -- link clicks
  spend           bigint not null check (spend >= 0),            -- minor units
  leads           integer not null default 0 check (leads >= 0),
  purchases       integer not null default 0 check (purchases >= 0),
  purchase_value  bigint not null default 0 check (purchase_value >= 0),
  fetched_at      timestamptz not null default now(),
  primary key (ad_key, day),
  check (clicks <= impressions)
);
create index ad_daily_metrics_day on ad_daily_metrics (day);
