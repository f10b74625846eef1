-- What Adloop decides: sampler posteriors, allocation runs, fatigue scans, and the approval queue
-- through which every change must pass before it reaches Meta.

create table sampler_posteriors (
  entity_type  text not null check (entity_type in ('ad', 'ad_set', 'campaign')),
  entity_id    text not null,
  model        text not null,                   -- e.g. 'ctr_beta', 'pipeline_value'
  params       jsonb not null,                  -- the posterior's parameters
  evidence     jsonb not null default '{}'::jsonb,  -- discounted counts behind it
  data_through date,
  updated_at   timestamptz not null default now(),
  primary key (entity_type, entity_id, model)
);

create table allocation_runs (
  id            bigint generated always as identity primary key,
  account_id    text not null references accounts (id) on delete cascade,
  total_budget  bigint not null check (total_budget >= 0),   -- minor units
  currency      char(3) not null,
  settings      jsonb not null default '{}'::jsonb,
  window_start  date,
  window_end    date,
  created_at    timestamptz not null default now()
);

create table allocation_recommendations (
  run_id              bigint not null references allocation_runs (id) on delete cascade,
  holder_type         text not null check (holder_type in ('ad_set', 'campaign', 'ad')),
  holder_id           text not null,
  action              text not null check (action in ('set_budget', 'pause', 'keep')),
  current_budget      bigint,
  recommended_budget  bigint,
  p_best              double precision check (p_best between 0 and 1),
  ctr_low             double precision,
  ctr_high            double precision,
  proas_low           double precision,
  proas_high          double precision,
  expected_value      double precision,
  reason              text not null,
  evidence            jsonb not null default '{}'::jsonb,
  primary key (run_id, holder_type, holder_id)
);

create table fatigue_scans (
  id           bigint generated always as identity primary key,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  trigger      text not null default 'schedule' check (trigger in ('schedule', 'manual', 'cycle', 'wake')),
  ads_scanned  integer not null default 0,
  status       text not null default 'running' check (status in ('running', 'done', 'failed')),
  error        text
);

create table fatigue_findings (
  scan_id          bigint not null references fatigue_scans (id) on delete cascade,
  ad_id            text not null references ads (id) on delete cascade,
  status           text not null check (status in ('WARMING', 'HEALTHY', 'FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED')),
  confidence       double precision not null check (confidence between 0 and 1),
  onset_day        date,
  days_to_critical double precision,
  evidence         jsonb not null default '{}'::jsonb,
  primary key (scan_id, ad_id)
);
create index fatigue_findings_ad on fatigue_findings (ad_id);

-- The approval queue: one state machine, proposed → approved → pushing → applied | failed,
-- or → rejected | expired. The idempotency key makes a proposal (and its push) happen once.
create table approval_queue (
  id              bigint generated always as identity primary key,
  idempotency_key text not null unique,
  account_id      text not null references accounts (id) on delete cascade,
  target_type     text not null check (target_type in ('ad_set', 'campaign', 'ad')),
  target_id       text not null,
  change_type     text not null check (change_type in ('set_budget', 'pause', 'resume')),
  current_value   jsonb,
  proposed_value  jsonb not null,
  origin          text not null check (origin in ('sampler', 'fatigue', 'user', 'undo', 'cycle')),
  reason          text not null,
  evidence        jsonb not null default '{}'::jsonb,
  state           text not null default 'proposed'
                  check (state in ('proposed', 'approved', 'pushing', 'applied', 'failed', 'rejected', 'expired')),
  undo_of         bigint references approval_queue (id),
  expires_at      timestamptz,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index approval_queue_state on approval_queue (state);
create index approval_queue_target on approval_queue (target_type, target_id);

create table approval_history (
  id          bigint generated always as identity primary key,
  change_id   bigint not null references approval_queue (id) on delete cascade,
  from_state  text,
  to_state    text not null,
  actor       text not null,                    -- 'user', 'engine', 'sync'
  note        text,
  detail      jsonb not null default '{}'::jsonb,
  at          timestamptz not null default now()
);
create index approval_history_change on approval_history (change_id);

-- Creative refresh tasks raised by fatigue remediation.
create table workspace_tasks (
  id          bigint generated always as identity primary key,
  kind        text not null,
  ad_id       text references ads (id) on delete cascade,
  title       text not null,
  detail      jsonb not null default '{}'::jsonb,
  done        boolean not null default false,
  created_at  timestamptz not null default now(),
  unique (kind, ad_id)
);
