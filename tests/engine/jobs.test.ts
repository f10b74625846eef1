// The durable job queue on a real PGlite: leases, expiry, the concurrency key, backoff, cancel,
// checkpoints and resume. Time is a hand-driven clock, so every due time is exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import * as queue from '../../workers/engine/jobs/queue';
import { createJobRunner, PermanentJobError, type JobHandler } from '../../workers/engine/jobs/runner';
import { workspaceLayout } from '../../workers/engine/layout';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('jobs')).pgdata });
});
afterAll(async () => db?.close());

const T0 = new Date('2026-11-26T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const fixed = { baseDelayMs: 1_000, maxDelayMs: 60_000, random: () => 0.5 };

async function clear() {
  await db.query('delete from jobs');
}

describe('the queue', () => {
  it('claims due jobs oldest first, never before run_after, and completes them', async () => {
    await clear();
    const later = await queue.enqueue(db, { kind: 'k', runAfter: at(5_000) }, T0);
    const first = await queue.enqueue(db, { kind: 'k', payload: { n: 1 } }, T0);
    const c1 = await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: T0 });
    expect(c1?.id).toBe(first.job.id);
    expect([c1?.state, c1?.attempts, c1?.leaseOwner, c1?.payload]).toEqual(['running', 1, 'a', { n: 1 }]);
    expect(await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(100) })).toBeNull();
    const done = await queue.complete(db, c1!.id, 'a', { rows: 3 }, at(200));
    expect([done.state, done.result, done.leaseOwner]).toEqual(['done', { rows: 3 }, null]);
    expect((await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(5_000) }))?.id).toBe(later.job.id);
    expect(await queue.claim(db, { owner: 'a', kinds: ['other'], leaseMs: 1_000, now: at(9_000) })).toBeNull();
  });

  it('coalesces a second "run now" into the open job of the same kind and key', async () => {
    await clear();
    const a = await queue.enqueue(db, { kind: 'cycle', concurrencyKey: 'learning', coalesce: true }, T0);
    const b = await queue.enqueue(db, { kind: 'cycle', concurrencyKey: 'learning', coalesce: true }, T0);
    expect([a.created, b.created, b.job.id]).toEqual([true, false, a.job.id]);
    const c = await queue.enqueue(db, { kind: 'cycle', concurrencyKey: 'learning' }, T0);
    expect(c.created).toBe(true);
  });

  it('runs one job per concurrency key at a time; other keys are not held up', async () => {
    await clear();
    const s1 = await queue.enqueue(db, { kind: 'sync', concurrencyKey: 'sync' }, T0);
    const s2 = await queue.enqueue(db, { kind: 'sync', concurrencyKey: 'sync' }, T0);
    const other = await queue.enqueue(db, { kind: 'sync', concurrencyKey: 'sync-b' }, T0);
    const c1 = await queue.claim(db, { owner: 'a', kinds: ['sync'], leaseMs: 10_000, now: T0 });
    const c2 = await queue.claim(db, { owner: 'b', kinds: ['sync'], leaseMs: 10_000, now: T0 });
    expect([c1?.id, c2?.id]).toEqual([s1.job.id, other.job.id]);
    expect(await queue.claim(db, { owner: 'b', kinds: ['sync'], leaseMs: 10_000, now: at(1) })).toBeNull();
    await queue.complete(db, c1!.id, 'a', null, at(2));
    expect((await queue.claim(db, { owner: 'b', kinds: ['sync'], leaseMs: 10_000, now: at(3) }))?.id).toBe(s2.job.id);
  });

  it('an expired lease lets another owner take the job over; the old owner is refused', async () => {
    await clear();
    const { job } = await queue.enqueue(db, { kind: 'k', concurrencyKey: 'x', maxAttempts: 2 }, T0);
    await queue.enqueue(db, { kind: 'k', concurrencyKey: 'x' }, T0); // waits behind the stuck one
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: T0 });
    await queue.heartbeat(db, job.id, 'a', 1_000, at(500)); // lease now until 1,500
    expect(await queue.claim(db, { owner: 'b', kinds: ['k'], leaseMs: 1_000, now: at(1_400) })).toBeNull();
    const taken = await queue.claim(db, { owner: 'b', kinds: ['k'], leaseMs: 1_000, now: at(1_600) });
    expect([taken?.id, taken?.leaseOwner, taken?.attempts]).toEqual([job.id, 'b', 2]);
    await expect(queue.complete(db, job.id, 'a', null, at(1_700))).rejects.toMatchObject({ code: 'Conflict' });
    // Its attempts are used up: when b's lease lapses too, the job fails instead of running a third time.
    const next = await queue.claim(db, { owner: 'c', kinds: ['k'], leaseMs: 1_000, now: at(3_000) });
    expect(next?.id).not.toBe(job.id);
    const failed = await queue.getJob(db, job.id);
    expect(failed?.state).toBe('failed');
    expect(failed?.error).toMatch(/lease expired/);
  });

  it('retries transient failures with exponential backoff; a permanent failure fails at once', async () => {
    await clear();
    const { job } = await queue.enqueue(db, { kind: 'k', maxAttempts: 3 }, T0);
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: T0 });
    const r1 = await queue.fail(db, job.id, 'a', 'HTTP 503', { retryable: true, now: at(10), policy: fixed });
    expect([r1.state, r1.runAfter.getTime() - at(10).getTime(), r1.error]).toEqual(['queued', 750, 'HTTP 503']);
    expect(await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(700) })).toBeNull();
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(760) });
    const r2 = await queue.fail(db, job.id, 'a', 'HTTP 503', { retryable: true, now: at(800), policy: fixed });
    expect(r2.runAfter.getTime() - at(800).getTime()).toBe(1_500); // doubled
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(3_000) });
    const r3 = await queue.fail(db, job.id, 'a', 'HTTP 503', { retryable: true, now: at(3_100), policy: fixed });
    expect(r3.state).toBe('failed'); // three attempts spent

    const { job: bad } = await queue.enqueue(db, { kind: 'k' }, T0);
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: at(4_000) });
    expect((await queue.fail(db, bad.id, 'a', 'invalid parameter', { retryable: false, now: at(4_001) })).state).toBe('failed');
  });

  it('backoff grows, is capped and jittered', () => {
    expect([1, 2, 3, 4].map((a) => queue.backoffMs(a, { ...fixed, random: () => 0 }))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(queue.backoffMs(30, { ...fixed, random: () => 0.999999 })).toBeLessThanOrEqual(60_000);
  });

  it('cancels a queued job at once and flags a running one', async () => {
    await clear();
    const q = await queue.enqueue(db, { kind: 'k' }, T0);
    expect((await queue.requestCancel(db, q.job.id, T0)).state).toBe('cancelled');
    const r = await queue.enqueue(db, { kind: 'k' }, T0);
    await queue.claim(db, { owner: 'a', kinds: ['k'], leaseMs: 1_000, now: T0 });
    const flagged = await queue.requestCancel(db, r.job.id, at(1));
    expect([flagged.state, flagged.cancelRequested]).toEqual(['running', true]);
    await expect(queue.requestCancel(db, 999_999, T0)).rejects.toMatchObject({ code: 'NotFound' });
  });
});

describe('the runner', () => {
  it('streams progress, saves checkpoints, and resumes a failed attempt from its checkpoint', async () => {
    await clear();
    let clock = T0.getTime();
    const seen: Array<Record<string, unknown>> = [];
    const steps: string[] = [];
    let failOnce = true;
    const handler: JobHandler = async (ctx) => {
      seen.push({ ...ctx.checkpoint });
      const from = Number(ctx.checkpoint.step ?? 0);
      for (let step = from + 1; step <= 3; step++) {
        if (step === 3 && failOnce) {
          failOnce = false;
          throw new Error('connection reset');
        }
        steps.push(`step ${step}`);
        await ctx.progress({ step: `step ${step}`, done: step, total: 3 });
        await ctx.saveCheckpoint({ step });
      }
      return { steps: 3 };
    };
    const progress: number[] = [];
    const runner = createJobRunner({
      db,
      log: memoryLogger(),
      handlers: { cycle: handler },
      now: () => new Date(clock),
      retry: fixed,
      onProgress: (_j, p) => progress.push(p.done),
    });
    const { job } = await queue.enqueue(db, { kind: 'cycle' }, new Date(clock));
    expect(await runner.drain()).toBe(1);
    expect((await queue.getJob(db, job.id))?.state).toBe('queued'); // backing off
    clock += 10_000;
    expect(await runner.drain()).toBe(1);
    const done = await queue.getJob(db, job.id);
    expect([done?.state, done?.attempts, done?.result]).toEqual(['done', 2, { steps: 3 }]);
    expect(seen).toEqual([{}, { step: 2 }]); // the retry started after step 2
    expect(steps).toEqual(['step 1', 'step 2', 'step 3']); // no finished step ran twice
    expect(progress).toEqual([1, 2, 3]);
    expect(done?.progress).toMatchObject({ step: 'step 3', percent: 100 });
  });

  it('a permanent error fails the job without retrying', async () => {
    await clear();
    let calls = 0;
    const runner = createJobRunner({
      db,
      log: memoryLogger(),
      handlers: {
        k: async () => {
          calls++;
          throw new PermanentJobError('the token was revoked');
        },
      },
      now: () => T0,
    });
    const { job } = await queue.enqueue(db, { kind: 'k' }, T0);
    await runner.drain();
    expect([calls, (await queue.getJob(db, job.id))?.state, (await queue.getJob(db, job.id))?.error]).toEqual([1, 'failed', 'the token was revoked']);
  });

  it('cancel stops a running job at its next step', async () => {
    await clear();
    const { job } = await queue.enqueue(db, { kind: 'long' }, T0);
    let stepsRun = 0;
    const runner = createJobRunner({
      db,
      log: memoryLogger(),
      now: () => T0,
      handlers: {
        long: async (ctx) => {
          for (let i = 0; i < 100; i++) {
            ctx.throwIfStopped();
            stepsRun++;
            if (i === 2) await queue.requestCancel(db, job.id, T0); // someone presses Cancel
            await ctx.progress({ step: 'work', done: i, total: 100 });
          }
          return 'finished';
        },
      },
    });
    await runner.drain();
    const j = await queue.getJob(db, job.id);
    expect(j?.state).toBe('cancelled');
    expect(stepsRun).toBe(3);
  });

  it('a shutdown hands the job back without spending an attempt; the next engine resumes it', async () => {
    await clear();
    const { job } = await queue.enqueue(db, { kind: 'long', concurrencyKey: 'learning' }, T0);
    let release!: () => void;
    const reached = new Promise<void>((r) => (release = r));
    const first = createJobRunner({
      db,
      log: memoryLogger(),
      now: () => T0,
      handlers: {
        long: async (ctx) => {
          await ctx.saveCheckpoint({ step: 1 });
          release();
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error)));
        },
      },
    });
    const draining = first.drain();
    await reached;
    await first.stop();
    await draining;
    const back = await queue.getJob(db, job.id);
    expect([back?.state, back?.attempts, back?.checkpoint]).toEqual(['queued', 0, { step: 1 }]);

    const resumedFrom: unknown[] = [];
    const second = createJobRunner({ db, log: memoryLogger(), now: () => T0, handlers: { long: async (ctx) => resumedFrom.push(ctx.checkpoint) } });
    await second.drain();
    expect(resumedFrom).toEqual([{ step: 1 }]);
    expect((await queue.getJob(db, job.id))?.state).toBe('done');
  });

  it('on start, jobs left running by a dead engine are resumed without waiting for their lease', async () => {
    await clear();
    const { job } = await queue.enqueue(db, { kind: 'k' }, T0);
    await queue.claim(db, { owner: 'dead-engine', kinds: ['k'], leaseMs: 3_600_000, now: T0 });
    await queue.saveCheckpoint(db, job.id, 'dead-engine', { step: 4 }, T0);
    const got: unknown[] = [];
    const runner = createJobRunner({ db, log: memoryLogger(), now: () => at(1_000), handlers: { k: async (ctx) => got.push(ctx.checkpoint) } });
    await runner.start();
    await runner.drain();
    await runner.stop();
    expect(got).toEqual([{ step: 4 }]);
    const j = await queue.getJob(db, job.id);
    expect([j?.state, j?.attempts]).toEqual(['done', 2]);
  });
});

describe('a kill mid-job', () => {
  it('SIGKILL after step 3: the next runner resumes at step 4 and no finished step runs again', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { exited, spawnTs } = await import('../helpers/child');
    const { fiveSteps } = await import('./fixtures/job-worker.mts');
    const dir = await freshWorkspace('jobkill');
    const effects = path.join(dir, 'effects.txt');
    const child = spawnTs('tests/engine/fixtures/job-worker.mts', [dir, effects]);
    await child.waitFor(/checkpointed 3$/, 60_000);
    child.kill('SIGKILL');
    await exited(child);

    const own = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    try {
      const [stuck] = await queue.listJobs(own, { kinds: ['five'] });
      expect([stuck?.state, stuck?.checkpoint]).toEqual(['running', { step: 3 }]);
      const runner = createJobRunner({ db: own, log: memoryLogger(), handlers: { five: fiveSteps(effects) } });
      await runner.start(); // the lock is ours now, so the dead child's lease is void
      await runner.drain();
      await runner.stop();
      const done = await queue.getJob(own, stuck!.id);
      expect([done?.state, done?.attempts, done?.result]).toEqual(['done', 2, { steps: 5 }]);
      // Step 3 hung after its checkpoint; it is not repeated. (A step killed before its checkpoint
      // would run again — steps are written to be idempotent for that reason.)
      expect(fs.readFileSync(effects, 'utf8').trim().split('\n')).toEqual(['step 1', 'step 2', 'step 3', 'step 4', 'step 5']);
    } finally {
      await own.close();
    }
  });
});

describe('jobs over the contract', () => {
  it('lists jobs and cancels one; bad input and unknown ids get typed errors', async () => {
    const { openEngine } = await import('../../workers/engine/engine');
    const dir = await freshWorkspace('jobs-contract');
    const engine = await openEngine({ dataDir: dir, log: memoryLogger(), emit: () => undefined });
    try {
      const { job } = await queue.enqueue(engine.db, { kind: 'learning.cycle', concurrencyKey: 'learning' }, new Date());
      const call = async (method: string, input: unknown) => engine.dispatch({ id: 1, method, params: input });
      const listed = await call('jobs.list', { states: ['queued'] });
      expect(listed.ok && (listed.result as Array<{ id: number; kind: string }>).map((j) => [j.id, j.kind])).toEqual([[job.id, 'learning.cycle']]);
      const cancelled = await call('jobs.cancel', { id: job.id });
      expect(cancelled.ok && (cancelled.result as { state: string }).state).toBe('cancelled');
      const missing = await call('jobs.cancel', { id: 987_654 });
      expect(!missing.ok && missing.error.code).toBe('NotFound');
      const bad = await call('jobs.list', { states: ['sleeping'] });
      expect(!bad.ok && bad.error.code).toBe('InvalidInput');
    } finally {
      await engine.close();
    }
  });
});
