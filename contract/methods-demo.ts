import { z } from 'zod';
import { isoDay } from './common';
import { defineMethod } from './define';

export const demoInputSchema = z
  .object({
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    ads: z.number().int().min(1).max(20_000).default(300),
    days: z.number().int().min(7, 'at least 7 days').max(400).default(60),
    /** Last simulated day (YYYY-MM-DD). Defaults to yesterday, so the demo looks current. */
    endDay: isoDay.optional(),
    /** Return the simulator's ground truth (latent CTRs, fatigue onsets, true winners). */
    includeTruth: z.boolean().default(false),
    /** Replace an existing workspace's data. Without it, a non-empty workspace is refused. */
    replace: z.boolean().default(false),
  })
  .strict();
export type DemoInput = z.input<typeof demoInputSchema>;

export const truthSchema = z.object({
  seed: z.number(),
  accounts: z.array(z.string()),
  ads: z.array(
    z.object({
      adId: z.string(),
      latentCtr: z.number(),
      fatigueOnsetDay: z.string().nullable(),
      isWinner: z.boolean(),
      /** Expected pipeline value of the ad's delivery at its latent rates ÷ spend. */
      truePipelineRoas: z.number().nullable(),
      pipelineValue: z.number(),
    }),
  ),
});
export type Truth = z.infer<typeof truthSchema>;

export const demoMethods = {
  'demo.generate': defineMethod({
    summary: 'Fill the workspace from the deterministic simulator (accounts, ads with DNA, daily metrics, deals).',
    mutates: true,
    input: demoInputSchema,
    output: z.object({
      accounts: z.number().int(),
      campaigns: z.number().int(),
      adSets: z.number().int(),
      ads: z.number().int(),
      metricRows: z.number().int(),
      deals: z.number().int(),
      ms: z.number(),
      truth: truthSchema.optional(),
    }),
  }),
};
