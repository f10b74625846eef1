// The self-learning cycle: seven checkpointed steps run as one durable job, their history, and
// the model registry whose versions the cycle scores and promotes.
import { z } from 'zod';
import { defineMethod } from './define';

export const learningSteps = [
  { id: 'pull-meta', label: 'Pull Meta structure and insights' },
  { id: 'pull-hubspot', label: 'Pull HubSpot pipelines, deals and contact sources' },
  { id: 'attribute', label: 'Attribute deals and compute pipeline ROAS' },
  { id: 'posteriors', label: 'Update the sampler’s posteriors' },
  { id: 'winners', label: 'Index new winners' },
  { id: 'fatigue', label: 'Scan for fatigue and propose remediation' },
  { id: 'score-and-propose', label: 'Score predictions, register models, propose budgets' },
] as const;
export type LearningStepId = (typeof learningSteps)[number]['id'];
export const learningStepIdSchema = z.enum(learningSteps.map((s) => s.id) as [LearningStepId, ...LearningStepId[]]);

export const stepStateSchema = z.enum(['pending', 'running', 'done', 'skipped', 'failed']);
export const learningStepResultSchema = z.object({
  id: learningStepIdSchema,
  label: z.string(),
  state: stepStateSchema,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  ms: z.number().nullable(),
  /** What the step did, in numbers (rows pulled, deals attributed, posteriors updated …). */
  counts: z.record(z.string(), z.number()),
  notes: z.array(z.string()),
});
export type LearningStepResult = z.infer<typeof learningStepResultSchema>;

export const learningRunSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int().nullable(),
  trigger: z.enum(['manual', 'schedule']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** 1–7 while running; 0 before the first step. */
  currentStep: z.number().int(),
  steps: z.array(learningStepResultSchema),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type LearningRun = z.infer<typeof learningRunSchema>;

export const modelVersionSchema = z.object({
  name: z.string(),
  version: z.string(),
  role: z.enum(['champion', 'challenger', 'retired']),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

const finite = z.number().nullable();
export const learningQualitySchema = z.object({
  /** Scored gate CTR predictions by the gate model version that made them. */
  gate: z.array(z.object({ version: z.string(), n: z.number().int(), mae: finite, logLoss: finite, firstScoredAt: z.string(), lastScoredAt: z.string() })),
  /** Scored allocation expectations by the sampler version they ran with: Σ actual / Σ expected. */
  allocation: z.array(z.object({ version: z.string(), n: z.number().int(), calibration: finite, relativeError: finite })),
  /** Gate predictions waiting for their ad to deliver, and allocations waiting for the days after them. */
  pending: z.object({ gate: z.number().int(), allocation: z.number().int() }),
});
export type LearningQuality = z.infer<typeof learningQualitySchema>;

export const learningMethods = {
  'learning.run': defineMethod({
    summary: 'Run the learning cycle now (one at a time: a second request joins the open one).',
    mutates: true,
    input: z.object({}).strict(),
    output: z.object({ jobId: z.number().int(), created: z.boolean() }),
  }),
  'learning.runs': defineMethod({
    summary: 'Learning-cycle runs, newest first, with each step’s state, counts and notes.',
    mutates: false,
    input: z.object({ limit: z.number().int().min(1).max(500).default(30) }).strict(),
    output: z.array(learningRunSchema),
  }),
  'scheduler.setPaused': defineMethod({
    summary: 'Pause or resume automation: scheduled fatigue scans and learning cycles wait while paused (a due one runs once on resume).',
    mutates: true,
    input: z.object({ paused: z.boolean() }).strict(),
    output: z.object({ paused: z.boolean() }),
  }),
  'learning.models': defineMethod({
    summary: 'The model registry: every version the cycle registered, its held-out scores and role.',
    mutates: false,
    input: z.object({ name: z.string().min(1).max(64).optional() }).strict(),
    output: z.array(modelVersionSchema),
  }),
  'learning.quality': defineMethod({
    summary: 'How the scored predictions turned out: gate CTR error and allocation calibration by model version.',
    mutates: false,
    input: z.object({}).strict(),
    output: learningQualitySchema,
  }),
};
