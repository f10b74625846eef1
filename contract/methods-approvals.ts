import { z } from 'zod';
import { defineMethod } from './define';
import { entityId, minorUnits } from './common';

export const approvalStateSchema = z.enum(['proposed', 'approved', 'pushing', 'applied', 'failed', 'rejected', 'expired']);
export type ApprovalStateName = z.infer<typeof approvalStateSchema>;

export const changeTypeSchema = z.enum(['set_budget', 'pause', 'resume']);
export const targetTypeSchema = z.enum(['ad_set', 'campaign', 'ad']);

export const approvalChangeSchema = z.object({
  id: z.number().int(),
  idempotencyKey: z.string(),
  accountId: z.string(),
  targetType: targetTypeSchema,
  targetId: z.string(),
  targetName: z.string().nullable(),
  changeType: changeTypeSchema,
  currentBudget: z.number().int().nullable(),
  proposedBudget: z.number().int().nullable(),
  origin: z.enum(['sampler', 'fatigue', 'user', 'undo', 'cycle']),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  state: approvalStateSchema,
  undoOf: z.number().int().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApprovalChange = z.infer<typeof approvalChangeSchema>;

export const approvalHistorySchema = z.object({
  changeId: z.number().int(),
  fromState: approvalStateSchema.nullable(),
  toState: approvalStateSchema,
  actor: z.string(),
  note: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});

const ids = z.array(z.number().int().positive()).min(1, 'select at least one change').max(10_000);

export const batchResultSchema = z.object({
  changed: z.array(approvalChangeSchema),
  refused: z.array(z.object({ id: z.number().int(), code: z.string(), message: z.string() })),
});

export const approvalMethods = {
  'approvals.list': defineMethod({
    summary: 'The approval queue, newest first, optionally filtered by state, target or ids.',
    mutates: false,
    input: z
      .object({
        states: z.array(approvalStateSchema).optional(),
        targetId: entityId.optional(),
        /** Only these changes (e.g. the ones an allocation run proposed). */
        ids: z.array(z.number().int().positive()).min(1).max(10_000).optional(),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .strict(),
    output: z.array(approvalChangeSchema),
  }),
  'approvals.history': defineMethod({
    summary: 'Every state transition of one change, oldest first.',
    mutates: false,
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.array(approvalHistorySchema),
  }),
  'approvals.propose': defineMethod({
    summary: 'Propose a change by hand. Guardrails are checked now, at approval and before push.',
    mutates: true,
    input: z
      .object({
        targetType: targetTypeSchema,
        targetId: entityId,
        changeType: changeTypeSchema,
        proposedBudget: minorUnits.optional(),
        reason: z.string().min(1).max(500).default('Proposed by hand'),
      })
      .strict()
      .refine((v) => v.changeType !== 'set_budget' || v.proposedBudget !== undefined, {
        message: 'a budget change needs proposedBudget (minor units)',
        path: ['proposedBudget'],
      })
      // A pause or resume with an amount was proposed with the amount silently dropped.
      .refine((v) => v.changeType === 'set_budget' || v.proposedBudget === undefined, {
        message: 'only a set_budget change takes proposedBudget',
        path: ['proposedBudget'],
      }),
    output: approvalChangeSchema,
  }),
  'approvals.approve': defineMethod({
    summary: 'Approve changes (batch). An edited amount is re-checked against the guardrails first.',
    mutates: true,
    input: z
      .object({
        ids,
        // zod drops an own "__proto__" key from a record without a word; refuse it instead.
        amounts: z
          .custom<unknown>((v) => !(v !== null && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, '__proto__')), 'keys must be change ids')
          .pipe(z.record(z.string().regex(/^\d+$/, 'keys must be change ids'), minorUnits))
          .optional(),
        note: z.string().max(500).optional(),
      })
      .strict()
      // An amount for a change not being approved is a typo that would otherwise approve at the proposed amount.
      .refine((v) => Object.keys(v.amounts ?? {}).every((k) => v.ids.includes(Number(k))), {
        path: ['amounts'],
        message: 'every edited amount must be for a change in ids',
      }),
    output: batchResultSchema,
  }),
  'approvals.reject': defineMethod({
    summary: 'Reject changes (batch).',
    mutates: true,
    input: z.object({ ids, note: z.string().max(500).optional() }).strict(),
    output: batchResultSchema,
  }),
  'approvals.undo': defineMethod({
    summary: 'Undo an applied change: a new proposal that restores the value before it.',
    mutates: true,
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: approvalChangeSchema,
  }),
  'approvals.retry': defineMethod({
    summary: 'Retry a failed push: failed → approved (guardrails re-checked, history kept), sent by the next push, which reads Meta first so nothing is written twice.',
    mutates: true,
    input: z.object({ id: z.number().int().positive(), note: z.string().max(500).optional() }).strict(),
    output: approvalChangeSchema,
  }),
  'approvals.expire': defineMethod({
    summary: 'Expire proposals and approvals older than their expiry time.',
    mutates: true,
    input: z.object({ now: z.string().datetime().optional() }).strict(),
    output: z.object({ expired: z.number().int() }),
  }),
};
