-- Sync bookkeeping per source and account: how far the last pull got (the incremental cursor), when
-- it ran, and whether the token needs reconnecting. Tokens are NOT here: they live in the OS
-- keychain (sync/secrets.ts). Plus the creatives Meta lists, which ads.creative_id points at.
create table sync_state (
  source           text not null check (source in ('meta', 'hubspot')),
  account_id       text not null,                 -- Meta ad account id; 'portal' for HubSpot
  cursor           jsonb not null default '{}'::jsonb,  -- meta {"lastDay"}; hubspot {"modifiedMs"}
  last_started_at  timestamptz,
  last_success_at  timestamptz,
  last_error       text,
  last_error_kind  text,
  reconnect_needed boolean not null default false,
  last_counts      jsonb not null default '{}'::jsonb,
  primary key (source, account_id)
);

create table ad_creatives (
  id          text primary key,
  account_id  text not null references accounts (id) on delete cascade,
  name        text,
  object_type text,
  title       text,
  body        text,
  updated_at  timestamptz not null default now()
);
create index ad_creatives_account on ad_creatives (account_id);
