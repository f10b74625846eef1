// The HTTP bridge of `adloop serve` against raw requests a browser would never make: broken
// percent-encoding, bodies that are not JSON or are too big. Each gets a typed JSON error, and
// the server keeps answering afterwards (one bad request must not take the session down).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../cli/http-bridge';
import { startEngine, type EngineHandle } from '../../workers';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
let bridge: Bridge;
let base: string;
beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('adv-bridge') });
  const web = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-adv-web-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Adloop</title>');
  bridge = await startBridge({ engine, webDir: web, log: memoryLogger() });
  base = `http://127.0.0.1:${bridge.port}`;
});
afterAll(async () => {
  await bridge?.close();
  await engine?.close();
});

const post = (p: string, body: string) => fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-adloop-token': bridge.token }, body });
const stillUp = async () => expect((await post('/rpc/engine.info', '{}')).status).toBe(200);

describe('the HTTP bridge with hostile requests', () => {
  it.each([
    ['a method name with broken percent-encoding', '/rpc/%E0%A4%A', '{}', ['UnknownMethod', 'InvalidInput']],
    ['a body that is not JSON', '/rpc/settings.update', '{"halfLifeDays": 3,', ['InvalidInput']],
    ['a body over the size limit', '/rpc/settings.update', JSON.stringify({ x: 'a'.repeat(2 * 1024 * 1024) }), ['InvalidInput']],
    ['a __proto__ key', '/rpc/settings.update', '{"__proto__":{"halfLifeDays":3}}', ['InvalidInput']],
  ])('%s gets a typed error and the server keeps answering', async (_what, p, body, codes) => {
    const before = await engine.client.call('settings.get', {});
    const res = await post(p, body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = (await res.json()) as { ok: boolean; error: { code: string } };
    expect(codes).toContain(json.error.code);
    await stillUp();
    expect(await engine.client.call('settings.get', {})).toEqual(before);
  });

  it('a page path with broken percent-encoding does not take the server down', async () => {
    const res = await fetch(`${base}/%E0%A4%A?token=${bridge.token}`);
    expect(res.status).toBeLessThan(500);
    await stillUp();
  });
});
