-- Attribution methods beyond 0002's list: the ad set id (hsa_adset / hsa_grp) or campaign id
-- (hsa_cam) naming a holder with one ad, and the time-window fallback (the ad that got the clicks
-- in the days before the deal). The explanation a buyer reads is kept with the evidence.
alter table attributions drop constraint attributions_method_check;
alter table attributions add constraint attributions_method_check check (method in (
  'hsa_ad', 'hsa_adset', 'hsa_campaign', 'utm', 'fbclid', 'facebook_click_id', 'source_drilldown', 'ad_name', 'time_window', 'manual', 'none'));
alter table attributions add column explanation text not null default '';
