// Settings of the sync area (merged into settingsSchema in methods-settings.ts). The base URLs and
// API versions are configuration, not code: Meta versions expire about a year after release and
// HubSpot's date-versioned paths replace /crm/v3 in 2027; tests point the URLs at the emulators.
import { z } from 'zod';

const baseUrl = z.string().url('expected an http(s) URL').regex(/^https?:\/\//, 'expected an http(s) URL');

export const syncSettingsShape = {
  metaBaseUrl: baseUrl.default('https://graph.facebook.com'),
  metaApiVersion: z.string().regex(/^v\d+\.\d+$/, 'expected a Graph API version such as v25.0').default('v25.0'),
  hubspotBaseUrl: baseUrl.default('https://api.hubapi.com'),
  hubspotApiVersion: z.string().regex(/^\d{4}-\d{2}$/, 'expected a date version such as 2026-03').default('2026-03'),
  /** Days of insights read on the first pull of an account. */
  syncInitialDays: z.number().int().min(1).max(1100).default(90),
  /** Trailing days re-read on every pull: Meta restates recent days. */
  syncRereadDays: z.number().int().min(0).max(28).default(3),
} as const;
