// Crash safety of the learning cycle: killed with SIGKILL inside each of the seven steps in turn,
// each next process resumes at the unfinished step; no finished step ever runs again. Cancel
// stops a running cycle and marks the run cancelled.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { learningSteps } from '../../contract';
import { openDatabase } from '../../workers/engine/db';
import { enqueue, getJob, listJobs, requestCancel } from '../../workers/engine/jobs/queue';
import { createJobRunner } from '../../workers/engine/jobs/runner';
import { createCycleHandler, CYCLE_JOB, CYCLE_KEY } from '../../workers/engine/learning/cycle';
import { workspaceLayout } from '../../workers/engine/layout';
import { exited, spawnTs } from '../helpers/child';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';
import { recordingSteps } from './fixtures/cycle-worker.mts';

describe('the learning cycle under SIGKILL', () => {
  // One workspace per step: kill the cycle inside that step, then resume it in a new process.
  it.each(learningSteps.map((s, i) => [i + 1, s.id]))('killed in step %i (%s): resumes there; no finished step runs again', async (k, stepId) => {
    const dir = await freshWorkspace('cycle-kill');
    const effects = path.join(dir, 'effects.txt');
    const child = spawnTs('tests/engine/fixtures/cycle-worker.mts', [dir, effects, String(stepId)]);
    await child.waitFor(new RegExp(`^started ${stepId}$`), 60_000);
    child.kill('SIGKILL');
    await exited(child);

    const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    try {
      const runner = createJobRunner({ db, log: memoryLogger(), handlers: { [CYCLE_JOB]: createCycleHandler(db, () => recordingSteps(effects, null)) } });
      await runner.start(); // the dead child's lease is void: the lock is ours
      await runner.drain();
      await runner.stop();
      const [job] = await listJobs(db, { kinds: [CYCLE_JOB] });
      expect([job?.state, job?.attempts]).toEqual(['done', 2]);
      const lines = fs.readFileSync(effects, 'utf8').trim().split('\n');
      // Steps before k ran once; step k started twice (killed, then resumed) and ended once.
      const expected = learningSteps.flatMap((s, i) => (i + 1 === k ? [`start ${s.id}`, `start ${s.id}`, `end ${s.id}`] : [`start ${s.id}`, `end ${s.id}`]));
      expect(lines).toEqual(expected);
      const run = await db.query<{ state: string; steps: Array<{ state: string }> }>('select state, steps from learning_runs');
      expect(run.rows).toHaveLength(1); // the same run, resumed — not a second one
      expect(run.rows[0]!.state).toBe('done');
      expect(run.rows[0]!.steps.map((s) => s.state)).toEqual(learningSteps.map(() => 'done'));
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('cancel', () => {
  it('stops a running cycle at its step and records the run as cancelled', async () => {
    const db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('cycle-cancel')).pgdata });
    try {
      const { job } = await enqueue(db, { kind: CYCLE_JOB, concurrencyKey: CYCLE_KEY }, new Date());
      const steps = recordingSteps(path.join(workspaceLayout(await freshWorkspace('fx')).root, 'fx.txt'), null);
      steps.attribute = async (ctx) => {
        await requestCancel(db, job.id, new Date()); // the user presses Cancel during step 3
        await ctx.progress(1, 2); // the next progress report carries the cancel back
        return { counts: {} };
      };
      const runner = createJobRunner({ db, log: memoryLogger(), handlers: { [CYCLE_JOB]: createCycleHandler(db, () => steps) } });
      await runner.drain();
      expect((await getJob(db, job.id))?.state).toBe('cancelled');
      const run = await db.query<{ state: string; steps: Array<{ id: string; state: string }> }>('select state, steps from learning_runs');
      expect(run.rows[0]!.state).toBe('cancelled');
      // Step 3 finished its work before it saw the cancel; step 4 never started.
      expect(run.rows[0]!.steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'pending', 'pending', 'pending', 'pending']);
    } finally {
      await db.close();
    }
  });
});
