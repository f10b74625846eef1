-- The winner index (DOMAIN.md §3) on top of creative_embeddings (0004):
--  - dna_md5 is md5(ads.dna::text) at embedding time; jsonb's text form is canonical (keys in a
--    fixed order, no whitespace variation), so a refresh re-embeds exactly the ads whose DNA changed;
--  - each row carries the ad's lifetime results and the fields search filters on (format, launch
--    day, spend), so a filtered HNSW scan (pgvector iterative scan) reads one table only;
--  - winner_index_versions records which encoder versions are fully embedded: search uses the
--    newest ready version while a new encoder version is being embedded in the background.
alter table creative_embeddings
  add column dna_md5        text,
  add column format         text,
  add column launched_on    date,
  add column impressions    bigint not null default 0,
  add column clicks         bigint not null default 0,
  add column spend          bigint not null default 0,  -- minor units of the ad's account currency
  add column pipeline_value bigint not null default 0,  -- minor units (deal_pipeline_values)
  add column live_days      integer not null default 0; -- days with impressions

create table winner_index_versions (
  encoder_version integer primary key,
  state           text not null check (state in ('building', 'ready')),
  started_at      timestamptz not null default now(),
  finished_at     timestamptz
);
