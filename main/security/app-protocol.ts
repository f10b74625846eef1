// The built renderer is served from `app://adloop/…` instead of file://: a file:// page may read
// any file the user can, while this handler serves only files inside the renderer folder, with a
// CSP header. Registered as a standard, secure scheme so the page gets a real origin.
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'adloop';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export type Resolved = { ok: true; file: string; mimeType: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** Maps a request URL to a file inside `root`, refusing anything that would leave it. */
export function resolveAppRequest(url: string, root: string): Resolved {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 403, reason: 'foreign host' };
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad escape' };
  }
  // Backslashes are separators on Windows and NUL truncates paths in native code: neither
  // belongs in a URL of ours.
  if (rel.includes('\0') || rel.includes('\\')) return { ok: false, status: 400, reason: 'bad character' };
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${rel}`);
  if (!file.startsWith(base + path.sep)) return { ok: false, status: 403, reason: 'outside the renderer folder' };
  const mimeType = MIME[path.extname(file).toLowerCase()];
  if (!mimeType) return { ok: false, status: 404, reason: 'unknown file type' };
  return { ok: true, file, mimeType };
}

/** The protocol.handle handler. `realpath` catches symlinks inside the folder pointing out of it. */
export function createAppProtocolHandler(root: string, readFile: (file: string) => Promise<Uint8Array> = (f) => fs.readFile(f)) {
  const csp = contentSecurityPolicy();
  return async (request: { url: string }): Promise<Response> => {
    const resolved = resolveAppRequest(request.url, root);
    if (!resolved.ok) return new Response(resolved.reason, { status: resolved.status, headers: { 'content-type': 'text/plain' } });
    try {
      const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(resolved.file)]);
      if (!realFile.startsWith(realRoot + path.sep)) return new Response('outside the renderer folder', { status: 403 });
      const body = await readFile(realFile);
      return new Response(body as BodyInit, {
        status: 200,
        headers: { 'content-type': resolved.mimeType, 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
