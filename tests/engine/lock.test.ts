import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHandle } from '../../workers';
import { workspaceLayout } from '../../workers/engine/layout';
import { acquireLock, processStartTime, type LockInfo } from '../../workers/engine/lock';
import { exited, spawnTs } from '../helpers/child';
import { emptyDir, freshWorkspace } from '../helpers/workspace';

const children: Array<ReturnType<typeof spawnTs>> = [];
const engines: EngineHandle[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const e of engines.splice(0)) await e.close();
});

function writeLock(file: string, info: Partial<LockInfo>) {
  fs.writeFileSync(file, JSON.stringify({ hostname: os.hostname(), nonce: 'old', acquiredAt: 'earlier', ...info }));
}

describe('workspace lock', () => {
  it('refuses a second opener while another live process holds it, naming its pid', async () => {
    const file = path.join(emptyDir('lock'), 'adloop.lock');
    const child = spawnTs('tests/engine/fixtures/hold-lock.mts', [file]);
    children.push(child);
    await child.waitFor(/locked/);
    let err: unknown;
    try {
      acquireLock(file);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'DatabaseLocked', details: { pid: child.pid } });
    expect((err as Error).message).toContain(`pid ${child.pid}`);
    // The refused opener did not disturb the owner's lock.
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(child.pid);
  });

  it('takes over the lock of a process that was killed', async () => {
    const file = path.join(emptyDir('lock'), 'adloop.lock');
    const child = spawnTs('tests/engine/fixtures/hold-lock.mts', [file]);
    await child.waitFor(/locked/);
    child.kill('SIGKILL');
    await exited(child);
    const held = acquireLock(file);
    expect(held.info.pid).toBe(process.pid);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).nonce).toBe(held.info.nonce);
    held.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('treats a live pid with another start time as reused (stale), and a dead pid as stale', () => {
    const dir = emptyDir('lock');
    const file = path.join(dir, 'adloop.lock');
    writeLock(file, { pid: process.pid, startedAt: processStartTime() - 3_600_000 });
    const a = acquireLock(file);
    a.release();
    writeLock(file, { pid: 2 ** 22 - 3, startedAt: Date.now() });
    const b = acquireLock(file);
    b.release();
    // An unreadable lock file old enough to be abandoned is stale too.
    fs.writeFileSync(file, '');
    fs.utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireLock(file).release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('release never removes a lock that someone else now holds', () => {
    const file = path.join(emptyDir('lock'), 'adloop.lock');
    const mine = acquireLock(file);
    writeLock(file, { pid: process.pid, startedAt: processStartTime(), nonce: 'someone-else' });
    mine.release();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).nonce).toBe('someone-else');
  });

  it('a second engine on the same folder gets DatabaseLocked and the first keeps working', async () => {
    const dir = await freshWorkspace('engine-lock');
    const first = await startEngine({ dataDir: dir });
    engines.push(first);
    await expect(startEngine({ dataDir: dir })).rejects.toMatchObject({ code: 'DatabaseLocked', details: { pid: process.pid } });
    await expect(first.client.call('settings.update', { halfLifeDays: 5 })).resolves.toMatchObject({ halfLifeDays: 5 });
    await first.close();
    engines.length = 0;
    expect(fs.existsSync(workspaceLayout(dir).lockFile)).toBe(false);
    const again = await startEngine({ dataDir: dir });
    engines.push(again);
    await expect(again.client.call('settings.get', {})).resolves.toMatchObject({ halfLifeDays: 5 });
  });
});
