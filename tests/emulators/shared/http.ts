// Plumbing shared by the Meta and HubSpot emulators: a real node:http server on 127.0.0.1 (port 0),
// JSON bodies, and fault injection by configuration. Faults are a queue of rules; each matching
// request consumes one `times` of the first rule that matches it, so a test can say "the next two
// insights calls get a 5xx" and count exactly what the client did.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FaultKind = 'rate-limit' | 'server-error' | 'timeout' | 'malformed' | 'token-expired' | 'transient' | 'error';

export interface Fault {
  kind: FaultKind;
  /** Substring of the request path (without the query) the fault applies to; any path when absent. */
  path?: string;
  method?: 'GET' | 'POST';
  /** How many matching requests get it (default 1). */
  times?: number;
  /** Meta: error code / subcode for 'rate-limit' (default 80000) and 'error'. */
  code?: number;
  subcode?: number;
  /** Meta rate limits: estimated_time_to_regain_access in minutes (default 0). */
  regainMinutes?: number;
  /** HubSpot 429: Retry-After in seconds (default 1). */
  retryAfterSeconds?: number;
  /** 'server-error': the HTTP status (default 503). */
  status?: number;
  /** 'timeout': how long the request hangs before the socket is destroyed (default 60 s). */
  hangMs?: number;
}

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Send this text instead of JSON (malformed replies). */
  raw?: string;
}

export class FaultQueue {
  private rules: Array<Fault & { left: number }> = [];
  /** Every fault that fired, in order (tests assert on it). */
  readonly fired: Fault[] = [];

  inject(...faults: Fault[]): void {
    for (const f of faults) this.rules.push({ ...f, left: f.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  take(req: Pick<RequestInfo, 'method' | 'path'>): Fault | null {
    const rule = this.rules.find((r) => r.left > 0 && (!r.path || req.path.includes(r.path)) && (!r.method || r.method === req.method));
    if (!rule) return null;
    rule.left--;
    this.fired.push(rule);
    return rule;
  }
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `handle` on 127.0.0.1:0. Hanging requests are cut when the server closes. */
export async function serveJson(
  handle: (req: RequestInfo) => Promise<Reply | 'hang'> | Reply | 'hang',
  opts: { hangMs?: (req: RequestInfo) => number } = {},
): Promise<RunningServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const info: RequestInfo = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      Promise.resolve()
        .then(() => handle(info))
        .then((reply) => {
          if (reply === 'hang') {
            const t = setTimeout(() => {
              timers.delete(t);
              req.socket.destroy();
            }, opts.hangMs?.(info) ?? 60_000);
            timers.add(t);
            return;
          }
          const text = reply.raw ?? JSON.stringify(reply.body);
          res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
          res.end(text);
        })
        .catch((e: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`emulator bug: ${(e as Error).stack ?? String(e)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a JSON or form-encoded body into a plain object of strings / parsed values. */
export function parseBody(req: RequestInfo): Record<string, unknown> {
  if (!req.body) return {};
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const v: unknown = JSON.parse(req.body);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return { __invalid: true };
    }
  }
  return Object.fromEntries(new URLSearchParams(req.body));
}

export const encodeCursor = (n: number): string => Buffer.from(`c:${n}`).toString('base64url');
export function decodeCursor(s: string | null): number | null {
  if (!s) return 0;
  const m = /^c:(\d+)$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : null;
}

/** Minor units → the decimal string the APIs use ("12.34"; offset 1 → "1234"). */
export function minorToDecimal(minor: number, offset: number): string {
  if (offset === 1) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
