import { z } from 'zod';
import { defineMethod } from './define';
import { currencyCode, entityId, isoDay, minorUnits } from './common';

export const recommendationSchema = z.object({
  holderType: z.enum(['ad_set', 'campaign']),
  holderId: z.string(),
  holderName: z.string(),
  campaignName: z.string(),
  action: z.enum(['set_budget', 'keep', 'pause']),
  currentBudget: z.number().int().nullable(),
  recommendedBudget: z.number().int(),
  changePct: z.number().nullable(),
  pBest: z.number().min(0).max(1),
  ctr: z.object({ mean: z.number(), low: z.number(), high: z.number() }),
  pipelineRoas: z.object({ mean: z.number(), low: z.number(), high: z.number() }).nullable(),
  /** The ln-objective posterior the chart draws (Normal in log pipeline ROAS or log clicks/spend). */
  posterior: z.object({ mu: z.number(), sigma: z.number() }),
  pipelineWeight: z.number(),
  expectedValue: z.number().nullable(),
  ignorance: z.boolean(),
  bindings: z.array(z.string()),
  evidence: z.object({ impressions: z.number(), clicks: z.number(), spend: z.number(), deals: z.number(), value: z.number(), days: z.number().int() }),
  reason: z.string(),
  changeId: z.number().int().nullable(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const adPauseSchema = z.object({
  adId: z.string(),
  adName: z.string(),
  holderId: z.string(),
  pBestInHolder: z.number(),
  reason: z.string(),
  changeId: z.number().int().nullable(),
});

export const allocationSchema = z.object({
  runId: z.number().int(),
  accountId: z.string(),
  currency: currencyCode,
  currencyOffset: z.number().int(),
  total: minorUnits,
  windowStart: isoDay.nullable(),
  windowEnd: isoDay.nullable(),
  halfLifeDays: z.number(),
  objective: z.enum(['pipeline_roas', 'clicks_per_spend']),
  method: z.enum(['quadrature', 'monte_carlo']),
  recommendations: z.array(recommendationSchema),
  adPauses: z.array(adPauseSchema),
  notes: z.array(z.string()),
  /** Changes this run created in the approval queue. */
  proposed: z.number().int(),
  /** Changes in the queue for this run: created now, or kept from an identical earlier proposal. */
  queued: z.number().int(),
  ms: z.number(),
});
export type Allocation = z.infer<typeof allocationSchema>;

export const budgetMethods = {
  'budget.allocate': defineMethod({
    summary: 'Allocate a total daily budget across budget holders from P(best); proposes the changes into the approval queue.',
    mutates: true,
    input: z
      .object({
        accountId: entityId.optional(),
        /** Total daily budget in minor units of the account currency. */
        total: minorUnits,
        /** Write proposals to the approval queue (default). False: only compute and record the run. */
        propose: z.boolean().default(true),
      })
      .strict(),
    output: allocationSchema,
  }),
  'budget.latest': defineMethod({
    summary: 'The most recent allocation run of an account, or null.',
    mutates: false,
    input: z.object({ accountId: entityId.optional() }).strict(),
    output: allocationSchema.nullable(),
  }),
};
