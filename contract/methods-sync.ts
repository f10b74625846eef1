// Engine methods of the sync area: connect a service (the token goes to the OS keychain, never the
// database), pull from Meta and HubSpot, and report each source's state, including "reconnect
// needed" after Meta 190 / HubSpot 401.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

export const syncSource = z.enum(['meta', 'hubspot']);
export type SyncSource = z.infer<typeof syncSource>;

const httpUrl = z.string().url('expected an http(s) URL').regex(/^https?:\/\//, 'expected an http(s) URL');

export const syncErrorSchema = z.object({ kind: z.string(), message: z.string(), code: z.number().optional() });

export const syncSourceResultSchema = z.object({
  source: syncSource,
  status: z.enum(['ok', 'not-connected', 'reconnect-needed', 'failed']),
  accounts: z.number().int(),
  campaigns: z.number().int(),
  adSets: z.number().int(),
  ads: z.number().int(),
  creatives: z.number().int(),
  insightRows: z.number().int(),
  skippedRows: z.number().int(),
  /** The days read (the trailing window included); null when nothing was read. */
  since: z.string().nullable(),
  until: z.string().nullable(),
  asyncReports: z.number().int(),
  pipelines: z.number().int(),
  stages: z.number().int(),
  deals: z.number().int(),
  skippedDeals: z.number().int(),
  contactSources: z.number().int(),
  error: syncErrorSchema.optional(),
});
export type SyncSourceResult = z.infer<typeof syncSourceResultSchema>;

/** The limits a source reported on its last replies (Meta usage headers; HubSpot X-HubSpot-RateLimit-*). */
export const syncLimitsSchema = z.object({
  /** When these headers were read. */
  at: z.string(),
  /** Share of the limit used on the last reply, 0–100 (Meta: the highest usage header). */
  usedPct: z.number(),
  /** The highest share seen during that run. */
  peakPct: z.number(),
  /** HubSpot only: calls left in the current interval, of max; calls left today. */
  remaining: z.number().nullable(),
  max: z.number().nullable(),
  dailyRemaining: z.number().nullable(),
  /** No calls until then (Meta's estimated time to regain access; HubSpot's interval when none are left). */
  blockedUntil: z.string().nullable(),
});
export type SyncLimits = z.infer<typeof syncLimitsSchema>;

/** What the service said a token belongs to, when Connect checked it. */
export const connectionIdentitySchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('meta'),
    userId: z.string(),
    userName: z.string(),
    /** The ad accounts the token can see (GET /me/adaccounts). */
    adAccounts: z.array(z.object({ id: z.string(), name: z.string(), currency: z.string() })),
  }),
  z.object({
    source: z.literal('hubspot'),
    portalId: z.number().int(),
    accountType: z.string(),
    timeZone: z.string(),
    currency: z.string(),
    uiDomain: z.string(),
    dataHostingLocation: z.string().nullable(),
  }),
]);
export type ConnectionIdentity = z.infer<typeof connectionIdentitySchema>;

export const syncStatusSchema = z.object({
  running: z.boolean(),
  sources: z.array(
    z.object({
      source: syncSource,
      connected: z.boolean(),
      /** "Jane Buyer · 3 ad accounts", "HubSpot portal 4817331": what Connect learned; null before a checked Connect. */
      connectedAs: z.string().nullable(),
      connectedSince: z.string().nullable(),
      reconnectNeeded: z.boolean(),
      lastStartedAt: z.string().nullable(),
      lastSuccessAt: z.string().nullable(),
      lastError: syncErrorSchema.nullable(),
      /** The next scheduled pull (the learning cycle's next run); null when none will happen by itself. */
      nextPullAt: z.string().nullable(),
      /** Why there is or is not a next pull, in a sentence. */
      nextPullNote: z.string(),
      limits: syncLimitsSchema.nullable(),
      /** What the last successful pull read (accounts, rows, deals …). */
      lastCounts: z.record(z.string(), z.unknown()),
      accounts: z.array(z.object({ accountId: z.string(), cursor: z.record(z.string(), z.unknown()), lastSuccessAt: z.string().nullable(), reconnectNeeded: z.boolean() })),
    }),
  ),
});

export const syncMethods = {
  'sync.connect': defineMethod({
    summary:
      'Check an API token with the service (Meta GET /me and /me/adaccounts; HubSpot account details), then store it in the OS keychain (never the database) with who it belongs to, and clear "reconnect needed". A refused token is TokenRefused, an unreachable service ServiceUnavailable; either way nothing is stored.',
    mutates: true,
    input: z
      .object({
        source: syncSource,
        token: z
          .string()
          .trim()
          .min(8, 'that is too short to be a token')
          .max(4096)
          // A line break or NUL inside a token would otherwise fail as a header value after three retries, reported as an outage.
          .regex(/^[\x21-\x7e]+$/, 'a token is printable characters without spaces or line breaks'),
        /** Check against this base URL instead of the configured one (the emulators, a proxy), as sync.run does. */
        url: httpUrl.optional(),
      })
      .strict(),
    output: z.object({ source: syncSource, stored: z.literal(true), store: z.string(), connectedAs: z.string(), identity: connectionIdentitySchema }),
  }),
  'sync.disconnect': defineMethod({
    summary: 'Forget the token of Meta or HubSpot.',
    mutates: true,
    input: z.object({ source: syncSource }).strict(),
    output: z.object({ source: syncSource, removed: z.boolean() }),
  }),
  'sync.run': defineMethod({
    summary: 'Pull from Meta (structure and daily insights, with a trailing re-read window) and/or HubSpot (pipelines, deals by last modification, contact sources). Emits progress events.',
    mutates: true,
    input: z
      .object({
        source: z.enum(['meta', 'hubspot', 'all']).default('all'),
        /** Override the configured base URLs for this run (the emulators, a proxy). */
        metaUrl: httpUrl.optional(),
        hubspotUrl: httpUrl.optional(),
      })
      .strict(),
    output: z.object({ results: z.array(syncSourceResultSchema), ms: z.number() }),
  }),
  'sync.push': defineMethod({
    summary: 'Push approved changes to Meta: interrupted pushes are settled first by reading Meta (never written twice), then each approved change is re-checked, read before written, and marked applied or failed with the reason.',
    mutates: true,
    input: z.object({ metaUrl: httpUrl.optional() }).strict(),
    output: z.object({
      applied: z.number().int(),
      alreadyInEffect: z.number().int(),
      failed: z.number().int(),
      /** Left in "pushing" because Meta could not be asked; the next push settles them. */
      unsettled: z.number().int(),
      results: z.array(z.object({ id: z.number().int(), state: z.enum(['applied', 'failed', 'pushing']), how: z.enum(['written', 'already-in-effect', 'failed', 'unknown']), note: z.string() })),
    }),
  }),
  'sync.status': defineMethod({
    summary: 'Per source: connected, reconnect needed, last and next pull, limits used (from the reply headers), last error, and each account’s cursor.',
    mutates: false,
    input: empty,
    output: syncStatusSchema,
  }),
};
