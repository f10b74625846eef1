import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../cli/http-bridge';
import { startEngine, type EngineHandle } from '../../workers';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
let bridge: Bridge;
let base: string;

beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('bridge') });
  const web = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-web-'));
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Adloop</title>');
  fs.writeFileSync(path.join(web, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ engine, webDir: web, log: memoryLogger() });
  base = `http://127.0.0.1:${bridge.port}`;
});
afterAll(async () => {
  await bridge?.close();
  await engine?.close();
});

const rpc = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP bridge token', () => {
  it('answers nothing without the per-run token', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    expect((await rpc('engine.info', {})).status).toBe(401);
    expect((await rpc('engine.info', {}, { 'x-adloop-token': 'wrong' })).status).toBe(401);
    expect((await fetch(`${base}/?token=${bridge.token}x`)).status).toBe(401);
    const body = (await (await rpc('engine.info', {})).json()) as { error: { code: string } };
    expect(body.error.code).toBe('Unauthorized');
  });

  it('the printed URL carries the token; the first page load sets a cookie for the assets', async () => {
    expect(bridge.url).toBe(`${base}/?token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
    const page = await fetch(bridge.url);
    expect(page.status).toBe(200);
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('engine calls work with the header and return typed errors with HTTP statuses', async () => {
    const ok = await rpc('engine.info', {}, { 'x-adloop-token': bridge.token });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { pid: number } }).result.pid).toBe(process.pid);
    const bad = await rpc('settings.update', { halfLifeDays: 'soon' }, { 'x-adloop-token': bridge.token });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'InvalidInput', issues: [{ path: 'halfLifeDays' }] } });
    const notJson = await fetch(`${base}/rpc/settings.update`, { method: 'POST', headers: { 'x-adloop-token': bridge.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
    const unknown = await rpc('nope.nope', {}, { 'x-adloop-token': bridge.token });
    expect(unknown.status).toBe(404);
  });

  it('never exposes the desktop shell’s keychain ciphertext methods to a browser', async () => {
    for (const m of ['secrets.getCiphertext', 'secrets.putCiphertext', 'secrets.delete']) {
      const r = await rpc(m, { key: 'meta:act_1' }, { 'x-adloop-token': bridge.token });
      expect(r.status, m).toBe(404);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
    }
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: bridge.port, path: `/?token=${bridge.token}`, headers: { host: `evil.example:${bridge.port}` } },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('never serves files outside the built interface', async () => {
    const res = await fetch(`${base}/..%2f..%2f..%2fetc%2fpasswd`, { headers: { 'x-adloop-token': bridge.token } });
    expect(await res.text()).toContain('<title>Adloop</title>');
  });

  it('streams engine events over the WebSocket only with the token', async () => {
    const wsBase = base.replace('http', 'ws');
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${wsBase}/events`);
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('refused'));
    });
    expect(refused).toBe('refused');

    const ws = new WebSocket(`${wsBase}/events?token=${bridge.token}`);
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((resolve) => ws.on('message', (m) => resolve(JSON.parse(String(m)))));
    await rpc('settings.update', { halfLifeDays: 9 }, { 'x-adloop-token': bridge.token });
    expect(await got).toEqual({ event: 'workspace.changed', payload: { reason: 'settings' } });
    ws.close();
  });
});
