-- Who a token belongs to, as the service said when Connect checked it (Meta GET /me and the ad
-- accounts it sees; HubSpot's account details): the "Connected as …" label and when, on the row
-- that speaks for the whole connection (account '*'). The token itself stays in the keychain.
alter table sync_state add column connected_as text;
alter table sync_state add column connected_at timestamptz;
alter table sync_state add column identity jsonb;
