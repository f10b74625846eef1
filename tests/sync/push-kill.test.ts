// SIGKILL `adloop push` (engine and all) in the middle of pushing 50 approved changes, run it
// again until it finishes: every change is applied, and Meta (the emulator, which counts writes)
// saw exactly one write per change.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { approve, propose } from '../../workers/engine/services/approvals';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
let emu: Emulators;
let dir: string;
const env = { ADLOOP_SECRET_STORE: 'memory', ADLOOP_META_TOKEN: 'meta-test-token', ADLOOP_HUBSPOT_TOKEN: 'hubspot-test-token' };

function adloop(args: string[], killWhen?: () => boolean) {
  const child = spawn(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  if (killWhen) {
    timer = setInterval(() => {
      if (killWhen()) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 1);
  }
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

beforeAll(async () => {
  emu = await startEmulators({ seed: 9, ads: 80, days: 7, endDay: yesterday(), meta: { writeDelayMs: 40 } });
  dir = await freshWorkspace('push-kill');
  const synced = await adloop(['sync', '--db', dir, '--source', 'meta', '--meta-url', emu.meta.url, '--json']);
  expect(synced.code, synced.stderr).toBe(0);
});
afterAll(async () => emu?.close());


describe('push survives SIGKILL', () => {
  it('applies 50 approved changes exactly once across a kill and a restart', async () => {
    const ads = emu.sim.ads.slice(0, 50);
    const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    const ids: number[] = [];
    for (const ad of ads) {
      const { change } = await propose(db, { accountId: ad.accountId, targetType: 'ad', targetId: ad.id, changeType: 'pause', origin: 'user', reason: 'kill test', idempotencyKey: `kill-${ad.id}` });
      ids.push(change.id);
    }
    expect((await approve(db, { ids })).refused).toEqual([]);
    await db.close();

    const killed = await adloop(['push', '--db', dir, '--meta-url', emu.meta.url, '--json'], () => emu.meta.writes.length >= 12);
    expect(killed.signal).toBe('SIGKILL');
    const atKill = emu.meta.writes.length;
    expect(atKill).toBeGreaterThanOrEqual(12);
    expect(atKill).toBeLessThan(50);

    let finished = await adloop(['push', '--db', dir, '--meta-url', emu.meta.url, '--json']);
    if (finished.code !== 0) finished = await adloop(['push', '--db', dir, '--meta-url', emu.meta.url, '--json']);
    expect(finished.code, finished.stdout + finished.stderr).toBe(0);

    for (const ad of ads) expect(emu.meta.writes.filter((w) => w.id === ad.id), ad.id).toHaveLength(1);
    expect(emu.meta.writes).toHaveLength(50);
    const check = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    try {
      const states = await check.query<{ state: string; n: number }>('select state, count(*)::int n from approval_queue group by state');
      expect(states.rows).toEqual([{ state: 'applied', n: 50 }]);
      const paused = await check.query<{ n: number }>(`select count(*)::int n from ads where status = 'PAUSED'`);
      expect(paused.rows[0]!.n).toBe(50);
    } finally {
      await check.close();
    }
  }, 300_000); // several engine starts (a fresh process each) on a shared 2-core machine
});
