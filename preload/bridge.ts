// What the preload exposes as `window.adloop`: invoke an engine method, listen to engine events.
// Only channels derived from the contract's method table are ever sent, so a compromised page
// cannot reach any other IPC handler through this bridge.
import { AdloopError, IPC_EVENT_CHANNEL, IPC_PREFIX, ipcInvokeChannels, shellOnlyMethods, type EngineEvent, type RpcResponse } from '../contract';

/** The part of Electron's `ipcRenderer` the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface AdloopBridge {
  invoke(method: string, params: unknown): Promise<RpcResponse>;
  onEvent(listener: (e: EngineEvent) => void): () => void;
}

// Credential methods are main-process only (the router has no handler for them either).
const shellOnly = new Set<string>(shellOnlyMethods.map((m) => `${IPC_PREFIX}${m}`));
const allowed = new Set(ipcInvokeChannels.filter((c) => !shellOnly.has(c)));

export function createBridge(ipc: IpcRendererLike): AdloopBridge {
  return {
    async invoke(method, params) {
      const channel = `${IPC_PREFIX}${String(method)}`;
      if (typeof method !== 'string' || !allowed.has(channel)) {
        // Answered here, in the same envelope the engine uses, so callers handle it like any error.
        const refused = new AdloopError('UnknownMethod', `Unknown method ${JSON.stringify(method)}`, { details: { method } });
        return { id: -1, ok: false, error: refused.toShape() };
      }
      return (await ipc.invoke(channel, params)) as RpcResponse;
    },
    onEvent(listener) {
      // The IPC event object stays in the preload: it exposes `sender`, which the page must not get.
      const forward = (_event: unknown, payload: unknown) => listener(payload as EngineEvent);
      ipc.on(IPC_EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(IPC_EVENT_CHANNEL, forward);
      };
    },
  };
}
