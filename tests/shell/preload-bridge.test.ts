import { describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, methodNames, type EngineEvent, type RpcResponse } from '../../contract';
import { createBridge, type IpcRendererLike } from '../../preload/bridge';

function fakeIpc(reply: RpcResponse = { id: 1, ok: true, result: { fine: true } }) {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc = {
    invoke: vi.fn(async () => reply),
    on: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
    }),
    removeListener: vi.fn((channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(l);
    }),
    emit(channel: string, ...args: unknown[]) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'ipc-event-object' }, ...args);
    },
  };
  return ipc satisfies IpcRendererLike;
}

describe('preload bridge', () => {
  it('sends a contract method on its adloop:<method> channel and returns the envelope as-is', async () => {
    const reply: RpcResponse = { id: 7, ok: false, error: { code: 'InvalidInput', message: 'bad', issues: [{ path: 'x', message: 'no' }] } };
    const ipc = fakeIpc(reply);
    const method = methodNames[0]!;
    const res = await createBridge(ipc).invoke(method, { a: 1 });
    expect(ipc.invoke).toHaveBeenCalledWith(`adloop:${method}`, { a: 1 });
    expect(res).toBe(reply);
  });

  it('refuses a method outside the contract without touching IPC', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    // The credential methods exist in the contract but are for the main process only.
    for (const method of ['shell.openExternal', 'event', '', '__proto__', 'adloop:engine.info', 'secrets.getCiphertext', 'secrets.putCiphertext', 'secrets.delete']) {
      const res = await bridge.invoke(method, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    }
    // Not even a string: a page can pass anything through contextBridge.
    expect(await bridge.invoke(42 as unknown as string, {})).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('delivers engine events without the IPC event object, until unsubscribed', () => {
    const ipc = fakeIpc();
    const seen: unknown[][] = [];
    const off = createBridge(ipc).onEvent((...args) => seen.push(args));
    const event: EngineEvent = { event: 'workspace.changed', payload: { reason: 'demo' } };
    ipc.emit(IPC_EVENT_CHANNEL, event);
    ipc.emit('adloop:something-else', { event: 'x' });
    off();
    ipc.emit(IPC_EVENT_CHANNEL, event);
    expect(seen).toEqual([[event]]);
    expect(ipc.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, ipc.on.mock.calls[0]![1]);
  });
});
