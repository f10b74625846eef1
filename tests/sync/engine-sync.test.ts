// The sync methods through the real engine (worker thread, contract validation): bad input is a
// typed error that changes nothing, settings point the clients at another server, and the token
// never reaches the workspace's files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdloopError } from '../../contract';
import { startEngine, type EngineHandle } from '../../workers';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
let emu: Emulators;
let dir: string;

beforeAll(async () => {
  process.env.ADLOOP_SECRET_STORE = 'memory';
  emu = await startEmulators({ seed: 17, ads: 30, days: 7, endDay: yesterday() });
  dir = await freshWorkspace('engine-sync');
  engine = await startEngine({ dataDir: dir });
});
afterAll(async () => {
  await engine?.close();
  await emu?.close();
});

describe('sync through the engine', () => {
  it('refuses bad input with InvalidInput and changes nothing', async () => {
    const bad: Array<[string, unknown]> = [
      ['sync.connect', { source: 'meta', token: 'short' }],
      ['sync.connect', { source: 'tiktok', token: 'a-long-enough-token' }],
      ['sync.run', { source: 'everything' }],
      ['sync.run', { metaUrl: 'file:///etc/passwd' }],
      ['settings.update', { metaApiVersion: '25' }],
      ['settings.update', { syncRereadDays: 40 }],
    ];
    for (const [method, input] of bad) {
      const err = await engine.client.call(method as 'sync.run', input as never).then(() => null, (e: unknown) => e);
      expect(err, method).toBeInstanceOf(AdloopError);
      expect((err as AdloopError).code, method).toBe('InvalidInput');
    }
    const status = await engine.client.call('sync.status', {});
    expect(status.sources.map((s) => [s.connected, s.lastStartedAt])).toEqual([[false, null], [false, null]]);
    const pushed = await engine.client.call('sync.push', {}).then(() => null, (e: unknown) => e);
    // Not our own session's Unauthorized, which would log a browser page out.
    expect((pushed as AdloopError).code).toBe('NotConnected');
  });

  it('syncs from the base URLs in settings, and keeps the token out of the workspace', async () => {
    await engine.client.call('settings.update', { metaBaseUrl: emu.meta.url, hubspotBaseUrl: emu.hubspot.url, syncRereadDays: 2 });
    await engine.client.call('sync.connect', { source: 'meta', token: 'meta-test-token' });
    await engine.client.call('sync.connect', { source: 'hubspot', token: 'hubspot-test-token' });
    const out = await engine.client.call('sync.run', {});
    expect(out.results.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(out.results[0]!.insightRows).toBe(emu.sim.metrics.count);
    const status = await engine.client.call('sync.status', {});
    expect(status.sources.every((s) => s.connected && !s.reconnectNeeded && s.lastSuccessAt)).toBe(true);
    await engine.close();
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(dir);
    for (const f of files) expect(fs.readFileSync(f).includes('meta-test-token'), f).toBe(false);
    engine = await startEngine({ dataDir: dir });
  });

  it("a learning cycle whose Meta pull fails says why in the step's note", async () => {
    // Tokens live in memory here, and the test before restarted the engine.
    await engine.client.call('sync.connect', { source: 'meta', token: 'meta-test-token' });
    emu.meta.inject({ kind: 'malformed', path: '/insights', times: 100 });
    try {
      const before = (await engine.client.call('learning.runs', {})).length;
      await engine.client.call('learning.run', {});
      await expect.poll(async () => (await engine.client.call('learning.runs', {})).length, { timeout: 30_000 }).toBe(before + 1);
      // A malformed reply fails the same way every time: the cycle fails at once, not after a
      // minute of retries, with one note that says why.
      await expect.poll(async () => (await engine.client.call('learning.runs', { limit: 1 }))[0]!.state, { timeout: 30_000 }).toBe('failed');
      const [run] = await engine.client.call('learning.runs', { limit: 1 });
      const step = run!.steps.find((s) => s.id === 'pull-meta')!;
      expect(step.state).toBe('failed');
      expect(step.notes).toHaveLength(1);
      expect(step.notes[0]).toMatch(/^Meta pull failed: meta replied with .{10,}/);
      const [job] = await engine.client.call('jobs.list', { kinds: ['learning.cycle'], limit: 1 });
      expect(job).toMatchObject({ id: run!.jobId, state: 'failed', attempts: 1 });
    } finally {
      emu.meta.faults.clear();
    }
  });
});
