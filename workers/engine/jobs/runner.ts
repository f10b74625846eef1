// Runs jobs from the queue: claims what is due, keeps the lease alive, streams progress, stores
// checkpoints, and settles each job as done, failed (with backoff while attempts remain),
// cancelled, or — on shutdown — handed back to the queue to resume on the next start.
import { randomUUID } from 'node:crypto';
import { AdloopError } from '../../../contract';
import type { Logger } from '../../log';
import type { Database } from '../db';
import * as queue from './queue';
import type { Job } from './queue';

export interface JobProgress {
  step: string;
  done: number;
  total: number;
  message?: string;
}

export interface JobContext<C extends Record<string, unknown> = Record<string, unknown>> {
  job: Job;
  /** What the last attempt saved; `{}` on the first. Handlers resume from it. */
  checkpoint: Partial<C>;
  /** Aborted when the job is cancelled or the engine shuts down: stop at the next safe point. */
  signal: AbortSignal;
  progress(p: JobProgress): Promise<void>;
  saveCheckpoint(c: C): Promise<void>;
  /** Throws a JobStopped when the signal is aborted (call between steps). */
  throwIfStopped(): void;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

/** A failure that retrying cannot fix (bad input, a revoked token): the job fails at once. */
export class PermanentJobError extends Error {}
export class JobStopped extends Error {}

const PERMANENT_CODES = new Set(['InvalidInput', 'Unauthorized', 'NotFound', 'IllegalTransition', 'GuardrailViolation']);

export interface JobRunnerOptions {
  db: Database;
  log: Logger;
  handlers: Record<string, JobHandler>;
  now?: () => Date;
  leaseMs?: number;
  pollMs?: number;
  maxConcurrent?: number;
  retry?: queue.RetryPolicy;
  /** Progress and state changes, for the engine's event stream. */
  onProgress?: (job: Job, p: JobProgress) => void;
  onSettled?: (job: Job) => void;
}

export interface JobRunner {
  readonly owner: string;
  /**
   * Recovers jobs orphaned by a dead engine; with `poll`, then looks for due jobs every pollMs.
   * Without it (one-shot commands) only kick() and drain() run jobs.
   */
  start(opts?: { poll?: boolean }): Promise<void>;
  /** Claims and runs due jobs until none is left; resolves with how many ran. For tests and kicks. */
  drain(): Promise<number>;
  /** Look for work now instead of at the next poll. */
  kick(): void;
  /** Stops claiming, asks running jobs to stop, and hands them back to the queue. */
  stop(): Promise<void>;
  running(): number[];
}

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const owner = `engine-${process.pid}-${randomUUID().slice(0, 8)}`;
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 30_000;
  const pollMs = opts.pollMs ?? 1_000;
  const maxConcurrent = opts.maxConcurrent ?? 2;
  const active = new Map<number, { controller: AbortController; done: Promise<void>; shutdown: boolean }>();
  let stopped = false;
  let polling = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pumping: Promise<number> | null = null;

  async function runJob(job: Job): Promise<void> {
    const controller = new AbortController();
    const entry = { controller, done: Promise.resolve(), shutdown: false };
    let cancelled = job.cancelRequested;
    const beat = setInterval(() => {
      queue
        .heartbeat(opts.db, job.id, owner, leaseMs, now())
        .then((j) => {
          if (j.cancelRequested && !cancelled) {
            cancelled = true;
            controller.abort(new JobStopped('cancelled'));
          }
        })
        .catch((e: unknown) => opts.log.warn('job heartbeat failed', { jobId: job.id, error: String(e) }));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    if (cancelled) controller.abort(new JobStopped('cancelled'));

    const ctx: JobContext = {
      job,
      checkpoint: job.checkpoint,
      signal: controller.signal,
      async progress(p) {
        const j = await queue.reportProgress(opts.db, job.id, owner, { ...p, percent: p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0 }, now());
        opts.onProgress?.(j, p);
        if (j.cancelRequested && !cancelled) {
          cancelled = true;
          controller.abort(new JobStopped('cancelled'));
        }
      },
      async saveCheckpoint(c) {
        await queue.saveCheckpoint(opts.db, job.id, owner, c, now());
        ctx.checkpoint = c;
      },
      throwIfStopped() {
        if (controller.signal.aborted) throw new JobStopped(entry.shutdown ? 'shutdown' : 'cancelled');
      },
    };

    const t0 = performance.now();
    active.set(job.id, entry);
    entry.done = (async () => {
      let settled: Job | null;
      try {
        const handler = opts.handlers[job.kind];
        if (!handler) throw new PermanentJobError(`No handler for jobs of kind ${job.kind}.`);
        const result = await handler(ctx);
        // A handler that finished its last step has done its work even if a cancel arrived late.
        settled = await queue.complete(opts.db, job.id, owner, result, now());
      } catch (e) {
        if (entry.shutdown) settled = await queue.release(opts.db, job.id, owner, now()).catch(() => null);
        else if (cancelled || e instanceof JobStopped) settled = await queue.markCancelled(opts.db, job.id, owner, now()).catch(() => null);
        else {
          const permanent = e instanceof PermanentJobError || (e instanceof AdloopError && PERMANENT_CODES.has(e.code));
          const message = e instanceof Error ? e.message : String(e);
          opts.log.warn('job attempt failed', { jobId: job.id, kind: job.kind, attempt: job.attempts, permanent, error: message });
          const args: { retryable: boolean; now: Date; policy?: queue.RetryPolicy } = { retryable: !permanent, now: now() };
          if (opts.retry) args.policy = opts.retry;
          settled = await queue.fail(opts.db, job.id, owner, message, args).catch(() => null);
        }
      } finally {
        clearInterval(beat);
        active.delete(job.id);
      }
      if (settled) {
        opts.log.info('job settled', { jobId: job.id, kind: job.kind, state: settled.state, durationMs: Math.round(performance.now() - t0) });
        opts.onSettled?.(settled);
      }
    })();
    await entry.done;
  }

  async function pump(): Promise<number> {
    let ran = 0;
    const inFlight: Promise<void>[] = [];
    while (!stopped && Object.keys(opts.handlers).length > 0) {
      if (active.size >= maxConcurrent) {
        await Promise.race(inFlight);
        continue;
      }
      // Kinds are read per claim: engine areas register their handlers after the runner exists.
      const job = await queue.claim(opts.db, { owner, kinds: Object.keys(opts.handlers), leaseMs, now: now() });
      if (!job) break;
      ran++;
      const p = runJob(job);
      inFlight.push(p);
      void p.finally(() => inFlight.splice(inFlight.indexOf(p), 1));
    }
    await Promise.all(inFlight);
    return ran;
  }

  const schedule = () => {
    if (stopped || !polling) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), pollMs);
  };
  /** One pump at a time: the poll timer, kicks and drain() all share it. */
  function pumpOnce(): Promise<number> {
    if (!pumping) {
      pumping = pump()
        .catch((e: unknown) => {
          opts.log.error('job runner failed', { error: String(e) });
          return 0;
        })
        .finally(() => (pumping = null));
    }
    return pumping;
  }
  async function tick(): Promise<void> {
    if (stopped) return;
    await pumpOnce();
    schedule();
  }

  return {
    owner,
    async start(startOpts = {}) {
      const n = await queue.recoverOrphans(opts.db, owner, now());
      if (n > 0) opts.log.info('jobs of a stopped engine resume', { jobs: n });
      polling = startOpts.poll ?? true;
      if (polling) void tick();
    },
    async drain() {
      let total = 0;
      for (;;) {
        const n = await pumpOnce();
        total += n;
        if (n === 0 || stopped) return total;
      }
    },
    kick() {
      if (!stopped) {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void tick(), 0);
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const entry of active.values()) {
        entry.shutdown = true;
        entry.controller.abort(new JobStopped('shutdown'));
      }
      await Promise.all([...active.values()].map((e) => e.done));
      await pumping;
    },
    running: () => [...active.keys()],
  };
}
