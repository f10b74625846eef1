-- HubSpot side: pipelines, stages, deals, the source data of deals' contacts, the value a buyer
-- gives each stage, and the attribution of deals to ads.

create table crm_pipelines (
  id          text primary key,                 -- HubSpot pipeline id ("default", "12345")
  label       text not null,
  display_order integer not null default 0,
  archived    boolean not null default false,
  updated_at  timestamptz not null default now()
);

create table crm_stages (
  pipeline_id   text not null references crm_pipelines (id) on delete cascade,
  id            text not null,                  -- stage id exactly as HubSpot names it
  label         text not null,
  display_order integer not null default 0,
  probability   double precision check (probability between 0 and 1),
  is_closed     boolean not null default false,
  is_won        boolean not null default false,
  primary key (pipeline_id, id)
);

create table crm_deals (
  id             text primary key,              -- HubSpot record id
  name           text not null default '',
  pipeline_id    text not null,
  stage_id       text not null,
  amount         bigint check (amount >= 0),    -- minor units of currency
  currency       char(3),
  created_at     timestamptz not null,
  closed_at      timestamptz,
  modified_at    timestamptz not null,
  source         text,                          -- hs_analytics_source
  source_data_1  text,
  source_data_2  text,
  archived       boolean not null default false,
  foreign key (pipeline_id, stage_id) references crm_stages (pipeline_id, id)
);
create index crm_deals_modified on crm_deals (modified_at);
create index crm_deals_stage on crm_deals (pipeline_id, stage_id);

-- Source data of the contacts associated with a deal (what attribution reads).
create table crm_contact_sources (
  contact_id        text not null,
  deal_id           text not null references crm_deals (id) on delete cascade,
  source            text,                       -- hs_analytics_source
  source_data_1     text,
  source_data_2     text,
  first_url         text,                       -- hs_analytics_first_url (utm_*, fbclid, hsa_*)
  facebook_click_id text,                       -- hs_facebook_click_id
  created_at        timestamptz,
  primary key (deal_id, contact_id)
);

-- What a deal in a stage is worth while it is open. Defaults to probability × average won
-- amount; a buyer may override. Closed won uses the deal's real amount, closed lost 0.
create table crm_stage_values (
  pipeline_id text not null,
  stage_id    text not null,
  value       bigint not null check (value >= 0),   -- minor units
  currency    char(3) not null,
  origin      text not null default 'default' check (origin in ('default', 'user', 'template')),
  updated_at  timestamptz not null default now(),
  primary key (pipeline_id, stage_id),
  foreign key (pipeline_id, stage_id) references crm_stages (pipeline_id, id) on delete cascade
);

create table attributions (
  deal_id     text primary key references crm_deals (id) on delete cascade,
  ad_id       text references ads (id) on delete set null,   -- null: unattributed (listed, not dropped)
  method      text not null check (method in ('hsa_ad', 'utm', 'fbclid', 'facebook_click_id', 'source_drilldown', 'ad_name', 'manual', 'none')),
  confidence  double precision not null check (confidence between 0 and 1),
  evidence    jsonb not null default '{}'::jsonb,
  attributed_at timestamptz not null default now()
);
create index attributions_ad on attributions (ad_id);
