// The learning cycle as one durable job: seven steps in order, each idempotent, each result and
// the checkpoint saved when it finishes, so a crash or a kill resumes at the unfinished step and
// never repeats a finished one. Steps come from the engine areas that own them; a step whose
// capability is missing or not connected is recorded as skipped, with the reason.
import { learningSteps, type LearningStepId, type LearningStepResult } from '../../../contract';
import type { Database } from '../db';
import { JobStopped, type JobContext, type JobHandler } from '../jobs/runner';

export interface StepOutcome {
  skipped?: boolean;
  counts?: Record<string, number>;
  notes?: string[];
}

export interface StepContext {
  db: Database;
  runId: number;
  signal: AbortSignal;
  progress(done: number, total: number, message?: string): Promise<void>;
}

export type CycleStep = (ctx: StepContext) => Promise<StepOutcome>;
export type CycleSteps = Partial<Record<LearningStepId, CycleStep>>;

export const CYCLE_JOB = 'learning.cycle';
export const CYCLE_KEY = 'learning';

function initialSteps(): LearningStepResult[] {
  return learningSteps.map((s) => ({ id: s.id, label: s.label, state: 'pending', startedAt: null, finishedAt: null, ms: null, counts: {}, notes: [] }));
}

async function saveSteps(db: Database, runId: number, steps: LearningStepResult[], currentStep: number): Promise<void> {
  await db.query(`update learning_runs set steps = $2::jsonb, current_step = $3, state = 'running', error = null, finished_at = null where id = $1`, [runId, JSON.stringify(steps), currentStep]);
}

export function createCycleHandler(db: Database, steps: () => CycleSteps, now: () => Date = () => new Date()): JobHandler {
  return async (ctx: JobContext) => {
    let runId = Number(ctx.checkpoint.runId ?? 0);
    let done = Number(ctx.checkpoint.done ?? 0);
    if (!runId) {
      const trigger = ctx.job.payload.trigger === 'schedule' ? 'schedule' : 'manual';
      const res = await db.query<{ id: number }>(
        `insert into learning_runs (job_id, trigger, steps, started_at) values ($1, $2, $3::jsonb, $4) returning id`,
        [ctx.job.id, trigger, JSON.stringify(initialSteps()), now()],
      );
      runId = Number(res.rows[0]!.id);
      await ctx.saveCheckpoint({ runId, done: 0 });
    }
    const stored = await db.query<{ steps: LearningStepResult[] }>(`select steps from learning_runs where id = $1`, [runId]);
    const results = stored.rows[0]?.steps?.length === learningSteps.length ? stored.rows[0].steps : initialSteps();
    const impls = steps();
    try {
      for (let i = done; i < learningSteps.length; i++) {
        ctx.throwIfStopped();
        const def = learningSteps[i]!;
        const t0 = performance.now();
        results[i] = { ...results[i]!, state: 'running', startedAt: now().toISOString(), finishedAt: null, ms: null };
        await saveSteps(db, runId, results, i + 1);
        await ctx.progress({ step: def.id, done: 0, total: 1, message: def.label });
        const impl = impls[def.id];
        const outcome: StepOutcome = impl
          ? await impl({
              db,
              runId,
              signal: ctx.signal,
              progress: (d, t, message) => ctx.progress(message === undefined ? { step: def.id, done: d, total: t } : { step: def.id, done: d, total: t, message }),
            })
          : { skipped: true, notes: ['This step is not available in this workspace yet.'] };
        results[i] = {
          ...results[i]!,
          state: outcome.skipped ? 'skipped' : 'done',
          finishedAt: now().toISOString(),
          ms: Math.round(performance.now() - t0),
          counts: outcome.counts ?? {},
          notes: outcome.notes ?? [],
        };
        await saveSteps(db, runId, results, i + 1);
        done = i + 1;
        await ctx.saveCheckpoint({ runId, done });
        await ctx.progress({ step: def.id, done: 1, total: 1, message: def.label });
      }
      await db.query(`update learning_runs set state = 'done', finished_at = $2 where id = $1`, [runId, now()]);
      return { runId, steps: results.map((r) => ({ id: r.id, state: r.state, counts: r.counts })) };
    } catch (e) {
      const stoppedFor = e instanceof JobStopped ? e.message : ctx.signal.aborted ? String((ctx.signal.reason as Error)?.message ?? '') : null;
      if (stoppedFor === 'shutdown') throw e; // the run resumes on the next start
      if (done < learningSteps.length && results[done]?.state === 'running') {
        results[done] = { ...results[done]!, state: stoppedFor === 'cancelled' ? 'pending' : 'failed', finishedAt: now().toISOString(), notes: [...results[done]!.notes, stoppedFor === 'cancelled' ? 'Cancelled.' : String((e as Error)?.message ?? e)] };
      }
      await db.query(`update learning_runs set steps = $2::jsonb, state = $3, error = $4, finished_at = $5 where id = $1`, [
        runId,
        JSON.stringify(results),
        stoppedFor === 'cancelled' ? 'cancelled' : 'failed',
        stoppedFor === 'cancelled' ? null : String((e as Error)?.message ?? e),
        now(),
      ]);
      throw e;
    }
  };
}
