-- The rate limits each source reported on its last replies (Meta's usage headers as a percentage,
-- HubSpot's X-HubSpot-RateLimit-* remaining), kept per source so the sync status panel can show
-- "limits used" between pulls. Shape: workers/engine/services/sync/limits.ts.
alter table sync_state add column limits jsonb;
