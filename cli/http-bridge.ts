// The headless host's HTTP/WebSocket bridge: the same contract as the Electron IPC router, over
// 127.0.0.1 only. Every request must carry the per-run token — as `?token=` on the first page
// load (which sets an HttpOnly cookie for the page's own assets), as the `x-adloop-token`
// header, or as that cookie. Nothing answers without it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AdloopError,
  HTTP_EVENTS_PATH,
  HTTP_RPC_PREFIX,
  TOKEN_HEADER,
  isMethodName,
  shellOnlyMethods,
  type ErrorCode,
  type RpcResponse,
} from '../contract';

const SHELL_ONLY = new Set<string>(shellOnlyMethods);
import type { EngineHandle, Logger } from '../workers';
import { resolveStatic, sendFile } from './static-files';

export interface BridgeOptions {
  engine: EngineHandle;
  port?: number;
  /** Folder of the built renderer; when missing, pages explain how to build it. */
  webDir?: string | null;
  token?: string;
  log: Logger;
  maxBodyBytes?: number;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  InvalidInput: 400,
  UnknownMethod: 404,
  NotFound: 404,
  Conflict: 409,
  DatabaseLocked: 423,
  Unauthorized: 401,
  EngineClosed: 503,
};

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function errorBody(code: ErrorCode, message: string): RpcResponse {
  return { id: 0, ok: false, error: new AdloopError(code, message).toShape() };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    // Past the limit the rest is read and dropped, not buffered: cutting the socket instead left
    // the caller with a connection reset rather than the typed error.
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => (size > limit ? reject(new AdloopError('InvalidInput', `Request body is larger than ${limit} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? newToken();
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  let port = 0;
  const cookieName = () => `adloop_token_${port}`; // cookies ignore ports; the name must not
  const sockets = new Set<WebSocket>();
  let seq = 0;

  const allowedHost = (req: IncomingMessage) => {
    // Refuse DNS-rebinding: the page must be addressed as loopback on our port.
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
  };
  const authorised = (req: IncomingMessage, url: URL) =>
    sameToken(req.headers[TOKEN_HEADER] as string | undefined, token) ||
    sameToken(cookieValue(req, cookieName()), token) ||
    sameToken(url.searchParams.get('token'), token);

  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    const requestId = `http-${++seq}`;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const done = (status: number, extra: Record<string, unknown> = {}) =>
      opts.log.debug('http', { requestId, method: req.method, path: url.pathname, status, durationMs: Math.round(performance.now() - t0), ...extra });

    if (!allowedHost(req)) {
      sendJson(res, 403, errorBody('Unauthorized', 'Adloop answers only on 127.0.0.1.'));
      return done(403);
    }
    if (!authorised(req, url)) {
      const message = 'Missing or wrong session token. Open the link printed by `adloop serve`.';
      if (!url.pathname.startsWith(HTTP_RPC_PREFIX) && (req.headers.accept ?? '').includes('text/html')) {
        // A person who opened the address without the token gets a page, not JSON.
        res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
        res.end(`<!doctype html><meta charset="utf-8"><title>Adloop</title><body style="font:16px system-ui;margin:4rem auto;max-width:36rem"><h1>Adloop</h1><p>${message}</p><p>Each run of <code>adloop serve</code> (or <code>npm start</code>) prints a link with a fresh session token.</p></body>`);
        return done(401);
      }
      sendJson(res, 401, errorBody('Unauthorized', message));
      return done(401);
    }

    if (url.pathname.startsWith(HTTP_RPC_PREFIX)) {
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice(HTTP_RPC_PREFIX.length));
      } catch {
        // Thrown here it escaped the request handler: the request hung and the process saw an uncaught URIError.
        method = url.pathname.slice(HTTP_RPC_PREFIX.length);
      }
      if (req.method !== 'POST') {
        sendJson(res, 405, errorBody('InvalidInput', 'Use POST for engine calls.'));
        return done(405);
      }
      // The keychain's ciphertext methods belong to the desktop shell's main process; a browser
      // session never sees them (the same rule as the preload's allowlist).
      if (!isMethodName(method) || SHELL_ONLY.has(method)) {
        sendJson(res, 404, errorBody('UnknownMethod', `Unknown method ${JSON.stringify(method)}`));
        return done(404);
      }
      readBody(req, limit)
        .then(async (text) => {
          let params: unknown;
          try {
            params = text.trim() === '' ? {} : JSON.parse(text);
          } catch {
            throw new AdloopError('InvalidInput', 'Request body is not valid JSON');
          }
          const reply = await opts.engine.transport.request(method, params);
          const status = reply.ok ? 200 : (STATUS[reply.error.code] ?? 500);
          sendJson(res, status, reply);
          done(status, { rpc: method });
        })
        .catch((e: unknown) => {
          const err = e instanceof AdloopError ? e : new AdloopError('Internal', (e as Error).message);
          const status = STATUS[err.code] ?? 500;
          sendJson(res, status, { id: 0, ok: false, error: err.toShape() });
          done(status, { rpc: method });
        });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, errorBody('InvalidInput', 'Only GET is served here.'));
      return done(405);
    }
    if (url.searchParams.has('token')) {
      // First load: keep the token in an HttpOnly cookie so the page's assets load without it.
      res.setHeader('set-cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    try {
      decodeURIComponent(url.pathname);
    } catch {
      sendJson(res, 400, errorBody('InvalidInput', 'The address is not valid percent-encoding.'));
      return done(400);
    }
    const file = opts.webDir ? resolveStatic(opts.webDir, url.pathname) : null;
    if (!file) {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Adloop</title><p>The Adloop interface is not built. Run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.</p>');
      return done(503);
    }
    sendFile(res, file);
    done(200);
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk = !origin || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== HTTP_EVENTS_PATH || !allowedHost(req) || !originOk || !authorised(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = opts.engine.onEvent((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  return {
    url,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
