// Engine methods of the winners area: the winner index (DOMAIN.md §3), similar-winner search, the
// pre-spend gate and the battle plan.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty, entityId, isoDay, minorUnits } from './common';
import { dnaFields, dnaFormats, dnaSchema } from './dna';

/** What to search around: an existing ad, or a DNA draft (exactly one). */
const subject = {
  adId: entityId.optional(),
  dna: dnaSchema.optional(),
};
const oneSubject = (v: { adId?: string | undefined; dna?: unknown }, ctx: z.core.$RefinementCtx) => {
  if ((v.adId === undefined) === (v.dna === undefined)) {
    ctx.addIssue({ code: 'custom', path: [v.adId === undefined ? 'adId' : 'dna'], message: 'give exactly one of adId or dna' });
  }
};
const draftAdSet = (v: { adId?: string | undefined; adSetId?: string | undefined }, ctx: z.core.$RefinementCtx) => {
  if (v.adId !== undefined && v.adSetId !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['adSetId'], message: 'an ad is gated in its own ad set; adSetId goes with a dna draft only' });
  }
};

export const searchFiltersSchema = z
  .object({
    format: z.enum(dnaFormats).optional(),
    /** Launched on or after this day. */
    launchedFrom: isoDay.optional(),
    /** Launched on or before this day. */
    launchedTo: isoDay.optional(),
    /** Lifetime spend at least this, in minor units. */
    minSpend: minorUnits.optional(),
  })
  .strict();

const dnaValue = z.union([z.string(), z.number(), z.boolean()]);
export const fieldComparisonSchema = z.object({
  field: z.enum(dnaFields as [string, ...string[]]),
  status: z.enum(['same', 'different', 'unknown']),
  draft: dnaValue.optional(),
  neighbour: dnaValue.optional(),
  importance: z.number(),
});

export const neighbourSchema = z.object({
  adId: z.string(),
  name: z.string(),
  format: z.string().nullable(),
  launchedOn: isoDay.nullable(),
  isWinner: z.boolean(),
  /** Cosine similarity, −1..1. */
  similarity: z.number(),
  /** 100 × similarity, floored at 0, one decimal. */
  similarityPct: z.number(),
  impressions: z.number().int(),
  clicks: z.number().int(),
  ctr: z.number().nullable(),
  spend: minorUnits,
  pipelineValue: minorUnits,
  pipelineRoas: z.number().nullable(),
  currency: z.string(),
  currencyOffset: z.number().int(),
  dna: dnaSchema,
  comparison: z.array(fieldComparisonSchema),
});
export type WinnerNeighbourRow = z.infer<typeof neighbourSchema>;

export const searchOutputSchema = z.object({
  encoderVersion: z.number().int(),
  /** The DNA searched around (the ad's stored DNA, well-formed fields only, or the draft). */
  dna: dnaSchema,
  adId: z.string().nullable(),
  accountCtr: z.number().nullable(),
  exact: z.boolean(),
  efSearch: z.number().int(),
  neighbours: z.array(neighbourSchema),
  ms: z.number(),
});
export type WinnerSearch = z.infer<typeof searchOutputSchema>;

export const gateOutputSchema = z.object({
  decision: z.enum(['REJECT', 'PROCEED', 'UNCERTAIN']),
  predictedCtr: z.number(),
  interval: z.object({ lower: z.number(), upper: z.number(), credibility: z.number() }),
  accountCtr: z.number(),
  threshold: z.number(),
  rejectRatio: z.number(),
  ratioToAccount: z.number(),
  /** The ad set the prediction is for (the ad's own, or the draft's intended one); null: an average audience. */
  adSetId: z.string().nullable(),
  /** That ad set's CTR relative to the account's, shrunk toward 1 (1 when none). */
  contextRatio: z.number(),
  /** Posterior P(CTR ≥ threshold): the gate's score. */
  probAboveThreshold: z.number(),
  shrinkage: z.number(),
  evidenceImpressions: z.number(),
  neighboursUsed: z.number().int(),
  advice: z.string(),
  /** The DNA differences to the nearest winners that matter most, as one sentence. */
  recommendation: z.string(),
  differences: z.array(z.object({ field: z.string(), description: z.string(), agree: z.number().int(), of: z.number().int() })),
  encoderVersion: z.number().int(),
  /** Row in `predictions` (kind gate_ctr), scored later by the learning cycle; null when not recorded. */
  predictionId: z.number().int().nullable(),
});
export type GateOutput = z.infer<typeof gateOutputSchema>;

export const battlePlanOutputSchema = z.object({
  gate: gateOutputSchema,
  winners: z.array(
    z.object({ adId: z.string(), name: z.string().optional(), similarityPct: z.number(), ctr: z.number().optional(), pipelineRoas: z.number().optional(), spend: z.number().optional() }),
  ),
  patterns: z.array(z.object({ field: z.string(), value: z.union([z.string(), z.boolean()]), description: z.string(), agree: z.number().int(), of: z.number().int(), draftFollows: z.boolean() })),
  changes: z.array(z.object({ field: z.string(), text: z.string() })),
  text: z.array(z.string()),
});
export type BattlePlanOutput = z.infer<typeof battlePlanOutputSchema>;

export const winnersStatusSchema = z.object({
  currentEncoderVersion: z.number().int(),
  /** The version searches use (the newest fully built one). */
  activeEncoderVersion: z.number().int(),
  building: z.object({ version: z.number().int(), embedded: z.number().int(), startedAt: z.string() }).nullable(),
  ads: z.number().int(),
  indexed: z.number().int(),
  winners: z.number().int(),
  /** Ads whose DNA changed (or that are new) since they were embedded. */
  stale: z.number().int(),
});

export const refreshOutputSchema = z.object({
  encoderVersion: z.number().int(),
  embedded: z.number().int(),
  updated: z.number().int(),
  droppedFields: z.number().int(),
  indexed: z.number().int(),
  winners: z.number().int(),
  complete: z.boolean(),
  ms: z.number(),
});

export const winnersMethods = {
  'winners.search': defineMethod({
    summary: 'Top-k most similar indexed creatives (winners only by default) to an ad or a DNA draft, with results and a field-by-field DNA comparison.',
    mutates: false,
    input: z
      .object({
        ...subject,
        k: z.number().int().min(1).max(100).default(10),
        winnersOnly: z.boolean().default(true),
        filters: searchFiltersSchema.default({}),
        /** Exact scan instead of HNSW (for checking recall). */
        exact: z.boolean().default(false),
      })
      .strict()
      .superRefine(oneSubject),
    output: searchOutputSchema,
  }),
  'winners.gate': defineMethod({
    summary: 'Pre-spend gate: predicted CTR of a creative from its neighbours, with an interval and REJECT / PROCEED / UNCERTAIN. Advice, not a block. Recorded in predictions.',
    mutates: true,
    input: z
      .object({
        ...subject,
        /** The ad set a DNA draft will run in: the prediction is for its audience. An ad uses its own. */
        adSetId: entityId.optional(),
        /** Use only ads launched on or before this day (a back-test); default all. */
        launchedBefore: isoDay.optional(),
        record: z.boolean().default(true),
      })
      .strict()
      .superRefine(oneSubject)
      .superRefine(draftAdSet),
    output: gateOutputSchema,
  }),
  'winners.battlePlan': defineMethod({
    summary: 'Battle plan for a creative: nearest winners, the patterns they share, the gate, and the concrete changes to make.',
    mutates: false,
    input: z.object({ ...subject, adSetId: entityId.optional() }).strict().superRefine(oneSubject).superRefine(draftAdSet),
    output: battlePlanOutputSchema,
  }),
  'winners.reindex': defineMethod({
    summary: 'Refresh the winner index now: embed new or changed ads, update results and winner flags.',
    mutates: true,
    input: empty,
    output: refreshOutputSchema,
  }),
  'winners.status': defineMethod({
    summary: 'The winner index: encoder versions, rows, winners, stale ads, background rebuild progress.',
    mutates: false,
    input: empty,
    output: winnersStatusSchema,
  }),
};
