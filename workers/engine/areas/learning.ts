// The learning cycle's area: the durable job that runs the seven steps, the steps this area owns
// (4: posteriors; 7: model scoring and the day's budget proposals), and the contract methods.
// Steps 1–3, 5 and 6 are registered by the sync, pipeline, winners and fatigue areas.
import type { learningMethods } from '../../../contract';
import { readSettings, updateSettings } from '../handlers/settings';
import { createCycleHandler, CYCLE_JOB, CYCLE_KEY, type CycleSteps } from '../learning/cycle';
import { listVersions } from '../learning/registry';
import { createScheduler } from '../services/fatigue/scheduler';
import { learningQuality } from '../learning/quality';
import { scoreAllocationExpectations } from '../learning/score-allocation';
import { scoreAndRecalibrateGate } from '../learning/score-gate';
import { scoreSamplerModels } from '../learning/score-sampler';
import { allocate, allocationOfLearningRun, currentTotalBudget, updatePosteriors } from '../services/allocation';
import type { AreaDeps, AreaHandlers } from './types';

async function accountIds(deps: AreaDeps): Promise<string[]> {
  const res = await deps.db.query<{ id: string }>('select id from accounts order by id');
  return res.rows.map((r) => r.id);
}

export function learningArea(deps: AreaDeps, steps: CycleSteps): AreaHandlers<typeof learningMethods> {
  const { db } = deps;

  steps.posteriors ??= async (ctx) => {
    const ids = await accountIds(deps);
    let holders = 0;
    for (const [k, id] of ids.entries()) {
      holders += (await updatePosteriors(db, id)).holders;
      await ctx.progress(k + 1, ids.length);
    }
    return ids.length === 0 ? { skipped: true, notes: ['No ad account yet.'] } : { counts: { accounts: ids.length, posteriorsUpdated: holders } };
  };

  steps['score-and-propose'] ??= async (ctx) => {
    const ids = await accountIds(deps);
    if (ids.length === 0) return { skipped: true, notes: ['No ad account yet.'] };
    const settings = await readSettings(db);
    const notes: string[] = [];
    let proposals = 0;
    let created = 0;
    let versions = 0;
    const quality: Record<string, number> = {};
    const at = new Date(deps.clock.now());
    // Earlier predictions first: the gate's CTR predictions and the allocations' expectations are
    // scored against what happened before today's allocation adds a new expectation.
    const gateScore = await scoreAndRecalibrateGate(db, settings.gateNeighbours, at);
    notes.push(`Gate: ${gateScore.scored} predictions scored; ${gateScore.reason}`);
    quality.gatePredictionsScored = gateScore.scored;
    if (gateScore.scoredMae !== null) quality.gateScoredCtrMaeBp = gateScore.scoredMae * 10_000;
    if (Number.isFinite(gateScore.heldOutMae)) quality.gateHeldOutCtrMaeBp = gateScore.heldOutMae * 10_000;
    if (gateScore.promoted) quality.gateModelsPromoted = 1;
    const alloc = await scoreAllocationExpectations(db, at);
    quality.allocationsScored = alloc.scored;
    if (alloc.calibration !== null) quality.allocationCalibration = alloc.calibration;
    if (alloc.relativeError !== null) quality.allocationRelativeError = alloc.relativeError;
    if (alloc.scored > 0) notes.push(`Allocations: ${alloc.scored} scored, actual ÷ expected value ${alloc.calibration?.toFixed(2) ?? 'n/a'}.`);
    for (const [k, id] of ids.entries()) {
      const scoring = await scoreSamplerModels(db, id, settings.halfLifeDays);
      versions += scoring.scored.length;
      notes.push(`Sampler model: ${scoring.reason}`);
      // The champion's held-out scores, per run, are what the Learning view charts over time.
      const champ = scoring.scored.find((s) => s.version === scoring.champion);
      if (champ && Number.isFinite(champ.heldOutError) && k === 0) {
        quality.samplerHeldOutLogLoss = champ.heldOutError;
        quality.samplerHeldOutCtrMaeBp = champ.mae * 10_000;
        quality.samplerHalfLifeDays = champ.halfLifeDays;
      }
      // Rerunning the step (after a crash) finds the allocation it already made: no second run,
      // and the approval queue's idempotency keys already rule out duplicate proposals.
      const existing = await allocationOfLearningRun(db, id, ctx.runId);
      const total = await currentTotalBudget(db, id);
      if (total <= 0) {
        notes.push(`${id}: no active budget to reallocate.`);
        continue;
      }
      const run = existing ?? (await allocate(db, { accountId: id, total, propose: true }, { learningRunId: ctx.runId }));
      proposals += run.queued;
      if (!existing) created += run.proposed;
      await ctx.progress(k + 1, ids.length);
    }
    if (created > 0 || proposals > 0) deps.emit('workspace.changed', { reason: 'approvals' });
    return { counts: { modelVersionsScored: versions, proposalsInQueue: proposals, proposalsCreated: created, ...quality }, notes };
  };

  deps.jobs.register(CYCLE_JOB, createCycleHandler(db, () => steps, () => new Date(deps.clock.now())));

  // The daily schedule: next_due_at lives in the schedules table like the fatigue scan's, so a
  // restart or a sleep catches up once. The scheduled run is a job like any other (it joins a
  // cycle already queued or running).
  const scheduler = createScheduler({
    db,
    kind: 'learning',
    clock: deps.clock,
    log: deps.log,
    intervalHours: async () => (await readSettings(db)).learningIntervalHours,
    run: async () => deps.jobs.enqueue({ kind: CYCLE_JOB, concurrencyKey: CYCLE_KEY, coalesce: true, payload: { trigger: 'schedule' } }),
    // A new workspace gets its first scheduled cycle a day after it is opened, not during the
    // first minute (the demo has just been computed; a person can run one by hand any time).
    firstRun: 'after-interval',
    paused: async () => (await readSettings(db)).automationPaused,
  });
  if (deps.background) void scheduler.start().catch((e: unknown) => deps.log.warn('learning scheduler failed to start', { error: String(e) }));
  deps.onClose(() => scheduler.stop());

  return {
    'learning.run': async () => {
      const { job, created } = await deps.jobs.enqueue({ kind: CYCLE_JOB, concurrencyKey: CYCLE_KEY, coalesce: true, payload: { trigger: 'manual' } });
      return deps.changed('learning', { jobId: job.id, created });
    },
    'learning.runs': async (input) => {
      const res = await db.query<Record<string, unknown>>(
        `select id, job_id, trigger, state, current_step, steps, started_at, finished_at, error from learning_runs order by id desc limit $1`,
        [input.limit],
      );
      return res.rows.map((r) => ({
        id: Number(r.id),
        jobId: r.job_id === null ? null : Number(r.job_id),
        trigger: r.trigger as 'manual' | 'schedule',
        state: r.state as 'running' | 'done' | 'failed' | 'cancelled',
        currentStep: Number(r.current_step),
        steps: r.steps as never,
        startedAt: new Date(r.started_at as string).toISOString(),
        finishedAt: r.finished_at ? new Date(r.finished_at as string).toISOString() : null,
        error: (r.error as string | null) ?? null,
      }));
    },
    'learning.models': async (input) => listVersions(db, input.name),
    'learning.quality': async () => learningQuality(db),
    'scheduler.setPaused': async (input) => {
      const s = await updateSettings(db, { automationPaused: input.paused });
      deps.log.info(input.paused ? 'automation paused' : 'automation resumed');
      return deps.changed('settings', { paused: s.automationPaused });
    },
  };
}
