// Meta and HubSpot clients and their pull jobs. Imports only contract/ and Node: the engine owns
// the SQL and stores what these return.
export * from './errors';
export * from './types';
export * from './runtime';
export * from './limiter';
export * from './money';
export { MetaClient, classifyMeta, type MetaClientOptions } from './meta/client';
export { HubSpotClient, classifyHubSpot, type HubSpotClientOptions } from './hubspot/client';
export * from './secrets';
