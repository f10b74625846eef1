// The diagnostics panel's one read: what ran and how long it took, what failed, what the sync saw,
// and where things live. Everything here is safe to show and to paste into a support request: no
// tokens, no ad or CRM data.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

export const jobKindStatsSchema = z
  .object({
    kind: z.string(),
    done: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
    queued: z.number().int(),
    running: z.number().int(),
    /** Wall time of finished (done) jobs, created → finished, in milliseconds; null when none finished. */
    medianMs: z.number().nullable(),
    maxMs: z.number().nullable(),
    lastFinishedAt: z.string().nullable(),
  })
  .strict();

export const diagnosticsSchema = z
  .object({
    appVersion: z.string(),
    engineVersion: z.string(),
    /** The newest applied migration (e.g. "0012_ad_lifetime_totals.sql") and how many are applied. */
    schemaVersion: z.string().nullable(),
    migrationsApplied: z.number().int(),
    dataDir: z.string(),
    logDir: z.string(),
    backupDir: z.string(),
    /** Bytes of the PGlite data folder on disk, and Postgres's own count of the database. */
    databaseBytes: z.number().int().nonnegative(),
    databaseFolderBytes: z.number().int().nonnegative(),
    jobs: z.array(jobKindStatsSchema),
    recentFailures: z.array(z.object({ id: z.number().int(), kind: z.string(), error: z.string(), at: z.string() }).strict()),
    sync: z.array(
      z
        .object({
          source: z.enum(['meta', 'hubspot']),
          accountId: z.string(),
          lastStartedAt: z.string().nullable(),
          lastSuccessAt: z.string().nullable(),
          lastError: z.string().nullable(),
          lastErrorKind: z.string().nullable(),
          reconnectNeeded: z.boolean(),
          /** The last pull's counts (rows read, requests, limits used) as the sync recorded them. */
          lastCounts: z.record(z.string(), z.unknown()),
        })
        .strict(),
    ),
  })
  .strict();
export type Diagnostics = z.infer<typeof diagnosticsSchema>;

export const diagnosticsMethods = {
  'diagnostics.get': defineMethod({
    summary: 'Job durations and failures, sync errors and limits used, database size, folders, versions and schema version.',
    mutates: false,
    input: empty,
    output: diagnosticsSchema,
  }),
} as const;
