import { describe, expect, it } from 'vitest';
import { createUpdateScheduler, UPDATE_INTERVAL_MS, type Clock } from '../../main/updater/scheduler';
import { describeUpdateError, updateReducer, type UpdateState } from '../../main/updater/state';
import type { UpdateChannel, Updater, UpdaterEvent } from '../../main/updater/updater';

/** A clock whose time moves only when the test says so. */
function fakeClock() {
  let now = 0;
  const intervals = new Map<number, { fn: () => void; ms: number; next: number }>();
  let ids = 0;
  const clock: Clock = {
    setInterval: (fn, ms) => {
      intervals.set(++ids, { fn, ms, next: now + ms });
      return ids;
    },
    clearInterval: (h) => void intervals.delete(h as number),
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...intervals.values()].filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.ms;
      due.fn();
    }
    now = end;
  };
  return { clock, advance, intervals };
}

/** A scripted updater: each check plays the next scenario. */
function fakeUpdater(scenarios: Array<'none' | 'update' | 'offline' | 'reject'>) {
  const listeners = new Set<(e: UpdaterEvent) => void>();
  const log: string[] = [];
  const emit = (e: UpdaterEvent) => listeners.forEach((l) => l(e));
  let pendingDownload: (() => void) | null = null;
  const updater: Updater & { finishDownload(): void } = {
    setChannel: (c: UpdateChannel) => void log.push(`channel ${c}`),
    setInstallOnQuit: (on) => void log.push(`installOnQuit ${on}`),
    async check() {
      const s = scenarios.shift() ?? 'none';
      log.push(`check ${s}`);
      if (s === 'reject') throw new Error('getaddrinfo EAI_AGAIN github.com');
      emit({ type: 'checking' });
      if (s === 'none') emit({ type: 'not-available' });
      if (s === 'update') emit({ type: 'available', version: '1.2.0' });
      if (s === 'offline') emit({ type: 'error', message: 'net::ERR_INTERNET_DISCONNECTED\n    at SimpleURLLoaderWrapper' });
    },
    async download() {
      log.push('download');
      for (const percent of [0.4, 12.2, 12.7, 55, 100]) emit({ type: 'progress', percent, transferred: percent, total: 100, bytesPerSecond: 10 });
      pendingDownload = () => emit({ type: 'downloaded', version: '1.2.0' });
    },
    finishDownload: () => pendingDownload?.(),
    on: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
  return { updater, log, listeners };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('update state machine', () => {
  it('goes available → downloading → ready, and stays ready through later checks and errors', () => {
    let s: UpdateState = { phase: 'idle' };
    const steps: UpdaterEvent[] = [
      { type: 'checking' },
      { type: 'available', version: '2.0.0' },
      { type: 'progress', percent: 41.9, transferred: 1, total: 2, bytesPerSecond: 1 },
    ];
    for (const e of steps) s = updateReducer(s, e);
    expect(s).toEqual({ phase: 'downloading', version: '2.0.0', percent: 41 });
    s = updateReducer(s, { type: 'downloaded', version: '2.0.0' });
    expect(s).toEqual({ phase: 'ready', version: '2.0.0' });
    for (const e of [{ type: 'checking' }, { type: 'not-available' }, { type: 'error', message: 'ENOTFOUND' }] as UpdaterEvent[]) {
      expect(updateReducer(s, e)).toBe(s);
    }
  });

  it('turns offline failures into one clear, retryable sentence', () => {
    for (const raw of ['getaddrinfo ENOTFOUND github.com', 'net::ERR_INTERNET_DISCONNECTED', 'connect ETIMEDOUT 1.2.3.4:443', 'socket hang up']) {
      expect(describeUpdateError(raw)).toEqual({ message: expect.stringMatching(/offline/), offline: true });
    }
    expect(describeUpdateError('HttpError: 404 \n"method: GET url: https://x/latest-linux.yml"')).toMatchObject({ offline: false, message: expect.stringMatching(/No update information/) });
    expect(describeUpdateError('sha512 checksum mismatch, expected abc')).toMatchObject({ offline: false, message: expect.stringMatching(/integrity/) });
    expect(describeUpdateError('boom\n  at x').message).toBe('The update check failed: boom');
  });
});

describe('update scheduler with a fake clock', () => {
  it('checks at start and every 6 hours, downloads a found update and installs it on quit', async () => {
    const { clock, advance, intervals } = fakeClock();
    const { updater, log } = fakeUpdater(['none', 'update']);
    const states: UpdateState[] = [];
    const s = createUpdateScheduler({ updater, clock, channel: 'beta', onState: (st) => void states.push(st) });
    s.start();
    await flush();
    expect(log).toEqual(['channel beta', 'installOnQuit true', 'check none']);
    advance(UPDATE_INTERVAL_MS - 1);
    await flush();
    expect(log.filter((l) => l.startsWith('check'))).toHaveLength(1);
    advance(1);
    await flush();
    expect(log.slice(3)).toEqual(['check update', 'download']);
    // Progress reaches the UI as whole percents, once per change.
    expect(states.filter((x) => x.phase === 'downloading').map((x) => x.percent)).toEqual([0, 12, 55, 100]);
    updater.finishDownload();
    expect(s.state).toEqual({ phase: 'ready', version: '1.2.0' });
    // With an update waiting for the quit, the 6-hourly check does nothing.
    advance(UPDATE_INTERVAL_MS);
    await flush();
    expect(log.filter((l) => l.startsWith('check'))).toHaveLength(2);
    s.stop();
    expect(intervals.size).toBe(0);
  });

  it('reports offline as a clear error and recovers on the next check', async () => {
    const { clock, advance } = fakeClock();
    const { updater } = fakeUpdater(['reject', 'offline', 'none']);
    const states: UpdateState[] = [];
    const s = createUpdateScheduler({ updater, clock, channel: 'stable', onState: (st) => void states.push(st), onError: () => undefined });
    s.start();
    await flush();
    // A check that rejects without an 'error' event still ends in the error state.
    expect(s.state).toMatchObject({ phase: 'error', error: { offline: true } });
    advance(UPDATE_INTERVAL_MS);
    await flush();
    expect(states.map((x) => x.phase)).toEqual(['error', 'checking', 'error']);
    expect(s.state).toMatchObject({ phase: 'error', error: { offline: true, message: expect.stringMatching(/offline/) } });
    advance(UPDATE_INTERVAL_MS);
    await flush();
    expect(s.state).toEqual({ phase: 'up-to-date' });
    s.stop();
  });

  it('switching the channel sets it and checks at once', async () => {
    const { clock } = fakeClock();
    const { updater, log, listeners } = fakeUpdater(['none', 'none']);
    const s = createUpdateScheduler({ updater, clock, channel: 'stable', onState: () => undefined });
    s.start();
    await flush();
    s.setChannel('beta');
    await flush();
    expect(log).toEqual(['channel stable', 'installOnQuit true', 'check none', 'channel beta', 'check none']);
    s.stop();
    expect(listeners.size).toBe(0);
  });
});
