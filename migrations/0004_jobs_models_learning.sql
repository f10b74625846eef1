-- Durable work and learning: a table-backed job queue with leases, the model registry,
-- creative embeddings in pgvector, and the learning-cycle runs.

create table jobs (
  id              bigint generated always as identity primary key,
  kind            text not null,
  concurrency_key text,                         -- at most one running job per key
  payload         jsonb not null default '{}'::jsonb,
  state           text not null default 'queued'
                  check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
  attempts        integer not null default 0,
  max_attempts    integer not null default 5,
  run_after       timestamptz not null default now(),
  lease_owner     text,
  lease_until     timestamptz,
  progress        jsonb not null default '{}'::jsonb,
  checkpoint      jsonb not null default '{}'::jsonb,
  result          jsonb,
  error           text,
  cancel_requested boolean not null default false,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index jobs_ready on jobs (state, run_after);
create unique index jobs_one_running_per_key on jobs (concurrency_key)
  where state = 'running' and concurrency_key is not null;

create table model_registry (
  id          bigint generated always as identity primary key,
  name        text not null,                    -- e.g. 'gate', 'encoder', 'sampler'
  version     text not null,
  role        text not null default 'challenger' check (role in ('champion', 'challenger', 'retired')),
  params      jsonb not null default '{}'::jsonb,
  metrics     jsonb not null default '{}'::jsonb,  -- held-out error etc.
  created_at  timestamptz not null default now(),
  unique (name, version)
);
create unique index model_registry_one_champion on model_registry (name) where role = 'champion';

create table predictions (
  id          bigint generated always as identity primary key,
  kind        text not null,                    -- 'gate_ctr', 'allocation_value'
  subject_id  text not null,
  model_version text,
  predicted   jsonb not null,
  actual      jsonb,
  scored_at   timestamptz,
  created_at  timestamptz not null default now()
);
create index predictions_unscored on predictions (kind) where scored_at is null;

create extension if not exists vector;

-- Creative DNA embeddings. Dimension 64 is encoder v1's; a new encoder version writes new rows
-- (the key includes the version), so a re-embed never mixes spaces.
create table creative_embeddings (
  ad_id           text not null references ads (id) on delete cascade,
  encoder_version integer not null,
  embedding       vector(64) not null,
  is_winner       boolean not null default false,
  updated_at      timestamptz not null default now(),
  primary key (ad_id, encoder_version)
);
create index creative_embeddings_hnsw on creative_embeddings using hnsw (embedding vector_cosine_ops);

create table learning_runs (
  id           bigint generated always as identity primary key,
  job_id       bigint references jobs (id) on delete set null,
  trigger      text not null default 'manual' check (trigger in ('manual', 'schedule')),
  state        text not null default 'running' check (state in ('running', 'done', 'failed', 'cancelled')),
  current_step integer not null default 0 check (current_step between 0 and 7),
  steps        jsonb not null default '[]'::jsonb,  -- per step: state, counts, notes, timings
  started_at   timestamptz not null default now(),
  finished_at  timestamptz,
  error        text
);
