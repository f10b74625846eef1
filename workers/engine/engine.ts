// The engine: takes the workspace lock, opens PGlite, migrates, and answers contract calls.
// It runs inside the engine worker thread (worker.ts); tests may also run it in-process.
import fs from 'node:fs';
import {
  AdloopError,
  createDispatcher,
  RESTART_BY_HAND,
  type CallContext,
  type EngineEvent,
  type EventName,
  type EventPayload,
  type Handlers,
  type Output,
  type RpcRequest,
  type RpcResponse,
} from '../../contract';
import type { SecretStore } from '../../sync';
import type { Logger } from '../log';
import { systemClock, type Clock } from './clock';
import { openDatabase, type Database } from './db';
import { runDemo } from './handlers/demo';
import { readSettings, updateSettings } from './handlers/settings';
import { findStructure } from './handlers/structure-find';
import { listAccounts, workspaceDaily, workspaceSummary } from './handlers/workspace';
import { workspaceLayout } from './layout';
import { acquireLock, type HeldLock } from './lock';
import { migrate } from './migrate';
import { allocate, latestAllocation } from './services/allocation';
import * as approvals from './services/approvals';
import { ENGINE_VERSION } from './version';
import { enqueue, listJobs, requestCancel, type Job } from './jobs/queue';
import { createJobRunner, type JobHandler } from './jobs/runner';
import { backupArea } from './areas/backup';
import { applyPendingRestore } from './areas/backup-files';
import { connectionsArea } from './areas/connections';
import { diagnosticsArea } from './areas/diagnostics';
import { fatigueArea } from './areas/fatigue';
import { learningArea } from './areas/learning';
import type { CycleSteps } from './learning/cycle';
import { pipelineArea } from './areas/pipeline';
import { syncArea } from './areas/sync';
import type { AreaDeps } from './areas/types';
import { winnersArea } from './areas/winners';
import { WinnerIndexManager } from './services/winners/manager';

export interface EngineOptions {
  dataDir: string;
  migrationsDir?: string;
  log: Logger;
  emit: (event: EngineEvent) => void;
  /** Called as soon as the lock is held, so a host can release it if this thread dies. */
  onLocked?: (lock: HeldLock) => void;
  /** How often the job runner looks for due jobs (ms). */
  jobPollMs?: number;
  /** Start background work (the fatigue scan schedule). Long-lived hosts only. */
  background?: boolean;
  clock?: Clock;
  /** Where the sync area keeps tokens; default the OS keyring (the desktop shell passes its safeStorage store). */
  secrets?: SecretStore;
  /** The fatigue detector's piscina task file when the engine runs from a bundle (the desktop build). */
  fatigueTaskFile?: string;
}

export interface Engine {
  dispatch(raw: unknown): Promise<RpcResponse>;
  info: Output<'engine.info'>;
  db: Database;
  close(): Promise<void>;
}

export async function openEngine(opts: EngineOptions): Promise<Engine> {
  const t0 = performance.now();
  const layout = workspaceLayout(opts.dataDir);
  fs.mkdirSync(layout.root, { recursive: true });
  const lock = acquireLock(layout.lockFile);
  opts.onLocked?.(lock);
  let db: Database | null = null;
  try {
    // A restore staged by backup.restore replaces the data before anything opens it.
    db = (await applyPendingRestore(layout, opts.log)) ?? (await openDatabase({ dataDir: layout.pgdata }));
    const { applied, ran } = await migrate(db, opts.migrationsDir);
    const openMs = Math.round(performance.now() - t0);
    opts.log.info('engine opened', { dataDir: layout.root, migrationsRan: ran, durationMs: openMs });
    const info: Output<'engine.info'> = {
      version: ENGINE_VERSION,
      pid: process.pid,
      dataDir: layout.root,
      startedAt: new Date().toISOString(),
      openMs,
      migrations: applied.map((m) => ({ id: m.id, appliedAt: m.appliedAt })),
    };
    return assemble(db, lock, info, opts);
  } catch (e) {
    await db?.close().catch(() => undefined);
    lock.release();
    throw e;
  }
}

function assemble(db: Database, lock: HeldLock, info: Output<'engine.info'>, opts: EngineOptions): Engine {
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => opts.emit({ event, payload } as EngineEvent);
  let closed = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;

  const changed = <T>(reason: string, value: T): T => {
    emit('workspace.changed', { reason });
    return value;
  };

  const closers: Array<() => Promise<void> | void> = [];
  const clock = opts.clock ?? systemClock;
  const now = () => new Date(clock.now());
  const background = opts.background ?? false;
  const jobHandlers: Record<string, JobHandler> = {};
  const runnerOpts: Parameters<typeof createJobRunner>[0] = {
    db,
    log: opts.log,
    handlers: jobHandlers,
    now,
    onProgress: (job, p) => {
      const payload: EventPayload<'progress'> = {
        jobId: `job#${job.id}`,
        kind: job.kind,
        step: p.step,
        done: p.done,
        total: p.total,
        percent: p.total > 0 ? Math.min(100, Math.floor((p.done / p.total) * 100)) : 0,
      };
      if (p.message !== undefined) payload.message = p.message;
      emit('progress', payload);
    },
    onSettled: () => emit('workspace.changed', { reason: 'jobs' }),
  };
  if (opts.jobPollMs !== undefined) runnerOpts.pollMs = opts.jobPollMs;
  const runner = createJobRunner(runnerOpts);
  const cycleSteps: CycleSteps = {};
  const deps: AreaDeps = {
    db,
    log: opts.log,
    dataDir: info.dataDir,
    emit,
    changed,
    onClose: (fn) => closers.push(fn),
    jobs: {
      register: (kind, handler) => {
        jobHandlers[kind] = handler;
      },
      enqueue: async (input) => {
        const out = await enqueue(db, input, now());
        if (out.created) runner.kick();
        return out;
      },
    },
    cycle: {
      register: (step, fn) => {
        cycleSteps[step] = fn;
      },
    },
    clock,
    background,
  };

  // The winner index is refreshed by its area's methods, the learning cycle and demo generation.
  const winnerIndex = new WinnerIndexManager(db, opts.log);
  const handlers: Handlers = {
    ...fatigueArea(deps, opts.fatigueTaskFile ? { taskFile: opts.fatigueTaskFile } : {}),
    ...winnersArea(deps, winnerIndex),
    ...syncArea(deps, opts.secrets),
    ...pipelineArea(deps),
    ...connectionsArea(deps),
    ...backupArea(deps),
    ...diagnosticsArea(deps),
    // Last: the other areas have registered their cycle steps by now.
    ...learningArea(deps, cycleSteps),
    'engine.info': async () => info,
    // The desktop shell answers this itself (main/ipc-router.ts); any other host cannot restart itself.
    'app.restart': async () => ({ restarting: false, message: RESTART_BY_HAND }),
    'accounts.list': async () => listAccounts(db),
    'workspace.summary': async (input) => workspaceSummary(db, input),
    'workspace.daily': async (input) => workspaceDaily(db, input),
    'structure.find': async (input) => findStructure(db, input),
    'settings.get': async () => readSettings(db),
    'settings.update': async (input) => {
      const out = await updateSettings(db, input);
      emit('workspace.changed', { reason: 'settings' });
      return out;
    },
    'jobs.list': async (input) => (await listJobs(db, input)).map(jobView),
    'jobs.cancel': async (input) => {
      const job = await requestCancel(db, input.id, now());
      return changed('jobs', jobView(job));
    },
    'approvals.list': async (input) => approvals.listChanges(db, input),
    'approvals.history': async (input) => approvals.changeHistory(db, input.id),
    'approvals.propose': async (input) => changed('approvals', await approvals.proposeByHand(db, input)),
    'approvals.approve': async (input) => changed('approvals', await approvals.approve(db, input)),
    'approvals.reject': async (input) => changed('approvals', await approvals.reject(db, input)),
    'approvals.undo': async (input) => changed('approvals', await approvals.undo(db, input.id)),
    'approvals.retry': async (input) => changed('approvals', await approvals.retry(db, input)),
    'approvals.expire': async (input) => changed('approvals', { expired: await approvals.expire(db, input.now) }),
    'budget.allocate': async (input) => changed('allocation', await allocate(db, input)),
    'budget.latest': async (input) => latestAllocation(db, input.accountId),
    'demo.generate': async (input, ctx) => {
      const out = await runDemo(db, input, ctx);
      ctx.progress('winner index', 0, 1);
      await winnerIndex.refresh();
      ctx.progress('winner index', 1, 1);
      emit('workspace.changed', { reason: 'demo' });
      return out;
    },
  };

  const makeContext = (req: RpcRequest): CallContext => {
    const requestId = `${req.method}#${req.id}`;
    let lastPercent = -1;
    return {
      requestId,
      progress(step, done, total, message) {
        const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
        // Throttle to whole percents so a million-row load does not flood every client.
        if (percent === lastPercent && done !== total) return;
        lastPercent = percent;
        const payload: EventPayload<'progress'> = { jobId: requestId, kind: req.method, step, done, total, percent };
        if (message !== undefined) payload.message = message;
        emit('progress', payload);
      },
    };
  };
  const dispatcher = createDispatcher(handlers, makeContext);
  // Long-lived hosts poll the queue; one-shot commands run only what they enqueue themselves.
  void runner.start({ poll: background }).catch((e: unknown) => opts.log.error('job runner failed to start', { error: String(e) }));

  return {
    info,
    db,
    async dispatch(raw) {
      if (closed) {
        return { id: (raw as { id?: number })?.id ?? -1, ok: false, error: new AdloopError('EngineClosed', 'The engine is shutting down.').toShape() };
      }
      inFlight++;
      const t0 = performance.now();
      try {
        const res = await dispatcher(raw);
        const method = (raw as { method?: string })?.method;
        const fields: Record<string, unknown> = { requestId: `${method}#${res.id}`, durationMs: Math.round((performance.now() - t0) * 10) / 10 };
        if (res.ok) opts.log.debug('call', fields);
        else opts.log.info('call failed', { ...fields, code: res.error.code, error: res.error.message });
        return res;
      } finally {
        inFlight--;
        if (inFlight === 0 && idle) idle();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      // Let calls already running finish so their transactions commit before the database closes.
      if (inFlight > 0) await new Promise<void>((r) => (idle = r));
      // Running jobs stop at their next step and go back to the queue; the next start resumes them.
      await runner.stop().catch((e: unknown) => opts.log.warn('job runner stop failed', { error: String(e) }));
      for (const fn of closers.reverse()) {
        await Promise.resolve()
          .then(fn)
          .catch((e: unknown) => opts.log.warn('close hook failed', { error: String(e) }));
      }
      await db.close();
      lock.release();
      opts.log.info('engine closed', { dataDir: info.dataDir });
    },
  };
}

function jobView(j: Job): Output<'jobs.list'>[number] {
  return {
    id: j.id,
    kind: j.kind,
    concurrencyKey: j.concurrencyKey,
    state: j.state,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAfter: j.runAfter.toISOString(),
    progress: j.progress,
    result: j.result,
    error: j.error,
    cancelRequested: j.cancelRequested,
    createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(),
  };
}
