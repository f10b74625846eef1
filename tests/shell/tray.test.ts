import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineFacade, ShellEvent } from '../../main/engine-facade';
import { engineFacadeFrom } from '../../main/engine-facade';
import { navigationScript, notificationForApprovals, notificationForEvent } from '../../main/notifications';
import { createSyncPowerGuard, wirePowerEvents } from '../../main/power';
import { SCHEDULER_METHODS } from '../../main/scheduler-methods';
import { createTrayController } from '../../main/tray/controller';
import { trayIconFile } from '../../main/tray/icons';
import { lastScanLabel, runTrayAction, trayMenuModel, type TrayItemId } from '../../main/tray/menu';
import { initialTrayState, trayReducer, trayStatus, trayTooltip, type TrayState } from '../../main/tray/state';
import { startEngine } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

const at = '2026-11-26T14:05:00.000Z';
const progress = (jobId: string, kind: string, done: number, total: number): ShellEvent => ({
  event: 'progress',
  payload: { jobId, kind, step: 's', done, total, percent: total ? Math.floor((done / total) * 100) : 0 },
});
const reduce = (events: ShellEvent[], s: TrayState = initialTrayState()) => events.reduce((st, event) => trayReducer(st, { type: 'event', event, at }), s);

/** A facade that records calls; `fail` names methods that answer UnknownMethod. */
function fakeEngine(opts: { proposed?: () => number; fail?: string[] } = {}) {
  const calls: Array<[string, unknown]> = [];
  const listeners = new Set<(e: ShellEvent) => void>();
  const callByName = async (method: string, input: unknown): Promise<unknown> => {
    calls.push([method, input]);
    if (opts.fail?.includes(method)) throw Object.assign(new Error(`Unknown method "${method}"`), { code: 'UnknownMethod' });
    if (method === 'approvals.list') return Array.from({ length: opts.proposed?.() ?? 0 }, (_, i) => ({ id: i }));
    return {};
  };
  const engine: EngineFacade = {
    call: ((method: string, input: unknown) => callByName(method, input)) as EngineFacade['call'],
    callByName,
    onEvent: (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
  return { engine, calls, emit: (e: ShellEvent) => listeners.forEach((l) => l(e)), listeners };
}

describe('tray state reducer', () => {
  it('is idle, then scanning while a job runs, then idle with the last scan time', () => {
    expect(trayStatus(initialTrayState())).toBe('idle');
    const running = reduce([progress('fatigue.scan#1', 'fatigue.scan', 10, 100)]);
    expect(trayStatus(running)).toBe('scanning');
    expect(running.lastScanAt).toBeNull();
    const done = reduce([progress('fatigue.scan#1', 'fatigue.scan', 100, 100)], running);
    expect(trayStatus(done)).toBe('idle');
    expect(done.lastScanAt).toBe(at);
    // A finished sync is work, not a scan: the last scan time stays.
    const synced = reduce([progress('sync#2', 'sync', 1, 2), progress('sync#2', 'sync', 2, 2)]);
    expect(synced.lastScanAt).toBeNull();
  });

  it('needs attention for findings, waiting approvals and reconnects — over a running scan', () => {
    const s = reduce([progress('j', 'fatigue.scan', 1, 5), { event: 'fatigue.findings', payload: { count: 3 } }]);
    expect(trayStatus(s)).toBe('attention');
    expect(s.unseenFindings).toBe(3);
    expect(s.lastScanAt).toBe(at);
    expect(trayStatus(trayReducer(s, { type: 'seen' }))).toBe('scanning');
    expect(trayStatus(trayReducer(initialTrayState(), { type: 'pendingApprovals', count: 2 }))).toBe('attention');
    const r = reduce([
      { event: 'sync.reconnectNeeded', payload: { provider: 'meta' } },
      { event: 'sync.reconnectNeeded', payload: { provider: 'meta' } },
    ]);
    expect(r.reconnect).toEqual(['meta']);
    expect(trayTooltip(r)).toBe('Adloop — reconnect meta');
    // Saving a credential answers the reconnect.
    expect(trayStatus(reduce([{ event: 'workspace.changed', payload: { reason: 'connections' } }], r))).toBe('idle');
  });

  it('accepts findings as a list and ignores malformed or unknown events', () => {
    expect(reduce([{ event: 'fatigue.findings', payload: { findings: [{}, {}] } }]).unseenFindings).toBe(2);
    const s0 = initialTrayState();
    for (const e of [{ event: 'progress', payload: null }, { event: 'progress', payload: { jobId: 1 } }, { event: 'nope', payload: {} }]) {
      expect(trayReducer(s0, { type: 'event', event: e, at })).toBe(s0);
    }
  });
});

describe('tray menu', () => {
  it('lists open, status, last scan, scan now, learning, pause and quit', () => {
    const now = new Date(at);
    const model = trayMenuModel({ ...initialTrayState(), lastScanAt: '2026-11-26T09:30:00.000Z' }, now, 'UTC');
    expect(model.map((i) => (i.type === 'separator' ? '—' : i.id))).toEqual([
      'open', 'status', 'lastScan', '—', 'scanNow', 'runLearning', 'pause', '—', 'startAtLogin', 'betaUpdates', '—', 'quit',
    ]);
    const prefs = trayMenuModel(initialTrayState(), now, 'UTC', { startAtLogin: true, betaUpdates: false });
    expect(prefs.filter((i) => i.type === 'checkbox').map((i) => [i.type !== 'separator' && i.id, i.type !== 'separator' && i.checked])).toEqual([
      ['pause', false],
      ['startAtLogin', true],
      ['betaUpdates', false],
    ]);
    expect(model.find((i) => i.type !== 'separator' && i.id === 'lastScan')).toMatchObject({ label: 'Last scan: 09:30', enabled: false });
    expect(model.find((i) => i.type !== 'separator' && i.id === 'status')).toMatchObject({ label: 'Up to date' });
  });

  it('disables scan now while a scan runs and checks pause when paused', () => {
    const s = reduce([progress('j', 'fatigue.scan', 1, 5)], initialTrayState(true));
    const m = trayMenuModel(s, new Date(at), 'UTC');
    const item = (id: TrayItemId) => m.find((i) => i.type !== 'separator' && i.id === id);
    expect(item('scanNow')).toMatchObject({ enabled: false });
    expect(item('runLearning')).toMatchObject({ enabled: true });
    expect(item('pause')).toMatchObject({ type: 'checkbox', checked: true });
    expect(item('status')).toMatchObject({ label: 'Working…' });
  });

  it('formats the last scan on an earlier day with its date', () => {
    expect(lastScanLabel(null, new Date(at))).toBe('Last scan: never');
    expect(lastScanLabel('2026-11-24T08:00:00.000Z', new Date(at), 'UTC')).toBe('Last scan: 24 Nov, 08:00');
  });

  it('menu actions call the engine, open the window, toggle pause and quit', async () => {
    const { engine, calls } = fakeEngine();
    let paused = false;
    const deps = {
      engine,
      showWindow: vi.fn(),
      quit: vi.fn(),
      setPaused: (p: boolean) => void (paused = p),
      paused: () => paused,
      togglePref: vi.fn(),
      onError: vi.fn(),
    };
    for (const id of ['scanNow', 'runLearning', 'pause', 'pause', 'open', 'quit', 'status', 'startAtLogin', 'betaUpdates'] as TrayItemId[]) await runTrayAction(id, deps);
    expect(calls).toEqual([
      [SCHEDULER_METHODS.scanNow, {}],
      [SCHEDULER_METHODS.runLearning, {}],
      [SCHEDULER_METHODS.setPaused, { paused: true }],
      [SCHEDULER_METHODS.setPaused, { paused: false }],
    ]);
    expect(deps.showWindow).toHaveBeenCalledTimes(1);
    expect(deps.quit).toHaveBeenCalledTimes(1);
    expect(deps.togglePref.mock.calls).toEqual([['startAtLogin'], ['betaUpdates']]);
    expect(deps.onError).not.toHaveBeenCalled();
  });

  it('reports an engine refusal instead of throwing (method not built yet)', async () => {
    const { engine } = fakeEngine({ fail: [SCHEDULER_METHODS.scanNow] });
    const onError = vi.fn();
    await runTrayAction('scanNow', { engine, showWindow: vi.fn(), quit: vi.fn(), setPaused: vi.fn(), paused: () => false, togglePref: vi.fn(), onError });
    expect(onError).toHaveBeenCalledWith('scanNow', expect.objectContaining({ code: 'UnknownMethod' }));
  });
});

describe('power events', () => {
  it('resume and unlock wake the scheduler (suspend needs no call); unhooking stops them', async () => {
    const { engine, calls } = fakeEngine({ fail: [SCHEDULER_METHODS.wake] });
    const power = new EventEmitter();
    const onError = vi.fn();
    const stop = wirePowerEvents(power, engine, onError);
    power.emit('suspend');
    power.emit('resume');
    power.emit('unlock-screen');
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([
      [SCHEDULER_METHODS.wake, {}],
      [SCHEDULER_METHODS.wake, {}],
    ]);
    expect(onError).toHaveBeenCalledTimes(2);
    stop();
    expect(power.listenerCount('resume') + power.listenerCount('suspend') + power.listenerCount('unlock-screen')).toBe(0);
  });
});

describe('power-save blocker during sync', () => {
  afterEach(() => vi.useRealTimers());

  function setup() {
    vi.useFakeTimers();
    const log: string[] = [];
    let next = 1;
    const guard = createSyncPowerGuard(
      {
        start: (type) => {
          log.push(`start ${type}`);
          return next++;
        },
        stop: (id) => void log.push(`stop ${id}`),
      },
      { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
      60_000,
    );
    return { guard, log };
  }

  it('is held only while a sync runs, once for overlapping syncs', () => {
    const { guard, log } = setup();
    guard.onEvent(progress('scan', 'fatigue.scan', 1, 2));
    expect(guard.holding).toBe(false);
    guard.onEvent(progress('a', 'sync', 1, 4));
    guard.onEvent(progress('b', 'sync.meta', 1, 4));
    guard.onEvent(progress('a', 'sync', 4, 4));
    expect(guard.holding).toBe(true);
    guard.onEvent(progress('b', 'sync.meta', 4, 4));
    expect(guard.holding).toBe(false);
    expect(log).toEqual(['start prevent-app-suspension', 'stop 1']);
  });

  it('lets go when a sync stops reporting, and on shutdown', () => {
    const { guard, log } = setup();
    guard.onEvent(progress('a', 'sync', 1, 4));
    vi.advanceTimersByTime(59_000);
    guard.onEvent(progress('a', 'sync', 2, 4)); // still alive: the timer restarts
    vi.advanceTimersByTime(59_000);
    expect(guard.holding).toBe(true);
    vi.advanceTimersByTime(2_000);
    expect(guard.holding).toBe(false);
    guard.onEvent(progress('c', 'sync', 1, 4));
    guard.stop();
    expect(guard.holding).toBe(false);
    expect(log).toEqual(['start prevent-app-suspension', 'stop 1', 'start prevent-app-suspension', 'stop 2']);
  });
});

describe('notifications', () => {
  it('route fatigue findings, approvals and reconnects to their views', () => {
    expect(notificationForEvent({ event: 'fatigue.findings', payload: { count: 2 } })).toMatchObject({ view: 'fatigue', body: '2 ads are showing fatigue.' });
    expect(notificationForEvent({ event: 'fatigue.findings', payload: { count: 0 } })).toBeNull();
    expect(notificationForEvent({ event: 'sync.reconnectNeeded', payload: { provider: 'hubspot' } })).toMatchObject({ view: 'settings', title: 'Reconnect HubSpot' });
    expect(notificationForEvent({ event: 'progress', payload: {} })).toBeNull();
    expect(notificationForApprovals(0, 1)).toMatchObject({ view: 'approvals', body: '1 change waiting for your approval.' });
    expect(notificationForApprovals(3, 3)).toBeNull();
    expect(notificationForApprovals(3, 1)).toBeNull();
  });

  it('a click sets the hash of a known view only', () => {
    expect(navigationScript('approvals')).toBe('window.location.hash = "#/approvals"');
    expect(() => navigationScript('x"; alert(1); "' as 'approvals')).toThrow();
  });
});

describe('tray controller', () => {
  it('counts waiting approvals at start, notifies when new ones arrive and on findings', async () => {
    let proposed = 1;
    const { engine, emit, listeners } = fakeEngine({ proposed: () => proposed });
    const rendered: TrayState[] = [];
    const notified: string[] = [];
    const c = createTrayController({
      engine,
      render: (s) => void rendered.push(s),
      notify: (n) => void notified.push(n.view),
      now: () => new Date(at),
      paused: false,
      onError: (e) => {
        throw e;
      },
    });
    await c.ready;
    expect(c.state.pendingApprovals).toBe(1);
    expect(notified).toEqual([]); // nothing new at start
    proposed = 3;
    emit({ event: 'workspace.changed', payload: { reason: 'approvals' } });
    await vi.waitFor(() => expect(c.state.pendingApprovals).toBe(3));
    emit({ event: 'fatigue.findings', payload: { count: 1 } });
    emit({ event: 'sync.reconnectNeeded', payload: { provider: 'meta' } });
    expect(notified).toEqual(['approvals', 'fatigue', 'settings']);
    expect(trayStatus(rendered.at(-1)!)).toBe('attention');
    c.stop();
    expect(listeners.size).toBe(0);
  });

  it('asks a real engine for the approval queue with valid input', async () => {
    const engine = await startEngine({ dataDir: await freshWorkspace('shell-tray') });
    try {
      const errors: unknown[] = [];
      const c = createTrayController({ engine: engineFacadeFrom(engine), render: () => undefined, notify: () => undefined, now: () => new Date(at), paused: false, onError: (e) => void errors.push(e) });
      await c.ready;
      await c.refreshApprovals();
      expect(errors).toEqual([]);
      expect(c.state.pendingApprovals).toBe(0);
      c.stop();
    } finally {
      await engine.close();
    }
  });
});

describe('tray icons', () => {
  it('exist for every state as PNGs at 1x and @2x', () => {
    const resources = path.resolve(import.meta.dirname, '../../resources');
    for (const status of ['idle', 'scanning', 'attention'] as const) {
      const file = trayIconFile(status, resources);
      expect(path.basename(file)).toBe(`${status}.png`);
      for (const f of [file, file.replace(/\.png$/, '@2x.png')]) {
        expect(fs.readFileSync(f).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      }
    }
  });
});
