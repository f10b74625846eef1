// "Restart now" after a staged restore, in Node through fakes of Electron's app and ipcMain: the
// shell answers app.restart itself (the engine never sees it), books exactly one relaunch without
// the start-hidden flag, and quits through the clean shutdown — and with a real engine thread, the
// staged restore is what the relaunched engine opens. Hosts without a shell answer restarting: false.
import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { RESTART_BY_HAND, type RpcResponse } from '../../contract';
import { engineFacadeFrom } from '../../main/engine-facade';
import { registerIpcRouter, type IpcMainLike, type ShellHandlers } from '../../main/ipc-router';
import { createRestart, type RelaunchApp } from '../../main/lifecycle/restart';
import { createShutdown } from '../../main/lifecycle/shutdown';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

const origin = 'app://adloop';

function fakeApp() {
  const calls: Array<{ op: 'relaunch' | 'quit'; options?: unknown }> = [];
  const app: RelaunchApp = {
    relaunch: (options) => void calls.push({ op: 'relaunch', options }),
    quit: () => void calls.push({ op: 'quit' }),
  };
  return { app, calls };
}

/** Deferred work runs when the test says, as setImmediate would after the IPC reply. */
function deferQueue() {
  const queue: Array<() => void> = [];
  return { defer: (fn: () => void) => void queue.push(fn), flush: () => queue.splice(0).forEach((fn) => fn()), queue };
}

type RouterEngine = Parameters<typeof registerIpcRouter>[0]['engine'];

function router(engine: RouterEngine, shellHandlers?: ShellHandlers) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) };
  const stop = registerIpcRouter({ ipcMain, engine, allowedOrigins: [origin], targets: () => [], ...(shellHandlers ? { shellHandlers } : {}) });
  const call = (method: string, params: unknown, senderUrl = `${origin}/index.html`) =>
    handlers.get(`adloop:${method}`)!({ senderFrame: { url: senderUrl } } as unknown as IpcMainInvokeEvent, params) as Promise<RpcResponse>;
  return { call, stop };
}

describe('createRestart', () => {
  it('books one relaunch without --hidden, then quits after the reply has gone out', async () => {
    const { app, calls } = fakeApp();
    const q = deferQueue();
    const restart = createRestart({ app, args: ['/opt/Adloop/resources/app.asar', '--hidden', '--lang=de'], quitting: () => false, defer: q.defer });
    await expect(restart()).resolves.toMatchObject({ restarting: true });
    expect(calls).toEqual([{ op: 'relaunch', options: { args: ['/opt/Adloop/resources/app.asar', '--lang=de'] } }]);
    q.flush();
    expect(calls.map((c) => c.op)).toEqual(['relaunch', 'quit']);
    // A second click while closing must not start a second instance later.
    await expect(restart()).resolves.toMatchObject({ restarting: true });
    q.flush();
    expect(calls.map((c) => c.op)).toEqual(['relaunch', 'quit']);
  });

  it('relaunches the AppImage itself on Linux, and leaves an ongoing quit alone', async () => {
    const { app, calls } = fakeApp();
    const q = deferQueue();
    const restart = createRestart({ app, args: [], appImage: '/home/jane/Adloop.AppImage', quitting: () => true, defer: q.defer });
    await restart();
    q.flush();
    expect(calls).toEqual([{ op: 'relaunch', options: { execPath: '/home/jane/Adloop.AppImage', args: [] } }]);
  });
});

describe('app.restart over IPC', () => {
  const engineNeverAsked = () => {
    const request = vi.fn(async (): Promise<RpcResponse> => ({ id: 1, ok: true, result: null }));
    return { request, engine: { transport: { request }, onEvent: () => () => undefined } as RouterEngine };
  };

  it('the shell answers it from our own frame; the engine never sees it; a foreign frame and bad input are refused', async () => {
    const { engine, request } = engineNeverAsked();
    const handler = vi.fn(async () => ({ restarting: true, message: 'closing' }));
    const { call } = router(engine, { 'app.restart': handler });
    await expect(call('app.restart', {})).resolves.toEqual({ id: -1, ok: true, result: { restarting: true, message: 'closing' } });
    await expect(call('app.restart', {}, 'https://evil.example/')).resolves.toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    await expect(call('app.restart', { now: true })).resolves.toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(request).not.toHaveBeenCalled();
  });

  it('an answer that breaks the contract is an Internal error, not passed on', async () => {
    const { call } = router(engineNeverAsked().engine, { 'app.restart': async () => ({ restarting: 'yes' }) as never });
    await expect(call('app.restart', {})).resolves.toMatchObject({ ok: false, error: { code: 'Internal' } });
  });
});

describe('restart with a real engine thread and a staged restore', () => {
  it('the relaunched engine opens the restored data; an engine without a shell says how to restart it', async () => {
    const dir = await freshWorkspace('shell-restart');
    let engine: EngineHandle | null = await startEngine({ dataDir: dir });
    let second: EngineHandle | null = null;
    try {
      const facade = engineFacadeFrom(engine);
      // Without a shell handler the call reaches the engine, which cannot restart its host.
      expect(await facade.call('app.restart', {})).toEqual({ restarting: false, message: RESTART_BY_HAND });

      await facade.call('settings.update', { halfLifeDays: 11 });
      const backup = await facade.call('backup.create', {});
      await facade.call('settings.update', { halfLifeDays: 23 });
      await facade.call('backup.restore', { name: backup.name });

      // The app: quit runs before-quit (the clean shutdown), whose own quit then exits.
      const order: string[] = [];
      let exited!: () => void;
      const exit = new Promise<void>((r) => (exited = r));
      const handle = engine;
      const shutdown = createShutdown({
        stopBackground: () => void order.push('background'),
        stopRouter: () => {
          order.push('router');
          stopRouter();
        },
        closeEngine: async () => {
          await handle.close();
          order.push('engine closed');
        },
        quit: () => app.quit(),
        onError: (e) => void order.push(`error ${String(e)}`),
      });
      const app: RelaunchApp = {
        relaunch: () => void order.push('relaunch booked'),
        quit: () => {
          const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
          shutdown.onBeforeQuit(event);
          if (!event.prevented) {
            order.push('exit');
            exited();
          }
        },
      };
      const restart = createRestart({ app, args: [], quitting: () => shutdown.quitting, defer: (fn) => setImmediate(fn) });
      const { call, stop: stopRouter } = router(engine, { 'app.restart': restart });
      await expect(call('app.restart', {})).resolves.toMatchObject({ ok: true, result: { restarting: true } });
      await exit;
      engine = null;
      expect(order).toEqual(['relaunch booked', 'background', 'router', 'engine closed', 'exit']);

      // The relaunched app's engine: the staged restore was applied before anything opened the database.
      second = await startEngine({ dataDir: dir });
      expect((await engineFacadeFrom(second).call('settings.get', {})).halfLifeDays).toBe(11);
      expect((await engineFacadeFrom(second).call('backup.list', {})).pendingRestore).toBeNull();
    } finally {
      await engine?.close();
      await second?.close();
    }
  }, 120_000);
});
