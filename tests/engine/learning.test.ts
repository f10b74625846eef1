// The learning cycle on a real engine and PGlite: the seven steps as one durable job, their
// results, idempotence (a second cycle on the same data changes nothing), one cycle at a time,
// cancel, and champion/challenger promotion only on lower held-out error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearningRun } from '../../contract';
import { decidePromotion } from '../../workers/domain/learning/promote';
import { openEngine, type Engine } from '../../workers/engine/engine';
import { getJob } from '../../workers/engine/jobs/queue';
import { listVersions } from '../../workers/engine/learning/registry';
import { SAMPLER_MODEL, scoreSamplerModels } from '../../workers/engine/learning/score-sampler';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let engine: Engine;
async function call<T>(method: string, params: unknown): Promise<T> {
  const res = await engine.dispatch({ id: 1, method, params });
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as T;
}
async function waitForJob(id: number): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const job = await getJob(engine.db, id);
    if (job && ['done', 'failed', 'cancelled'].includes(job.state)) return job.state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}
async function snapshot() {
  const q = async (sql: string) => (await engine.db.query(sql)).rows;
  return {
    posteriors: await q(`select entity_type, entity_id, params::text, evidence::text, data_through from sampler_posteriors order by 1, 2`),
    queue: await q(`select idempotency_key, state, proposed_value::text from approval_queue order by id`),
    models: await q(`select name, version, role, params::text from model_registry order by 1, 2`),
    allocationRuns: await q(`select count(*)::int as n from allocation_runs`),
  };
}

beforeAll(async () => {
  engine = await openEngine({ dataDir: await freshWorkspace('learning'), log: memoryLogger(), emit: () => undefined, jobPollMs: 50 });
  await call('demo.generate', { seed: 5, ads: 80, days: 40 });
});
afterAll(async () => engine?.close());

describe('the learning cycle', () => {
  let first: LearningRun;

  it('runs the seven steps in order and records what each did', async () => {
    const { jobId, created } = await call<{ jobId: number; created: boolean }>('learning.run', {});
    expect(created).toBe(true);
    expect(await waitForJob(jobId)).toBe('done');
    const [run] = await call<LearningRun[]>('learning.runs', {});
    first = run!;
    expect(run?.state).toBe('done');
    expect(run?.jobId).toBe(jobId);
    expect(run?.steps.map((s) => s.id)).toEqual(['pull-meta', 'pull-hubspot', 'attribute', 'posteriors', 'winners', 'fatigue', 'score-and-propose']);
    for (const s of run!.steps) expect(['done', 'skipped']).toContain(s.state);
    const byId = Object.fromEntries(run!.steps.map((s) => [s.id, s]));
    expect(byId.posteriors?.state).toBe('done');
    expect(byId.posteriors?.counts.posteriorsUpdated).toBeGreaterThan(3);
    expect(byId['score-and-propose']?.counts.proposalsCreated).toBeGreaterThan(0);
    expect(byId['score-and-propose']?.counts.modelVersionsScored).toBe(3);
    // Proposals wait in the approval queue; nothing was approved on anyone's behalf.
    const queue = await call<Array<{ state: string; origin: string }>>('approvals.list', { states: ['proposed', 'approved'] });
    expect(queue.filter((c) => c.origin === 'sampler' && c.state === 'proposed').length).toBe(byId['score-and-propose']?.counts.proposalsInQueue);
    expect(queue.some((c) => c.state === 'approved')).toBe(false);
    const models = await call<Array<{ name: string; role: string }>>('learning.models', { name: SAMPLER_MODEL });
    expect(models.filter((m) => m.role === 'champion')).toHaveLength(1);
  });

  it('is idempotent: a second cycle on the same data leaves the same state', async () => {
    const before = await snapshot();
    const { jobId } = await call<{ jobId: number }>('learning.run', {});
    expect(await waitForJob(jobId)).toBe('done');
    const after = await snapshot();
    expect(after.posteriors).toEqual(before.posteriors);
    expect(after.queue).toEqual(before.queue); // no new, no superseded proposals
    expect(after.models).toEqual(before.models);
    const [run] = await call<LearningRun[]>('learning.runs', { limit: 1 });
    expect(run?.id).toBeGreaterThan(first.id);
    expect(run?.steps.find((s) => s.id === 'score-and-propose')?.counts.proposalsCreated).toBe(0);
  });

  it('runs one cycle at a time: a second request joins the open one', async () => {
    const a = await call<{ jobId: number; created: boolean }>('learning.run', {});
    const b = await call<{ jobId: number; created: boolean }>('learning.run', {});
    expect([b.jobId, b.created]).toEqual([a.jobId, false]);
    await waitForJob(a.jobId);
  });
});

describe('champion and challenger', () => {
  it('promotes only on lower held-out error, by a margin and with enough observations', () => {
    const champ = { version: 'half-life-7d', heldOutError: 0.1, n: 500 };
    expect(decidePromotion(null, champ).promote).toBe(true);
    expect(decidePromotion(champ, { version: 'half-life-14d', heldOutError: 0.098, n: 500 }).promote).toBe(true);
    expect(decidePromotion(champ, { version: 'half-life-14d', heldOutError: 0.0999, n: 500 }).promote).toBe(false); // within noise
    expect(decidePromotion(champ, { version: 'half-life-14d', heldOutError: 0.12, n: 500 }).promote).toBe(false);
    expect(decidePromotion(champ, { version: 'half-life-14d', heldOutError: 0.05, n: 3 }).promote).toBe(false);
    expect(decidePromotion(champ, { version: 'half-life-3.5d', heldOutError: Number.NaN, n: 500 }).promote).toBe(false);
  });

  it('on the demo data, the registered champion is the version with the lowest held-out log-loss', async () => {
    const accounts = await engine.db.query<{ id: string }>('select id from accounts order by id limit 1');
    const scoring = await scoreSamplerModels(engine.db, accounts.rows[0]!.id, 7);
    const best = [...scoring.scored].sort((x, y) => x.heldOutError - y.heldOutError)[0]!;
    const versions = await listVersions(engine.db, SAMPLER_MODEL);
    const champ = versions.find((v) => v.role === 'champion')!;
    const champScore = scoring.scored.find((s) => s.version === champ.version)!;
    // The champion is the best, or within the promotion margin of it (then it was kept on purpose).
    expect(champScore.heldOutError).toBeLessThanOrEqual(best.heldOutError * 1.005 + 1e-12);
    expect(versions.filter((v) => v.role === 'champion')).toHaveLength(1);
    for (const v of versions) expect(v.metrics.heldOutLogLoss).toBeTypeOf('number');
  });
});

describe('the daily schedule', () => {
  it('a long-lived host runs the cycle an interval after the schedule starts, once per interval, and catches up after a restart', async () => {
    const { readSchedule } = await import('../../workers/engine/services/fatigue/scheduler');
    const { listJobs } = await import('../../workers/engine/jobs/queue');
    const H = 3_600_000;
    let t = Date.parse('2026-11-20T08:00:00Z');
    const ticks: Array<() => void> = [];
    const clock = { now: () => t, setInterval: (fn: () => void) => ticks.push(fn), clearInterval: () => undefined };
    const dir = await freshWorkspace('learning-schedule');
    let host = await openEngine({ dataDir: dir, log: memoryLogger(), emit: () => undefined, clock, background: true, jobPollMs: 50 });
    try {
      await expect.poll(async () => (await readSchedule(host.db, 'learning'))?.nextDueAt, { timeout: 10_000 }).toBe(t + 24 * H);
      const tickAll = async () => {
        for (const fn of ticks) fn();
        await new Promise((r) => setTimeout(r, 200));
      };
      t += 23 * H;
      await tickAll();
      expect(await listJobs(host.db, { kinds: ['learning.cycle'] })).toHaveLength(0); // not due yet
      t += 2 * H;
      await tickAll();
      await expect.poll(async () => (await listJobs(host.db, { kinds: ['learning.cycle'] })).map((j) => [j.state, j.payload.trigger]), { timeout: 20_000 }).toEqual([['done', 'schedule']]);
      await tickAll(); // the same interval: nothing more
      expect(await listJobs(host.db, { kinds: ['learning.cycle'] })).toHaveLength(1);
      await host.close();

      // Closed for two days: reopened, it runs one catch-up cycle, not two.
      t += 48 * H;
      ticks.length = 0;
      host = await openEngine({ dataDir: dir, log: memoryLogger(), emit: () => undefined, clock, background: true, jobPollMs: 50 });
      await expect.poll(async () => (await listJobs(host.db, { kinds: ['learning.cycle'] })).filter((j) => j.state === 'done').length, { timeout: 20_000 }).toBe(2);
      await new Promise((r) => setTimeout(r, 300));
      expect(await listJobs(host.db, { kinds: ['learning.cycle'] })).toHaveLength(2);
    } finally {
      await host.close();
    }
  });
});

describe('pause automation', () => {
  it('while paused, a due cycle waits; on resume it runs once; a cycle by hand still runs', async () => {
    const { listJobs } = await import('../../workers/engine/jobs/queue');
    const H = 3_600_000;
    let t = Date.parse('2026-11-20T08:00:00Z');
    const ticks: Array<() => void> = [];
    const clock = { now: () => t, setInterval: (fn: () => void) => ticks.push(fn), clearInterval: () => undefined };
    const host = await openEngine({ dataDir: await freshWorkspace('learning-pause'), log: memoryLogger(), emit: () => undefined, clock, background: true, jobPollMs: 50 });
    const tickAll = async () => {
      for (const fn of ticks) fn();
      await new Promise((r) => setTimeout(r, 300));
    };
    const cycles = async () => (await listJobs(host.db, { kinds: ['learning.cycle'] })).map((j) => j.payload.trigger);
    const callHost = async <T>(method: string, params: unknown) => {
      const res = await host.dispatch({ id: 1, method, params });
      if (!res.ok) throw new Error(res.error.message);
      return res.result as T;
    };
    try {
      expect(await callHost('scheduler.setPaused', { paused: true })).toEqual({ paused: true });
      expect((await callHost<{ automationPaused: boolean }>('settings.get', {})).automationPaused).toBe(true);
      t += 30 * H; // past due
      await tickAll();
      expect(await cycles()).toEqual([]);
      await callHost('learning.run', {}); // by hand: not affected by the pause
      await expect.poll(cycles, { timeout: 10_000 }).toEqual(['manual']);
      // (A scheduled cycle due while one runs joins it; wait for the manual one to finish.)
      await expect.poll(async () => (await listJobs(host.db, { kinds: ['learning.cycle'] }))[0]?.state, { timeout: 20_000 }).toBe('done');
      await callHost('scheduler.setPaused', { paused: false });
      await tickAll();
      await expect.poll(cycles, { timeout: 10_000 }).toEqual(['schedule', 'manual']);
      await tickAll();
      expect(await cycles()).toHaveLength(2);
      const bad = await host.dispatch({ id: 2, method: 'scheduler.setPaused', params: { paused: 'yes' } });
      expect(!bad.ok && bad.error.code).toBe('InvalidInput');
    } finally {
      await host.close();
    }
  });
});
