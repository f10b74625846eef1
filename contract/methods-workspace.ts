import { z } from 'zod';
import { defineMethod } from './define';
import { currencyCode, empty, entityId, isoDay, minorUnits } from './common';

export const accountSchema = z.object({
  id: entityId,
  name: z.string(),
  currency: currencyCode,
  currencyOffset: z.union([z.literal(1), z.literal(100)]),
  timezone: z.string(),
  source: z.enum(['demo', 'meta', 'csv']),
  campaigns: z.number().int(),
  adSets: z.number().int(),
  ads: z.number().int(),
  /** What the account's active ad sets (ABO) and campaigns (CBO) spend a day now: the total allocation shares out. */
  dailyBudget: minorUnits,
});
export type Account = z.infer<typeof accountSchema>;

const totalsSchema = z.object({
  spend: minorUnits,
  impressions: z.number().int(),
  clicks: z.number().int(),
  ctr: z.number().nullable(),
  pipelineValue: minorUnits,
  pipelineRoas: z.number().nullable(),
  deals: z.number().int(),
  firstDay: isoDay.nullable(),
  lastDay: isoDay.nullable(),
});
export type Totals = z.infer<typeof totalsSchema>;

export const dailyPointSchema = z.object({
  day: isoDay,
  spend: minorUnits,
  impressions: z.number().int(),
  clicks: z.number().int(),
  ctr: z.number().nullable(),
  pipelineValue: minorUnits,
});
export type DailyPoint = z.infer<typeof dailyPointSchema>;

/** One ad or ad set a picker offers, with where it sits so same-named ones can be told apart. */
export const structureMatchSchema = z.object({
  kind: z.enum(['ad', 'adSet']),
  id: entityId,
  name: z.string(),
  status: z.string(),
  adSetId: entityId.nullable(),
  adSetName: z.string().nullable(),
  campaignName: z.string(),
});
export type StructureMatch = z.infer<typeof structureMatchSchema>;

const accountFilter = z
  .object({
    accountId: entityId.optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .strict()
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '`from` must not be after `to`', path: ['from'] });

export const workspaceMethods = {
  'accounts.list': defineMethod({
    summary: 'The ad accounts in this workspace with how much structure each has.',
    mutates: false,
    input: empty,
    output: z.array(accountSchema),
  }),
  'workspace.summary': defineMethod({
    summary: 'Headline numbers: spend, clicks, CTR, pipeline value and pipeline ROAS over the data window.',
    mutates: false,
    input: accountFilter,
    output: z.object({ isEmpty: z.boolean(), currency: currencyCode.nullable(), totals: totalsSchema }),
  }),
  'structure.find': defineMethod({
    summary: 'Ads or ad sets whose name or id contains the text (for pickers): exact id first, then names that start with it, then the rest by name.',
    mutates: false,
    input: z
      .object({
        query: z.string().trim().min(1, 'Type part of a name or an id.').max(200),
        kind: z.enum(['ad', 'adSet']).default('ad'),
        accountId: entityId.optional(),
        limit: z.number().int().min(1).max(50).default(10),
      })
      .strict(),
    output: z.array(structureMatchSchema),
  }),
  'workspace.daily': defineMethod({
    summary: 'Spend, clicks, CTR and pipeline value by day (pipeline value on the day the deal was created).',
    mutates: false,
    input: accountFilter,
    output: z.object({ currency: currencyCode.nullable(), days: z.array(dailyPointSchema) }),
  }),
};
