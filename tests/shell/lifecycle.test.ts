import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEngine, workspaceLayout, type EngineHandle } from '../../workers';
import { engineFacadeFrom } from '../../main/engine-facade';
import { decideWindowClose, quitWhenAllClosed } from '../../main/lifecycle/close-to-tray';
import { createShutdown } from '../../main/lifecycle/shutdown';
import { bringToFront, claimSingleInstance, type FocusableWindow, type SingleInstanceApp } from '../../main/lifecycle/single-instance';
import { freshWorkspace } from '../helpers/workspace';

/** Two "processes" sharing Electron's per-user lock, with second-instance delivered to the holder. */
function lockedDesktop() {
  let holder: { listeners: Array<() => void> } | null = null;
  return function newApp() {
    const self = { quitCalls: 0, listeners: [] as Array<() => void> };
    const app: SingleInstanceApp & { readonly quitCalls: number } = {
      requestSingleInstanceLock() {
        if (holder) {
          holder.listeners.forEach((l) => l());
          return false;
        }
        holder = self;
        return true;
      },
      quit: () => void self.quitCalls++,
      on: (_event, l) => void self.listeners.push(l),
      get quitCalls() {
        return self.quitCalls;
      },
    };
    return app;
  };
}

function fakeWindow(state: { minimized: boolean; visible: boolean }) {
  const calls: string[] = [];
  const win: FocusableWindow = {
    isMinimized: () => state.minimized,
    restore: () => void calls.push('restore'),
    isVisible: () => state.visible,
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { win, calls };
}

describe('single instance', () => {
  it('a second launch quits and brings the first one’s window to the front', () => {
    const newApp = lockedDesktop();
    const first = newApp();
    const { win, calls } = fakeWindow({ minimized: true, visible: false });
    expect(claimSingleInstance(first, () => bringToFront(win))).toBe(true);

    const second = newApp();
    const secondFocus = vi.fn();
    expect(claimSingleInstance(second, secondFocus)).toBe(false);
    expect(second.quitCalls).toBe(1);
    expect(first.quitCalls).toBe(0);
    expect(secondFocus).not.toHaveBeenCalled();
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('focuses a visible window without re-showing it', () => {
    const { win, calls } = fakeWindow({ minimized: false, visible: true });
    bringToFront(win);
    expect(calls).toEqual(['focus']);
  });
});

describe('close to tray', () => {
  it('hides the window while a tray exists, closes it when quitting or when the user turned it off', () => {
    expect(decideWindowClose({ quitting: false, closeToTray: true, trayAvailable: true })).toBe('hide');
    expect(decideWindowClose({ quitting: true, closeToTray: true, trayAvailable: true })).toBe('close');
    expect(decideWindowClose({ quitting: false, closeToTray: false, trayAvailable: true })).toBe('close');
    expect(decideWindowClose({ quitting: false, closeToTray: true, trayAvailable: false })).toBe('close');
  });

  it('keeps the app alive with a tray; quits without one except on macOS', () => {
    expect(quitWhenAllClosed({ quitting: false, trayAvailable: true, platform: 'linux' })).toBe(false);
    expect(quitWhenAllClosed({ quitting: false, trayAvailable: false, platform: 'linux' })).toBe(true);
    expect(quitWhenAllClosed({ quitting: false, trayAvailable: false, platform: 'darwin' })).toBe(false);
    expect(quitWhenAllClosed({ quitting: true, trayAvailable: true, platform: 'darwin' })).toBe(true);
  });
});

describe('shutdown with a real engine thread', () => {
  let engine: EngineHandle | null = null;
  afterEach(async () => {
    await engine?.close();
    engine = null;
  });

  it('stops background work and the router, closes the database and releases the lock, then quits', async () => {
    const dir = await freshWorkspace('shell-quit');
    engine = await startEngine({ dataDir: dir });
    const facade = engineFacadeFrom(engine);
    // The engine runs in its worker thread and answers through the facade.
    await expect(facade.call('settings.get', {})).resolves.toMatchObject({ crashReports: false });
    const lockFile = workspaceLayout(dir).lockFile;
    expect(fs.existsSync(lockFile)).toBe(true);

    const order: string[] = [];
    const handle = engine;
    let quitted!: () => void;
    const quit = new Promise<void>((r) => (quitted = r));
    const shutdown = createShutdown({
      stopBackground: () => void order.push('background'),
      stopRouter: () => void order.push('router'),
      closeEngine: async () => {
        order.push('engine.close');
        await handle.close();
        order.push(`engine.closed lock=${fs.existsSync(lockFile)}`);
      },
      quit: () => {
        order.push('quit');
        quitted();
      },
      onError: (e) => void order.push(`error ${String(e)}`),
    });
    const first = { preventDefault: vi.fn() };
    shutdown.onBeforeQuit(first);
    shutdown.onBeforeQuit({ preventDefault: vi.fn() }); // a second Quit click while closing
    expect(first.preventDefault).toHaveBeenCalled();
    await quit;
    expect(order).toEqual(['background', 'router', 'engine.close', 'engine.closed lock=false', 'quit']);
    // The quit the shutdown triggered passes through.
    const final = { preventDefault: vi.fn() };
    shutdown.onBeforeQuit(final);
    expect(final.preventDefault).not.toHaveBeenCalled();
    // The engine is gone: calls fail with a typed error instead of hanging.
    await expect(facade.call('settings.get', {})).rejects.toMatchObject({ code: 'EngineClosed' });
    engine = null;
  });

  it('still quits when closing the engine fails', async () => {
    const events: string[] = [];
    let quitted!: () => void;
    const quit = new Promise<void>((r) => (quitted = r));
    const shutdown = createShutdown({
      stopBackground: () => undefined,
      stopRouter: () => undefined,
      closeEngine: () => Promise.reject(new Error('disk gone')),
      quit: () => {
        events.push('quit');
        quitted();
      },
      onError: (e) => void events.push(`error ${(e as Error).message}`),
    });
    shutdown.onBeforeQuit({ preventDefault: () => undefined });
    await quit;
    expect(events).toEqual(['error disk gone', 'quit']);
  });
});

describe('engine facade', () => {
  it('turns an error envelope into a typed AdloopError, including for methods that do not exist yet', async () => {
    const dir = await freshWorkspace('shell-facade');
    const engine = await startEngine({ dataDir: dir });
    try {
      const facade = engineFacadeFrom(engine);
      await expect(facade.callByName('nope.nope', {})).rejects.toMatchObject({ code: 'UnknownMethod' });
      await expect(facade.callByName('scheduler.setPaused', { paused: true })).resolves.toEqual({ paused: true });
      // The scheduler methods the shell calls exist and accept what it sends.
      await expect(facade.callByName('fatigue.wake', {})).resolves.toMatchObject({ caughtUp: expect.any(Boolean) });
      await expect(facade.call('settings.update', { halfLifeDays: -1 })).rejects.toMatchObject({ code: 'InvalidInput' });
    } finally {
      await engine.close();
    }
  });
});

