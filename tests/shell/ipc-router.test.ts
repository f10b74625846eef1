import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { AdloopError, IPC_EVENT_CHANNEL, ipcChannelFor, methodNames, shellOnlyMethods, type EngineEvent, type MethodName, type RpcResponse } from '../../contract';
import { registerIpcRouter, type IpcMainLike } from '../../main/ipc-router';

const origin = 'http://localhost:5173';

function setup(request: (method: MethodName, params: unknown) => Promise<RpcResponse>) {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, l) => void handlers.set(channel, l),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const listeners = new Set<(e: EngineEvent) => void>();
  const engine = {
    transport: { request: vi.fn(request) },
    onEvent: (l: (e: EngineEvent) => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
  const windows = [
    { url: `${origin}/`, destroyed: false, sent: [] as unknown[][] },
    { url: 'https://evil.example/', destroyed: false, sent: [] as unknown[][] },
    { url: `${origin}/`, destroyed: true, sent: [] as unknown[][] },
  ];
  const stop = registerIpcRouter({
    ipcMain,
    engine,
    allowedOrigins: [origin],
    targets: () =>
      windows.map((w) => ({ getURL: () => w.url, isDestroyed: () => w.destroyed, send: (...args: unknown[]) => void w.sent.push(args) })),
  });
  const call = (method: string, params: unknown, senderUrl: string | null) =>
    handlers.get(`adloop:${method}`)!({ senderFrame: senderUrl === null ? null : { url: senderUrl } } as unknown as IpcMainInvokeEvent, params);
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  return { handlers, engine, windows, stop, call, emit, listeners };
}

describe('IPC router', () => {
  it('registers exactly one handler per contract method, none for the main-process-only credential methods', () => {
    const { handlers } = setup(async () => ({ id: 1, ok: true, result: null }));
    const expected = methodNames.filter((m) => !(shellOnlyMethods as readonly string[]).includes(m));
    expect([...handlers.keys()].sort()).toEqual(expected.map((m) => ipcChannelFor(m)).sort());
    for (const m of shellOnlyMethods) expect(handlers.has(ipcChannelFor(m))).toBe(false);
    expect(handlers.has(ipcChannelFor('connections.status'))).toBe(true);
  });

  it('forwards a trusted call to the engine and returns its envelope untouched', async () => {
    const reply: RpcResponse = { id: 3, ok: false, error: { code: 'InvalidInput', message: 'halfLifeDays: too small', issues: [] } };
    const { call, engine } = setup(async () => reply);
    const method = methodNames[0]!;
    await expect(call(method, { raw: 'params' }, `${origin}/index.html`)).resolves.toBe(reply);
    expect(engine.transport.request).toHaveBeenCalledWith(method, { raw: 'params' });
  });

  it('refuses a foreign or missing sender frame before the engine sees the call', async () => {
    const { call, engine } = setup(async () => ({ id: 1, ok: true, result: null }));
    for (const sender of ['https://evil.example/', 'file:///tmp/page.html', null]) {
      await expect(call(methodNames[0]!, {}, sender)).resolves.toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    }
    expect(engine.transport.request).not.toHaveBeenCalled();
  });

  it('answers with an error envelope when the engine is gone', async () => {
    const { call } = setup(() => Promise.reject(new AdloopError('EngineClosed', 'The engine is not running.')));
    await expect(call(methodNames[0]!, {}, `${origin}/`)).resolves.toEqual({
      id: -1,
      ok: false,
      error: { code: 'EngineClosed', message: 'The engine is not running.' },
    });
  });

  it('sends engine events only to live windows showing our renderer, and stops on unregister', () => {
    const { emit, windows, stop, handlers, listeners } = setup(async () => ({ id: 1, ok: true, result: null }));
    const e: EngineEvent = { event: 'workspace.changed', payload: { reason: 'demo' } };
    emit(e);
    expect(windows.map((w) => w.sent)).toEqual([[[IPC_EVENT_CHANNEL, e]], [], []]);
    stop();
    expect(handlers.size).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
