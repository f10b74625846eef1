-- Fatigue scans wired into the engine: a persisted schedule (next_due_at survives restarts and
-- sleep), a summary per scan, and per finding whether it is new since the previous scan and the
-- proposal it raised.

create table schedules (
  kind             text primary key,            -- 'fatigue.scan'
  next_due_at      timestamptz not null,
  last_started_at  timestamptz,
  last_finished_at timestamptz,
  updated_at       timestamptz not null default now()
);

alter table fatigue_scans
  add column as_of        date,
  add column counts       jsonb not null default '{}'::jsonb,   -- findings per status
  add column new_findings integer not null default 0,
  add column proposed     integer not null default 0,
  add column duration_ms  integer;

alter table fatigue_findings
  add column is_new    boolean not null default false,        -- flagged now, not flagged in the previous scan
  add column change_id bigint references approval_queue (id) on delete set null;
create index fatigue_findings_new on fatigue_findings (scan_id) where is_new;
