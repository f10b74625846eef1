import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent, MethodName, RpcResponse, Transport } from '../../contract';
import { connectEngine, sharedEvents, type PreloadBridge } from '../../renderer/src/engine/client';
import { TOKEN_STORAGE_KEY } from '../../renderer/src/engine/session';

function countingTransport() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let opened = 0;
  let closed = 0;
  const t: Transport = {
    request: async (method: MethodName) => ({ id: 1, ok: true, result: method }) as RpcResponse,
    onEvent(l) {
      opened++;
      listeners.add(l);
      return () => {
        closed++;
        listeners.delete(l);
      };
    },
  };
  return { t, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)), stats: () => ({ opened, closed }) };
}

const changed: EngineEvent = { event: 'workspace.changed', payload: { reason: 'settings' } };

describe('sharedEvents', () => {
  it('opens one engine subscription for many listeners and closes it with the last', () => {
    const { t, emit, stats } = countingTransport();
    const shared = sharedEvents(t);
    const a = vi.fn();
    const b = vi.fn();
    const offA = shared.onEvent!(a);
    const offB = shared.onEvent!(b);
    emit(changed);
    expect(a).toHaveBeenCalledWith(changed);
    expect(b).toHaveBeenCalledWith(changed);
    expect(stats()).toEqual({ opened: 1, closed: 0 });
    offA();
    emit(changed);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    offB();
    expect(stats()).toEqual({ opened: 1, closed: 1 });
    shared.onEvent!(a); // a later listener opens a fresh subscription
    expect(stats()).toEqual({ opened: 2, closed: 1 });
  });
});

function fakeWindow(href: string, extra: Partial<Window> = {}) {
  const storage = new Map<string, string>();
  const replaceState = vi.fn();
  const win = {
    location: new URL(href),
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    },
    history: { state: null, replaceState },
    ...extra,
  } as unknown as Window;
  return { win, storage, replaceState };
}

describe('connectEngine', () => {
  it('uses the preload bridge when Electron provides one', async () => {
    const bridge: PreloadBridge = {
      invoke: vi.fn(async () => ({ id: 1, ok: true, result: { halfLifeDays: 7 } }) as RpcResponse),
      onEvent: vi.fn(() => () => undefined),
    };
    const { win } = fakeWindow('file:///app/index.html', { adloop: bridge });
    const c = connectEngine(win);
    expect(c.kind === 'ready' && c.via).toBe('ipc');
    if (c.kind !== 'ready') return;
    await c.client.call('settings.get', {});
    expect(bridge.invoke).toHaveBeenCalledWith('settings.get', {});
  });

  it('in a browser, takes the token from the link and strips it from the address', () => {
    const { win, storage, replaceState } = fakeWindow('http://127.0.0.1:4000/?token=t0k#/fatigue');
    const c = connectEngine(win);
    expect(c.kind === 'ready' && c.via).toBe('http');
    expect(storage.get(TOKEN_STORAGE_KEY)).toBe('t0k');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/fatigue');
  });

  it('without a token there is no client, only the explanation', () => {
    const { win, replaceState } = fakeWindow('http://127.0.0.1:4000/');
    expect(connectEngine(win)).toEqual({ kind: 'no-token' });
    expect(replaceState).not.toHaveBeenCalled();
  });
});
