// The machine's sleep and wake reach the engine's scheduler (which owns the clock), and a sync in
// progress keeps the machine from sleeping — only while it runs.
import type { EngineFacade, ShellEvent } from './engine-facade';
import { SCHEDULER_METHODS, SHELL_EVENTS } from './scheduler-methods';

export interface PowerMonitorLike {
  on(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
}

/** Tells the scheduler about suspend/resume. Returns a function that unhooks it. */
export function wirePowerEvents(power: PowerMonitorLike, engine: EngineFacade, onError: (e: unknown) => void): () => void {
  const call = (method: string, input: unknown) => void engine.callByName(method, input).catch(onError);
  // Going to sleep needs nothing from the engine: its scheduler keeps next_due_at in the database
  // and notices the jump in wall-clock time on its own. Waking is worth saying at once, so the
  // overdue scan runs now rather than at the next tick.
  const suspend = () => undefined;
  const resume = () => call(SCHEDULER_METHODS.wake, {});
  // Wall-clock jumps also come from a long screen lock without suspend on some laptops.
  const unlock = () => call(SCHEDULER_METHODS.wake, {});
  power.on('suspend', suspend);
  power.on('resume', resume);
  power.on('unlock-screen', unlock);
  return () => {
    power.removeListener('suspend', suspend);
    power.removeListener('resume', resume);
    power.removeListener('unlock-screen', unlock);
  };
}

export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const isSyncKind = (kind: string) => kind === 'sync' || kind.startsWith('sync.');

/**
 * Holds a power-save blocker while at least one sync job is running, judged from progress events.
 * A job that stops reporting for `staleMs` (crashed, cancelled without a last event) is dropped,
 * so a lost final event cannot keep the machine awake forever.
 */
export function createSyncPowerGuard(blocker: PowerSaveBlockerLike, timers: Timers, staleMs = 10 * 60_000) {
  const running = new Map<string, unknown>();
  let blockerId: number | null = null;
  const update = () => {
    if (running.size > 0 && blockerId === null) blockerId = blocker.start('prevent-app-suspension');
    if (running.size === 0 && blockerId !== null) {
      blocker.stop(blockerId);
      blockerId = null;
    }
  };
  const finish = (jobId: string) => {
    const t = running.get(jobId);
    if (t !== undefined) timers.clearTimeout(t);
    running.delete(jobId);
  };
  return {
    get holding() {
      return blockerId !== null;
    },
    onEvent(e: ShellEvent) {
      if (e.event !== SHELL_EVENTS.progress) return;
      const p = e.payload as { jobId?: unknown; kind?: unknown; done?: unknown; total?: unknown; percent?: unknown };
      if (typeof p?.jobId !== 'string' || typeof p.kind !== 'string' || !isSyncKind(p.kind)) return;
      const jobId = p.jobId;
      finish(jobId);
      const done = (typeof p.total === 'number' && p.done === p.total) || p.percent === 100;
      if (!done) {
        running.set(
          jobId,
          timers.setTimeout(() => {
            running.delete(jobId);
            update();
          }, staleMs),
        );
      }
      update();
    },
    stop() {
      for (const id of [...running.keys()]) finish(id);
      update();
    },
  };
}
