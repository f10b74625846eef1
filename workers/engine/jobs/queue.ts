// The durable job queue: rows in `jobs` (migrations/0004) with state, attempts, backoff, leases,
// a concurrency key, progress, a checkpoint and cancellation. Long work (learning cycles, syncs,
// scans) runs on it so a crash or a kill resumes the work instead of losing or repeating it.
//
// Every function takes `now` instead of reading the clock, so tests drive time by hand and the
// scheduler's clock is the only clock. Only the engine opens the database (the workspace lock), so
// a claim is a plain transaction; `for update skip locked` keeps it correct on a shared Postgres.
import { AdloopError } from '../../../contract';
import type { Database } from '../db';

type Q = Pick<Database, 'query'>;

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job<P = Record<string, unknown>, C = Record<string, unknown>> {
  id: number;
  kind: string;
  concurrencyKey: string | null;
  payload: P;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  progress: Record<string, unknown>;
  checkpoint: C;
  result: unknown;
  error: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnqueueInput {
  kind: string;
  payload?: Record<string, unknown>;
  /** At most one job per key runs at a time (e.g. 'learning:<workspace>', 'sync'). */
  concurrencyKey?: string | null;
  runAfter?: Date;
  maxAttempts?: number;
  /**
   * When a job of the same kind and key is already queued or running, return it instead of adding
   * another: "run the cycle now" pressed twice is one cycle.
   */
  coalesce?: boolean;
}

export interface RetryPolicy {
  /** First retry waits this long; each further attempt doubles it, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Random in [0, 1): full jitter spreads retries of many jobs (tests pass a constant). */
  random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, random: Math.random };

const COLUMNS = `id, kind, concurrency_key, payload, state, attempts, max_attempts, run_after, lease_owner, lease_until,
  progress, checkpoint, result, error, cancel_requested, created_at, updated_at`;

function rowToJob(r: Record<string, unknown>): Job {
  return {
    id: Number(r.id),
    kind: String(r.kind),
    concurrencyKey: (r.concurrency_key as string | null) ?? null,
    payload: (r.payload as Record<string, unknown>) ?? {},
    state: r.state as JobState,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    runAfter: new Date(r.run_after as string | Date),
    leaseOwner: (r.lease_owner as string | null) ?? null,
    leaseUntil: r.lease_until ? new Date(r.lease_until as string | Date) : null,
    progress: (r.progress as Record<string, unknown>) ?? {},
    checkpoint: (r.checkpoint as Record<string, unknown>) ?? {},
    result: r.result ?? null,
    error: (r.error as string | null) ?? null,
    cancelRequested: Boolean(r.cancel_requested),
    createdAt: new Date(r.created_at as string | Date),
    updatedAt: new Date(r.updated_at as string | Date),
  };
}

export async function enqueue(db: Database, input: EnqueueInput, now: Date): Promise<{ job: Job; created: boolean }> {
  if (!input.kind) throw new AdloopError('InvalidInput', 'A job needs a kind.');
  return db.transaction(async (tx) => {
    if (input.coalesce) {
      const open = await tx.query<Record<string, unknown>>(
        `select ${COLUMNS} from jobs
          where kind = $1 and concurrency_key is not distinct from $2 and state in ('queued', 'running')
          order by id limit 1`,
        [input.kind, input.concurrencyKey ?? null],
      );
      if (open.rows[0]) return { job: rowToJob(open.rows[0]), created: false };
    }
    const res = await tx.query<Record<string, unknown>>(
      `insert into jobs (kind, concurrency_key, payload, max_attempts, run_after, created_at, updated_at)
       values ($1, $2, $3::jsonb, $4, $5, $6, $6) returning ${COLUMNS}`,
      [input.kind, input.concurrencyKey ?? null, JSON.stringify(input.payload ?? {}), input.maxAttempts ?? 5, input.runAfter ?? now, now],
    );
    return { job: rowToJob(res.rows[0]!), created: true };
  });
}

export async function getJob(db: Q, id: number): Promise<Job | null> {
  const res = await db.query<Record<string, unknown>>(`select ${COLUMNS} from jobs where id = $1`, [id]);
  return res.rows[0] ? rowToJob(res.rows[0]) : null;
}

export interface ListJobsInput {
  kinds?: string[];
  states?: JobState[];
  limit?: number;
}

export async function listJobs(db: Q, input: ListJobsInput = {}): Promise<Job[]> {
  const res = await db.query<Record<string, unknown>>(
    `select ${COLUMNS} from jobs
      where ($1::text[] is null or kind = any($1)) and ($2::text[] is null or state = any($2))
      order by id desc limit $3`,
    [input.kinds ?? null, input.states ?? null, input.limit ?? 100],
  );
  return res.rows.map(rowToJob);
}

/**
 * Claims the oldest ready job of the given kinds: queued and due, or running under a lease that
 * has expired (its owner died or hung). A job whose key already has a running job waits — also
 * behind one whose lease expired, which is reclaimed (and resumed) first.
 * A reclaimed job whose attempts are used up fails instead of running again.
 */
export async function claim(db: Database, opts: { owner: string; kinds: string[]; leaseMs: number; now: Date }): Promise<Job | null> {
  const { owner, kinds, leaseMs, now } = opts;
  return db.transaction(async (tx) => {
    for (;;) {
      const res = await tx.query<Record<string, unknown>>(
        `select ${COLUMNS} from jobs j
          where j.kind = any($1)
            and ((j.state = 'queued' and j.run_after <= $2) or (j.state = 'running' and j.lease_until < $2))
            and (j.concurrency_key is null or not exists (
                  select 1 from jobs o where o.concurrency_key = j.concurrency_key and o.id <> j.id
                     and o.state = 'running'))
          order by j.run_after, j.id
          limit 1
          for update skip locked`,
        [kinds, now],
      );
      const row = res.rows[0];
      if (!row) return null;
      const job = rowToJob(row);
      if (job.state === 'running' && job.attempts >= job.maxAttempts) {
        await tx.query(
          `update jobs set state = 'failed', lease_owner = null, lease_until = null, updated_at = $2,
                  error = coalesce(error, 'The job stopped without finishing ' || attempts || ' times (its lease expired each time).')
            where id = $1`,
          [job.id, now],
        );
        continue;
      }
      if (job.state === 'running' && job.cancelRequested) {
        await tx.query(`update jobs set state = 'cancelled', lease_owner = null, lease_until = null, updated_at = $2 where id = $1`, [job.id, now]);
        continue;
      }
      const claimed = await tx.query<Record<string, unknown>>(
        `update jobs set state = 'running', attempts = attempts + 1, lease_owner = $2, lease_until = $3, updated_at = $4
          where id = $1 returning ${COLUMNS}`,
        [job.id, owner, new Date(now.getTime() + leaseMs), now],
      );
      return rowToJob(claimed.rows[0]!);
    }
  });
}

/** Updates a job this owner holds; a lost lease (another owner took it) is a Conflict. */
async function ownedUpdate(db: Q, id: number, owner: string, set: string, params: unknown[]): Promise<Job> {
  const res = await db.query<Record<string, unknown>>(
    `update jobs set ${set} where id = $1 and lease_owner = $2 and state = 'running' returning ${COLUMNS}`,
    [id, owner, ...params],
  );
  if (!res.rows[0]) throw new AdloopError('Conflict', `Job ${id} is no longer held by ${owner}.`);
  return rowToJob(res.rows[0]);
}

/** Extends the lease; the answer says whether someone asked to cancel. */
export async function heartbeat(db: Q, id: number, owner: string, leaseMs: number, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, 'lease_until = $3, updated_at = $4', [new Date(now.getTime() + leaseMs), now]);
}

export async function reportProgress(db: Q, id: number, owner: string, progress: Record<string, unknown>, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, 'progress = $3::jsonb, updated_at = $4', [JSON.stringify(progress), now]);
}

/** Records how far the job got; a retry or a resumed run starts from here. */
export async function saveCheckpoint(db: Q, id: number, owner: string, checkpoint: Record<string, unknown>, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, 'checkpoint = $3::jsonb, updated_at = $4', [JSON.stringify(checkpoint), now]);
}

export async function complete(db: Q, id: number, owner: string, result: unknown, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, `state = 'done', result = $3::jsonb, error = null, lease_owner = null, lease_until = null, updated_at = $4`, [
    JSON.stringify(result ?? null),
    now,
  ]);
}

export async function markCancelled(db: Q, id: number, owner: string, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, `state = 'cancelled', lease_owner = null, lease_until = null, updated_at = $3`, [now]);
}

/** The delay before attempt `attempts + 1`: exponential with full jitter, capped. */
export function backoffMs(attempts: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}

/**
 * A failed attempt: a transient failure goes back to the queue after a backoff while attempts
 * remain; a permanent one (bad input, a revoked token) fails the job at once.
 */
export async function fail(
  db: Q,
  id: number,
  owner: string,
  error: string,
  opts: { retryable: boolean; now: Date; policy?: RetryPolicy },
): Promise<Job> {
  const current = await getJob(db, id);
  if (!current || current.leaseOwner !== owner || current.state !== 'running') throw new AdloopError('Conflict', `Job ${id} is no longer held by ${owner}.`);
  if (opts.retryable && current.attempts < current.maxAttempts) {
    const runAfter = new Date(opts.now.getTime() + backoffMs(current.attempts, opts.policy));
    return ownedUpdate(db, id, owner, `state = 'queued', error = $3, run_after = $4, lease_owner = null, lease_until = null, updated_at = $5`, [
      error,
      runAfter,
      opts.now,
    ]);
  }
  return ownedUpdate(db, id, owner, `state = 'failed', error = $3, lease_owner = null, lease_until = null, updated_at = $4`, [error, opts.now]);
}

/**
 * Hands a running job back to the queue without spending an attempt (a clean shutdown): the next
 * engine resumes it from its checkpoint straight away.
 */
export async function release(db: Q, id: number, owner: string, now: Date): Promise<Job> {
  return ownedUpdate(db, id, owner, `state = 'queued', attempts = greatest(attempts - 1, 0), run_after = $3, lease_owner = null, lease_until = null, updated_at = $3`, [now]);
}

/** Cancel: a queued job is cancelled at once; a running one is asked to stop at its next step. */
export async function requestCancel(db: Q, id: number, now: Date): Promise<Job> {
  const res = await db.query<Record<string, unknown>>(
    `update jobs set cancel_requested = (state = 'running') or cancel_requested,
                     state = case when state = 'queued' then 'cancelled' else state end,
                     updated_at = $2
      where id = $1 returning ${COLUMNS}`,
    [id, now],
  );
  if (!res.rows[0]) throw new AdloopError('NotFound', `There is no job ${id}.`);
  return rowToJob(res.rows[0]);
}

/**
 * After this engine took the workspace lock, every job still marked running belongs to an engine
 * that is gone (only the lock holder runs jobs), so its lease is void: it becomes claimable now,
 * its attempt still counted.
 */
export async function recoverOrphans(db: Q, owner: string, now: Date): Promise<number> {
  const res = await db.query<{ id: number }>(
    `update jobs set lease_until = $2, updated_at = $2
      where state = 'running' and (lease_owner is distinct from $1) and (lease_until is null or lease_until > $2)
      returning id`,
    [owner, new Date(now.getTime() - 1)],
  );
  return res.rows.length;
}
