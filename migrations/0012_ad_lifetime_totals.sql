-- Lifetime totals per ad, kept in step with ad_daily_metrics by statement-level triggers.
-- Why: tables of ads (Budget, Winners, Fatigue) read spend/clicks/impressions per ad constantly;
-- a GROUP BY over ~900k daily rows costs ~400 ms in PGlite, reading 10k maintained rows ~10 ms.
-- Statement triggers with transition tables see a whole COPY or upsert batch at once, so the
-- rollup costs one aggregate per statement, not a trigger call per row, and every writer (the
-- simulator, the sync, CSV import) keeps it right without knowing it exists.
create table ad_lifetime_totals (
  ad_key      integer primary key references ads (key) on delete cascade,
  days        integer not null default 0,
  impressions bigint not null default 0,
  clicks      bigint not null default 0,
  spend       bigint not null default 0  -- minor units
);

create function ad_lifetime_totals_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into ad_lifetime_totals as t (ad_key, days, impressions, clicks, spend)
      select ad_key, count(*), sum(impressions), sum(clicks), sum(spend) from new_rows group by ad_key
    on conflict (ad_key) do update
      set days = t.days + excluded.days, impressions = t.impressions + excluded.impressions,
          clicks = t.clicks + excluded.clicks, spend = t.spend + excluded.spend;
  elsif tg_op = 'UPDATE' then
    insert into ad_lifetime_totals as t (ad_key, days, impressions, clicks, spend)
      select ad_key, sum(d), sum(i), sum(c), sum(s) from (
        select ad_key, 1 as d, impressions::bigint as i, clicks::bigint as c, spend as s from new_rows
        union all
        select ad_key, -1, -impressions::bigint, -clicks::bigint, -spend from old_rows) x
      group by ad_key
    on conflict (ad_key) do update
      set days = t.days + excluded.days, impressions = t.impressions + excluded.impressions,
          clicks = t.clicks + excluded.clicks, spend = t.spend + excluded.spend;
  else -- DELETE (also rows removed by the cascade from ads, whose rollup row then goes too)
    update ad_lifetime_totals t
       set days = t.days - d.days, impressions = t.impressions - d.i, clicks = t.clicks - d.c, spend = t.spend - d.s
      from (select ad_key, count(*) as days, sum(impressions) as i, sum(clicks) as c, sum(spend) as s
              from old_rows group by ad_key) d
     where t.ad_key = d.ad_key;
  end if;
  return null;
end $$;

create trigger ad_lifetime_totals_ins after insert on ad_daily_metrics
  referencing new table as new_rows for each statement execute function ad_lifetime_totals_apply();
create trigger ad_lifetime_totals_upd after update on ad_daily_metrics
  referencing old table as old_rows new table as new_rows for each statement execute function ad_lifetime_totals_apply();
create trigger ad_lifetime_totals_del after delete on ad_daily_metrics
  referencing old table as old_rows for each statement execute function ad_lifetime_totals_apply();

-- Workspaces that already hold metrics start with their totals.
insert into ad_lifetime_totals (ad_key, days, impressions, clicks, spend)
  select ad_key, count(*), sum(impressions), sum(clicks), sum(spend) from ad_daily_metrics group by ad_key;
