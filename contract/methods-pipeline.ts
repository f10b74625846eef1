// Engine methods of the pipeline area: CSV import of the exports buyers already have, attribution
// of HubSpot deals to ads, stage values and synthetic revenue (pipeline value, pipeline ROAS).
import { z } from 'zod';
import { defineMethod } from './define';
import { currencyCode, entityId, isoDay, minorUnits } from './common';

export const importKinds = ['meta-ads', 'hubspot-deals'] as const;
export type ImportKind = (typeof importKinds)[number];

export const importReportSchema = z.object({
  kind: z.enum(importKinds),
  file: z.string().nullable(),
  /** Data rows in the file (the header and blank lines excluded). */
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  rowsRejected: z.number().int(),
  /** Every rejected row with its line in the file (header = line 1) and why. */
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** Of the imported rows: new, changed, and already present with the same numbers. */
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  currency: currencyCode.nullable(),
  language: z.enum(['en', 'de', 'fr', 'es', 'pt']).nullable(),
  ignoredColumns: z.array(z.string()),
  /** What the import created besides rows: accounts, campaigns, ad sets, ads, pipelines, stages. */
  created: z.record(z.string(), z.number().int()),
  notes: z.array(z.string()),
  /** Deals attributed after the import (null when attribution did not run). */
  attributed: z.object({ deals: z.number().int(), attributed: z.number().int() }).nullable(),
  ms: z.number(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const attributionMethodNames = ['hsa_ad', 'hsa_adset', 'hsa_campaign', 'utm', 'fbclid', 'facebook_click_id', 'source_drilldown', 'ad_name', 'time_window', 'manual', 'none'] as const;
export type AttributionMethodName = (typeof attributionMethodNames)[number];

export const attributeResultSchema = z.object({
  deals: z.number().int(),
  attributed: z.number().int(),
  unattributed: z.number().int(),
  manual: z.number().int(),
  /** Deals whose credit changed in this run (0 when re-run on the same data). */
  changed: z.number().int(),
  byMethod: z.record(z.string(), z.number().int()),
  ms: z.number(),
});

export const summaryLevels = ['campaign', 'ad_set', 'ad'] as const;

export const roasRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  campaignId: z.string().nullable(),
  campaignName: z.string().nullable(),
  adSetName: z.string().nullable(),
  spend: z.number().int(),
  impressions: z.number().int(),
  clicks: z.number().int(),
  deals: z.number().int(),
  openDeals: z.number().int(),
  wonDeals: z.number().int(),
  lostDeals: z.number().int(),
  /** Synthetic revenue: open deals at stage value, won at amount, lost 0 (minor units). */
  pipelineValue: z.number().int(),
  wonValue: z.number().int(),
  /** pipelineValue ÷ spend; null without spend. */
  pipelineRoas: z.number().nullable(),
  /** Mean confidence of the credited deals' attributions; null without deals. */
  confidence: z.number().nullable(),
});
export type RoasRow = z.infer<typeof roasRowSchema>;

export const summarySchema = z.object({
  level: z.enum(summaryLevels),
  currency: currencyCode.nullable(),
  currencyOffset: z.number().int(),
  rows: z.array(roasRowSchema),
  totals: z.object({ spend: z.number().int(), pipelineValue: z.number().int(), wonValue: z.number().int(), pipelineRoas: z.number().nullable() }),
  coverage: z.object({
    deals: z.number().int(),
    attributed: z.number().int(),
    unattributed: z.number().int(),
    /** Value of deals credited to an ad vs. not (minor units). */
    attributedValue: z.number().int(),
    unattributedValue: z.number().int(),
    byMethod: z.record(z.string(), z.number().int()),
  }),
});
export type PipelineSummary = z.infer<typeof summarySchema>;

export const dealRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  pipelineId: z.string(),
  pipelineLabel: z.string(),
  stageId: z.string(),
  stageLabel: z.string(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** What the deal is worth to the pipeline now (minor units). */
  value: z.number().int(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  adId: z.string().nullable(),
  adName: z.string().nullable(),
  adSetName: z.string().nullable(),
  campaignName: z.string().nullable(),
  method: z.enum(attributionMethodNames).nullable(),
  confidence: z.number().nullable(),
  /** How the match was made, in a sentence (or why there is none). */
  explanation: z.string(),
  source: z.string().nullable(),
  sourceData1: z.string().nullable(),
  sourceData2: z.string().nullable(),
  firstUrl: z.string().nullable(),
});
export type DealRow = z.infer<typeof dealRowSchema>;

export const stageValueSchema = z.object({
  id: z.string(),
  label: z.string(),
  order: z.number().int(),
  probability: z.number().nullable(),
  isClosed: z.boolean(),
  isWon: z.boolean(),
  /** Open stages: the value used (minor units). Closed stages: null (won = amount, lost = 0). */
  value: z.number().int().nullable(),
  /** probability × the pipeline's average won amount. */
  defaultValue: z.number().int().nullable(),
  origin: z.enum(['default', 'user', 'template']).nullable(),
  deals: z.number().int(),
  /** Sum of the values of the deals in this stage now. */
  stageTotal: z.number().int(),
});

export const stagePipelineSchema = z.object({
  id: z.string(),
  label: z.string(),
  currency: currencyCode.nullable(),
  avgWonAmount: z.number().int().nullable(),
  stages: z.array(stageValueSchema),
});
export type StagePipeline = z.infer<typeof stagePipelineSchema>;

export const stageTemplateNames = ['b2b-saas', 'ecommerce', 'high-ticket'] as const;

const windowDays = z.number().int().min(1).max(90).default(7);

export const timelineLevels = ['workspace', ...summaryLevels] as const;
export const timelineGranularities = ['day', 'week', 'month'] as const;

export const timelinePointSchema = z.object({
  /** First day of the period (weeks start on Monday), YYYY-MM-DD. */
  period: z.string(),
  spend: z.number().int(),
  /** Deals created in the period, valued as they are now (stage value, won amount, lost 0). */
  deals: z.number().int(),
  pipelineValue: z.number().int(),
  /** This period's value ÷ this period's spend; null without spend. */
  pipelineRoas: z.number().nullable(),
  /** Running totals from the first period: steadier than one period's ratio. */
  cumulativeSpend: z.number().int(),
  cumulativeValue: z.number().int(),
  cumulativeRoas: z.number().nullable(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const timelineSchema = z.object({
  level: z.enum(timelineLevels),
  id: z.string().nullable(),
  name: z.string(),
  granularity: z.enum(timelineGranularities),
  currency: currencyCode.nullable(),
  currencyOffset: z.number().int(),
  /** Which date puts a deal in a period: its HubSpot create date. */
  dealDate: z.literal('created'),
  points: z.array(timelinePointSchema),
});
export type PipelineTimeline = z.infer<typeof timelineSchema>;

export const pipelineMethods = {
  'pipeline.attribute': defineMethod({
    summary: 'Credit every deal to the ad that brought it (hsa_ad, hsa_adset/hsa_grp, hsa_cam, utm names or ids, click ids, drill-downs, ad names, time window), each with method, confidence and explanation. Manual credits are kept; a re-run on the same data changes nothing.',
    mutates: true,
    input: z.object({ windowDays }).strict(),
    output: attributeResultSchema,
  }),
  'pipeline.summary': defineMethod({
    summary: 'Pipeline value (synthetic revenue) and pipeline ROAS by campaign, ad set or ad, with attribution coverage.',
    mutates: false,
    input: z
      .object({
        level: z.enum(summaryLevels).default('campaign'),
        accountId: entityId.optional(),
        from: isoDay.optional(),
        to: isoDay.optional(),
        /** Count only deals credited with at least this confidence. */
        minConfidence: z.number().min(0).max(1).default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict()
      .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '`from` must not be after `to`', path: ['from'] }),
    output: summarySchema,
  }),
  'pipeline.timeline': defineMethod({
    summary: 'Pipeline value and pipeline ROAS over time for the workspace, a campaign, an ad set or an ad, by day, week or month. A deal counts in the period of its create date, at its value now.',
    mutates: false,
    input: z
      .object({
        level: z.enum(timelineLevels).default('workspace'),
        /** The campaign, ad set or ad (not for the workspace). */
        id: entityId.optional(),
        granularity: z.enum(timelineGranularities).default('week'),
        accountId: entityId.optional(),
        from: isoDay.optional(),
        to: isoDay.optional(),
        minConfidence: z.number().min(0).max(1).default(0),
      })
      .strict()
      .refine((v) => (v.level === 'workspace') === (v.id === undefined), { message: 'give the id of the campaign, ad set or ad (and none for the workspace)', path: ['id'] })
      .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '`from` must not be after `to`', path: ['from'] }),
    output: timelineSchema,
  }),
  'pipeline.deals': defineMethod({
    summary: 'Deals with their value and how each was credited (or why not), filtered.',
    mutates: false,
    input: z
      .object({
        adId: entityId.optional(),
        adSetId: entityId.optional(),
        campaignId: entityId.optional(),
        method: z.enum(attributionMethodNames).optional(),
        attributed: z.boolean().optional(),
        minConfidence: z.number().min(0).max(1).optional(),
        pipelineId: entityId.optional(),
        stageId: entityId.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ total: z.number().int(), deals: z.array(dealRowSchema) }),
  }),
  'pipeline.unattributed': defineMethod({
    summary: 'Deals no ad could be credited with, with their source data and the reason.',
    mutates: false,
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) }).strict(),
    output: z.object({ total: z.number().int(), deals: z.array(dealRowSchema) }),
  }),
  'pipeline.stageValues': defineMethod({
    summary: 'Stage values per pipeline: what an open deal in each stage is worth, its default and origin.',
    mutates: false,
    input: z.object({ pipelineId: entityId.optional() }).strict(),
    output: z.array(stagePipelineSchema),
  }),
  'pipeline.applyStageTemplate': defineMethod({
    summary: 'Set every open stage of a pipeline from a template (B2B SaaS, e-commerce, high-ticket services) as a fraction of its average won amount.',
    mutates: true,
    input: z.object({ pipelineId: entityId, template: z.enum(stageTemplateNames) }).strict(),
    output: z.array(stagePipelineSchema),
  }),
  'pipeline.setStageValues': defineMethod({
    summary: 'Set what an open deal in a stage is worth (minor units), or null to go back to the default. Validated as a whole; closed stages cannot be set.',
    mutates: true,
    input: z
      .object({
        values: z.array(z.object({ pipelineId: entityId, stageId: entityId, value: minorUnits.max(1e13).nullable() }).strict()).min(1).max(200),
      })
      .strict(),
    output: z.array(stagePipelineSchema),
  }),

  'import.csv': defineMethod({
    summary:
      'Import an Ads Manager export (daily breakdown by ad) or a HubSpot deal export, in one transaction: rows that cannot be read are rejected with their line and reason; a fatal problem changes nothing; re-importing the same file changes nothing.',
    mutates: true,
    input: z
      .object({
        kind: z.enum(importKinds),
        /** A file on the engine's machine … */
        path: z.string().min(1).optional(),
        /** … or the file's text (the browser reads it). */
        content: z.string().optional(),
        /** The ad account rows without an account column go to (meta-ads). */
        accountId: entityId.optional(),
        /** The currency of amounts when the file does not say (hubspot-deals). */
        currency: currencyCode.optional(),
        /** Parse and write inside a transaction, then roll back: the report without the change. */
        dryRun: z.boolean().default(false),
      })
      .strict()
      .refine((v) => (v.path === undefined) !== (v.content === undefined), { message: 'give exactly one of `path` or `content`', path: ['path'] }),
    output: importReportSchema,
  }),
};
