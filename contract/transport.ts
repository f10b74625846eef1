// Transports that need nothing but web standards, usable from the renderer, the CLI and tests.
import { AdloopError } from './errors';
import type { EngineEvent } from './events';
import type { MethodName } from './methods';
import type { RpcResponse, Transport } from './rpc';

export const HTTP_RPC_PREFIX = '/rpc/';
export const HTTP_EVENTS_PATH = '/events';
export const TOKEN_HEADER = 'x-adloop-token';

/**
 * The headless host's bridge: POST /rpc/<method> with the per-run token; events over a
 * WebSocket at /events?token=…
 */
export function httpTransport(opts: { baseUrl: string; token: string; fetch?: typeof fetch; WebSocket?: typeof WebSocket }): Transport {
  const doFetch = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/$/, '');
  let seq = 0;
  return {
    async request(method: MethodName, params: unknown): Promise<RpcResponse> {
      const id = ++seq;
      let res: Response;
      try {
        res = await doFetch(`${base}${HTTP_RPC_PREFIX}${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: opts.token },
          body: JSON.stringify(params ?? {}),
        });
      } catch (e) {
        throw new AdloopError('EngineClosed', `Cannot reach the Adloop engine at ${base}: ${(e as Error).message}`);
      }
      if (res.status === 401) throw new AdloopError('Unauthorized', 'The engine refused the session token; reopen the link printed by `adloop serve`.');
      const body = (await res.json().catch(() => null)) as RpcResponse | null;
      if (!body || typeof body !== 'object' || !('ok' in body)) {
        throw new AdloopError('Internal', `Unexpected reply from the engine (HTTP ${res.status})`);
      }
      return { ...body, id };
    },
    onEvent(listener) {
      const WS = opts.WebSocket ?? globalThis.WebSocket;
      if (!WS) return () => undefined;
      const wsUrl = `${base.replace(/^http/, 'ws')}${HTTP_EVENTS_PATH}?token=${encodeURIComponent(opts.token)}`;
      let closed = false;
      let socket: WebSocket | null = null;
      const connect = () => {
        if (closed) return;
        socket = new WS(wsUrl);
        socket.onmessage = (m) => {
          try {
            listener(JSON.parse(String(m.data)) as EngineEvent);
          } catch {
            // A malformed frame is dropped; events are advisory and the client re-queries.
          }
        };
        socket.onclose = () => {
          if (!closed) setTimeout(connect, 1000);
        };
      };
      connect();
      return () => {
        closed = true;
        socket?.close();
      };
    },
  };
}
