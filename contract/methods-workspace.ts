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
  'workspace.daily': defineMethod({
    summary: 'Spend, clicks, CTR and pipeline value by day (pipeline value on the day the deal was created).',
    mutates: false,
    input: accountFilter,
    output: z.object({ currency: currencyCode.nullable(), days: z.array(dailyPointSchema) }),
  }),
};
