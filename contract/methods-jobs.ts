// The durable job queue as clients see it: what runs, what waits, how far each got, and cancel.
import { z } from 'zod';
import { defineMethod } from './define';

export const jobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);

export const jobSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  concurrencyKey: z.string().nullable(),
  state: jobStateSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAfter: z.string(),
  progress: z.record(z.string(), z.unknown()),
  result: z.unknown(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof jobSchema>;

export const jobsMethods = {
  'jobs.list': defineMethod({
    summary: 'Jobs of the durable queue, newest first, optionally by kind and state.',
    mutates: false,
    input: z
      .object({
        kinds: z.array(z.string().min(1).max(64)).max(20).optional(),
        states: z.array(jobStateSchema).optional(),
        limit: z.number().int().min(1).max(1000).default(50),
      })
      .strict(),
    output: z.array(jobSchema),
  }),
  'jobs.cancel': defineMethod({
    summary: 'Cancel a job: a queued one at once, a running one at its next step.',
    mutates: true,
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: jobSchema,
  }),
};
