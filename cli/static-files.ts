// Serves the built renderer (out/web). Paths are resolved inside the root only; anything that
// is not a file falls back to index.html so hash routes and reloads work.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function resolveStatic(rootIn: string, urlPath: string): string | null {
  const root = path.resolve(rootIn); // no trailing separator, or the containment check below never matches
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const target = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (target !== root && !target.startsWith(root + path.sep)) return null;
  if (fs.existsSync(target) && fs.statSync(target).isFile()) return target;
  const index = path.join(root, 'index.html');
  return fs.existsSync(index) ? index : null;
}

export function sendFile(res: ServerResponse, file: string): void {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  res.writeHead(200, {
    'content-type': type,
    // Hashed assets may be cached; the page itself must not (it is what carries the session).
    'cache-control': isHtml ? 'no-store' : 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
    ...(isHtml
      ? {
          'content-security-policy':
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
          'referrer-policy': 'no-referrer',
        }
      : {}),
  });
  fs.createReadStream(file).pipe(res);
}
