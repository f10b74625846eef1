// When to check for updates: at start and every 6 hours; a found update downloads right away and
// installs when the app quits. State changes go to the interface (throttled to whole percents).
import { updateReducer, type UpdateState } from './state';
import type { UpdateChannel, Updater } from './updater';

export const UPDATE_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface Clock {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface UpdateSchedulerOptions {
  updater: Updater;
  clock: Clock;
  channel: UpdateChannel;
  onState(state: UpdateState): void;
  onError?(e: unknown): void;
  intervalMs?: number;
}

export function createUpdateScheduler(opts: UpdateSchedulerOptions) {
  let state: UpdateState = { phase: 'idle' };
  let timer: unknown = null;
  let checking = false;

  const stopEvents = opts.updater.on((e) => {
    const next = updateReducer(state, e);
    // Progress arrives many times a second; the UI needs whole percents only.
    if (next.phase === state.phase && next.percent === state.percent && next.version === state.version && next.error?.message === state.error?.message) return;
    state = next;
    opts.onState(state);
    if (e.type === 'available') void opts.updater.download().catch((err: unknown) => opts.onError?.(err));
  });

  const check = async () => {
    // No second check while one runs, and none once an update waits for the quit.
    if (checking || state.phase === 'downloading' || state.phase === 'ready') return;
    checking = true;
    try {
      await opts.updater.check();
    } catch (e) {
      // electron-updater also emits 'error'; a rejection without one still reaches the UI.
      if (state.phase !== 'error') {
        state = updateReducer(state, { type: 'error', message: e instanceof Error ? e.message : String(e) });
        opts.onState(state);
      }
      opts.onError?.(e);
    } finally {
      checking = false;
    }
  };

  return {
    get state() {
      return state;
    },
    start() {
      opts.updater.setChannel(opts.channel);
      opts.updater.setInstallOnQuit(true);
      void check();
      timer = opts.clock.setInterval(() => void check(), opts.intervalMs ?? UPDATE_INTERVAL_MS);
    },
    /** The user changed the channel: takes effect with an immediate check. */
    setChannel(channel: UpdateChannel) {
      opts.updater.setChannel(channel);
      void check();
    },
    checkNow: check,
    stop() {
      if (timer !== null) opts.clock.clearInterval(timer);
      timer = null;
      stopEvents();
    },
  };
}
