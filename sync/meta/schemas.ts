// The shapes of Meta Graph replies the client reads. Numbers arrive as strings; a field Meta may
// omit is optional. Anything else is a malformed reply.
import { z } from 'zod';
import { isoDay } from '../../contract/common';

const numeric = z.string().regex(/^-?\d+(\.\d+)?$/, 'a number as a string');
// Insight counts and amounts are never negative, and counts fit the workspace's 32-bit columns:
// anything else failed later as a database check, not as the malformed reply it is.
const count = z.string().regex(/^\d+$/, 'a count as a string').refine((v) => Number(v) <= 2_147_483_647, 'a count past 2^31 − 1');
const amount = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative amount as a string');
const status = z.enum(['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED']);

export const pagingSchema = z.object({
  cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
  next: z.string().url().optional(),
});
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), paging: pagingSchema.optional() });

export const metaErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number(),
    error_subcode: z.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

export const adAccountSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  name: z.string(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  timezone_name: z.string().optional(),
});
/** GET /me?fields=id,name: the user (or system user) the token belongs to. */
export const meSchema = z.object({ id: z.string().regex(/^\d+$/), name: z.string() });
export const campaignSchema = z.object({ id: z.string(), name: z.string(), objective: z.string().optional(), status, daily_budget: z.string().regex(/^\d+$/).optional() });
export const adSetSchema = z.object({
  id: z.string(),
  campaign_id: z.string(),
  name: z.string(),
  status,
  daily_budget: z.string().regex(/^\d+$/).optional(),
  learning_stage_info: z.object({ status: z.string() }).optional(),
});
export const adSchema = z.object({ id: z.string(), adset_id: z.string(), campaign_id: z.string(), name: z.string(), status, creative: z.object({ id: z.string() }).optional() });
export const creativeSchema = z.object({ id: z.string(), name: z.string().optional(), object_type: z.string().optional(), title: z.string().optional(), body: z.string().optional() });
export const minimumBudgetsSchema = z.object({ data: z.array(z.object({ currency: z.string(), min_daily_budget_imp: z.number().int().nonnegative() })) });

const action = z.object({ action_type: z.string(), value: numeric });
export const insightRowSchema = z.object({
  account_id: z.string().optional(),
  campaign_id: z.string(),
  adset_id: z.string(),
  ad_id: z.string(),
  date_start: isoDay,
  date_stop: isoDay,
  impressions: count.optional(),
  reach: count.optional(),
  frequency: amount.optional(),
  clicks: count.optional(),
  spend: amount.optional(),
  actions: z.array(action).optional(),
  action_values: z.array(action).optional(),
});

export const reportRunSchema = z.object({ report_run_id: z.string() });
export const reportStatusSchema = z.object({ id: z.string(), async_status: z.string(), async_percent_completion: z.number().optional() });
export const successSchema = z.object({ success: z.literal(true) });
export const batchReplySchema = z.array(
  z.object({ code: z.number(), headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(), body: z.string() }).nullable(),
);
