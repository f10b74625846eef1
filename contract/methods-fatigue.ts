// Engine methods of the fatigue area: scans (manual and scheduled), the latest findings, one ad's
// history for the chart, and the scheduler's state.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty, entityId, isoDay } from './common';

export const fatigueStatusSchema = z.enum(['WARMING', 'HEALTHY', 'FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED']);
export type FatigueStatusName = z.infer<typeof fatigueStatusSchema>;
/** The statuses that call for remediation (a proposal and a creative-refresh task). */
export const FLAGGED_STATUSES = ['FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED'] as const;

export const scanTriggerSchema = z.enum(['schedule', 'manual', 'cycle', 'wake']);

const statusCounts = z.object({
  WARMING: z.number().int(),
  HEALTHY: z.number().int(),
  FATIGUING: z.number().int(),
  SATURATED: z.number().int(),
  AUDIENCE_EXHAUSTED: z.number().int(),
});

export const scanSummarySchema = z.object({
  scanId: z.number().int(),
  trigger: scanTriggerSchema,
  status: z.enum(['running', 'done', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The last day of data the scan evaluated as of. */
  asOf: isoDay.nullable(),
  adsScanned: z.number().int(),
  counts: statusCounts,
  /** Flagged now and not flagged in the previous scan. */
  newFindings: z.number().int(),
  /** Proposals put into the approval queue by this scan. */
  proposed: z.number().int(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type ScanSummary = z.infer<typeof scanSummarySchema>;

export const fatigueRowSchema = z.object({
  adId: z.string(),
  adName: z.string(),
  adSetName: z.string(),
  campaignName: z.string(),
  audience: z.string(),
  status: fatigueStatusSchema,
  confidence: z.number(),
  onsetDay: isoDay.nullable(),
  daysToCritical: z.number().nullable(),
  test: z.string(),
  sentence: z.string(),
  isNew: z.boolean(),
  changeId: z.number().int().nullable(),
});
export type FatigueRow = z.infer<typeof fatigueRowSchema>;

export const fatigueSeriesDaySchema = z.object({
  day: isoDay,
  impressions: z.number(),
  clicks: z.number(),
  spend: z.number().int(),
  ctr: z.number().nullable(),
  /** The ad's CPM, minor units per 1,000 impressions. */
  cpm: z.number().nullable(),
  /** The account's CPM the same day (the reference the detector compares against). */
  accountCpm: z.number().nullable(),
  /** Rolling 7-day Σimpressions ÷ Σdaily reach (a lower bound of the true frequency). */
  frequency: z.number().nullable(),
});

export const fatigueAdSchema = z.object({
  adId: z.string(),
  accountId: z.string(),
  adName: z.string(),
  adSetName: z.string(),
  audience: z.string(),
  finding: z
    .object({
      scanId: z.number().int(),
      status: fatigueStatusSchema,
      confidence: z.number(),
      onsetDay: isoDay.nullable(),
      daysToCritical: z.number().nullable(),
      isNew: z.boolean(),
      changeId: z.number().int().nullable(),
      baseline: z.object({ fromDay: isoDay, toDay: isoDay, ctr: z.number(), impressions: z.number(), clicks: z.number() }).nullable(),
      evidence: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  series: z.array(fatigueSeriesDaySchema),
});
export type FatigueAd = z.infer<typeof fatigueAdSchema>;

export const scheduleSchema = z.object({
  kind: z.string(),
  intervalHours: z.number(),
  nextDueAt: z.string().nullable(),
  running: z.boolean(),
  lastScan: scanSummarySchema.nullable(),
});

export const fatigueMethods = {
  'fatigue.scan': defineMethod({
    summary:
      'Scan every ad for fatigue now, store the findings and propose remediation for new ones. While a scan runs, a second request joins it (joined: true) instead of starting another.',
    mutates: true,
    input: z.object({}).strict(),
    output: scanSummarySchema.extend({ joined: z.boolean() }),
  }),
  'fatigue.latest': defineMethod({
    summary: 'The findings of the latest finished scan, filtered by status, novelty or a name search, with counts per status.',
    mutates: false,
    input: z
      .object({
        statuses: z.array(fatigueStatusSchema).min(1).optional(),
        newOnly: z.boolean().default(false),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(20_000).default(500),
      })
      .strict(),
    output: z.object({ scan: scanSummarySchema.nullable(), total: z.number().int(), findings: z.array(fatigueRowSchema) }),
  }),
  'fatigue.ad': defineMethod({
    summary: "One ad's daily CTR, CPM and frequency with its latest finding (baseline, onset, evidence) for the chart.",
    mutates: false,
    input: z.object({ adId: entityId }).strict(),
    output: fatigueAdSchema,
  }),
  'fatigue.schedule': defineMethod({
    summary: 'The fatigue scan schedule: interval, next due time, whether a scan is running, the last scan.',
    mutates: false,
    input: empty,
    output: scheduleSchema,
  }),
  'fatigue.wake': defineMethod({
    summary: 'Tell the engine the machine woke (or the clock jumped): runs the overdue scan now if one is due.',
    mutates: true,
    input: empty,
    output: z.object({ caughtUp: z.boolean(), scan: scanSummarySchema.nullable(), nextDueAt: z.string().nullable() }),
  }),
} as const;
