// The renderer's one engine client. In the desktop app the preload bridge (`window.adloop`)
// carries calls over IPC; in a browser (`adloop serve`) the same contract goes over HTTP with the
// per-run token. Either way the rest of the UI sees one typed `AdloopClient`.
import { createClient, httpTransport, type AdloopClient, type EngineEvent, type RpcResponse, type Transport } from '../../../contract';
import { resolveSessionToken } from './session';

/** What preload/ exposes through contextBridge. */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<RpcResponse>;
  onEvent(listener: (e: EngineEvent) => void): () => void;
}

declare global {
  interface Window {
    adloop?: PreloadBridge;
  }
}

export type EngineConnection =
  | { kind: 'ready'; client: AdloopClient; via: 'ipc' | 'http' }
  /** A browser page opened without the link `adloop serve` printed. */
  | { kind: 'no-token' };

export function bridgeTransport(bridge: PreloadBridge): Transport {
  return {
    request: (method, params) => bridge.invoke(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}

/**
 * Many components listen to events; the engine should see one subscription (one WebSocket in a
 * browser), opened with the first listener and closed with the last.
 */
export function sharedEvents(transport: Transport): Transport {
  const listeners = new Set<(e: EngineEvent) => void>();
  let stop: (() => void) | null = null;
  return {
    request: (method, params) => transport.request(method, params),
    onEvent(listener) {
      if (!transport.onEvent) return () => undefined;
      listeners.add(listener);
      stop ??= transport.onEvent((e) => {
        for (const l of [...listeners]) l(e);
      });
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
  };
}

export function connectEngine(win: Window = window): EngineConnection {
  if (win.adloop) return { kind: 'ready', client: createClient(sharedEvents(bridgeTransport(win.adloop))), via: 'ipc' };
  const { token, cleanedUrl } = resolveSessionToken(win.location.href, win.sessionStorage);
  if (cleanedUrl !== null) win.history.replaceState(win.history.state, '', cleanedUrl);
  if (!token) return { kind: 'no-token' };
  return { kind: 'ready', client: createClient(sharedEvents(httpTransport({ baseUrl: win.location.origin, token }))), via: 'http' };
}
