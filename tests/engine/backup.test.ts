// Backup and restore on a real engine with PGlite on disk: a dump, a wipe, a restore applied at the
// next open, and the same data back (row counts and content of several tables). Bad input — not a
// backup, a missing file, a name that is a path — is refused with a typed error and changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backup, ErrorShape } from '../../contract';
import { openEngine, type Engine } from '../../workers/engine/engine';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

const TABLES = ['accounts', 'campaigns', 'ad_sets', 'ads', 'ad_daily_metrics', 'ad_lifetime_totals', 'crm_deals', 'settings'];

const open: Engine[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

async function start(dir: string): Promise<Engine> {
  const e = await openEngine({ dataDir: dir, log: memoryLogger(), emit: () => undefined });
  open.push(e);
  return e;
}
async function stop(e: Engine): Promise<void> {
  open.splice(open.indexOf(e), 1);
  await e.close();
}
async function call<T>(e: Engine, method: string, params: unknown = {}): Promise<T> {
  const res = await e.dispatch({ id: 1, method, params });
  if (!res.ok) throw Object.assign(new Error(`${method}: ${res.error.code} ${res.error.message}`), { shape: res.error });
  return res.result as T;
}
async function failure(e: Engine, method: string, params: unknown): Promise<ErrorShape> {
  const res = await e.dispatch({ id: 1, method, params });
  if (res.ok) throw new Error(`${method} succeeded`);
  return res.error;
}

/** Row count and an order-independent digest of every row, per table. */
async function fingerprint(e: Engine): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const t of TABLES) {
    const r = await e.db.query<{ rows: number; md5: string | null }>(`select count(*)::int as rows, md5(string_agg(x::text, '|' order by x::text)) as md5 from ${t} x`);
    out[t] = r.rows[0]!;
  }
  return out;
}

function backupFiles(dir: string): string[] {
  const b = path.join(dir, 'backups');
  return fs.existsSync(b) ? fs.readdirSync(b).sort() : [];
}

describe('backup and restore', () => {
  it('dump, wipe, restore: the same data comes back at the next open', async () => {
    const dir = await freshWorkspace('backup');
    let engine = await start(dir);
    await call(engine, 'demo.generate', { seed: 3, ads: 24, days: 14 });
    await call(engine, 'settings.update', { halfLifeDays: 11, fatigueAlarm: 'sensitive' });
    const before = await fingerprint(engine);
    expect(before.ads!.rows).toBe(24);
    expect(before.ad_daily_metrics!.rows).toBeGreaterThan(100);
    expect(before.crm_deals!.rows).toBeGreaterThan(0);

    const backup = await call<Backup>(engine, 'backup.create');
    expect(backup.reason).toBe('manual');
    expect(backup.bytes).toBeGreaterThan(1000);
    expect(fs.statSync(backup.path).size).toBe(backup.bytes);
    expect(path.dirname(backup.path)).toBe(path.join(dir, 'backups'));

    // The wipe: every table emptied or changed after the dump.
    await engine.db.exec(`truncate accounts cascade; truncate crm_deals cascade; delete from settings;`);
    await call(engine, 'settings.update', { halfLifeDays: 3 });
    const wiped = await fingerprint(engine);
    expect(wiped.ads!.rows).toBe(0);
    expect(wiped.crm_deals!.rows).toBe(0);

    const staged = await call<{ name: string; safetyBackup: Backup; appliesOn: string }>(engine, 'backup.restore', { name: backup.name });
    expect(staged.appliesOn).toBe('next-start');
    expect(staged.safetyBackup.reason).toBe('pre-restore');
    const listed = await call<{ backups: Backup[]; pendingRestore: { name: string } | null }>(engine, 'backup.list');
    expect(listed.pendingRestore?.name).toBe(backup.name);
    expect(listed.backups.map((b) => b.name).sort()).toEqual([backup.name, staged.safetyBackup.name].sort());
    // Staged, not applied: the running engine still sees the wiped data.
    expect(await fingerprint(engine)).toEqual(wiped);

    await stop(engine);
    engine = await start(dir);
    expect(await fingerprint(engine)).toEqual(before);
    expect(await call(engine, 'settings.get')).toMatchObject({ halfLifeDays: 11, fatigueAlarm: 'sensitive' });
    expect((await call<{ pendingRestore: unknown }>(engine, 'backup.list')).pendingRestore).toBeNull();
    expect(fs.existsSync(path.join(dir, 'pgdata.before-restore'))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'backups', 'last-restore.json'), 'utf8'))).toMatchObject({ name: backup.name, ok: true });

    // The safety backup taken before the restore brings the wiped state back the same way.
    await call(engine, 'backup.restore', { name: staged.safetyBackup.name });
    await stop(engine);
    engine = await start(dir);
    expect(await fingerprint(engine)).toEqual(wiped);
  }, 180_000);

  it('refuses what is not a backup, a missing file and a path, and changes nothing', async () => {
    const dir = await freshWorkspace('backup-bad');
    const engine = await start(dir);
    await call(engine, 'settings.update', { halfLifeDays: 9 });
    const before = await fingerprint(engine);
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups, { recursive: true });
    fs.writeFileSync(path.join(backups, 'adloop-20260101T000000000Z.tar.gz'), 'hello, not gzip');
    fs.writeFileSync(path.join(backups, 'adloop-20260102T000000000Z.tar.gz'), gzipSync(Buffer.from('a gzip file, but no database inside')));
    const files = backupFiles(dir);

    const notGzip = await failure(engine, 'backup.restore', { name: 'adloop-20260101T000000000Z.tar.gz' });
    expect(notGzip.code).toBe('InvalidInput');
    expect(notGzip.message).toMatch(/not an Adloop backup/);
    const notDb = await failure(engine, 'backup.restore', { name: 'adloop-20260102T000000000Z.tar.gz' });
    expect(notDb.code).toBe('InvalidInput');
    expect(notDb.message).toMatch(/not an Adloop backup|not an Adloop workspace/);
    const missing = await failure(engine, 'backup.restore', { name: 'adloop-20260103T000000000Z.tar.gz' });
    expect(missing.code).toBe('NotFound');
    const traversal = await failure(engine, 'backup.restore', { name: '../pgdata/PG_VERSION' });
    expect(traversal.code).toBe('InvalidInput');
    expect(traversal.issues?.[0]?.path).toBe('name');

    // No safety backup, no staged restore, the same data.
    expect(backupFiles(dir)).toEqual(files);
    expect((await call<{ pendingRestore: unknown }>(engine, 'backup.list')).pendingRestore).toBeNull();
    expect(await fingerprint(engine)).toEqual(before);
  }, 120_000);

  it('keeps the current data when a staged backup cannot be loaded at the next open', async () => {
    const dir = await freshWorkspace('backup-rollback');
    let engine = await start(dir);
    await call(engine, 'settings.update', { halfLifeDays: 13 });
    const backup = await call<Backup>(engine, 'backup.create');
    await call(engine, 'settings.update', { halfLifeDays: 5 });
    await call(engine, 'backup.restore', { name: backup.name });
    const before = await fingerprint(engine);
    await stop(engine);
    // The file is damaged between staging and the restart (a truncated copy, a disk error).
    const bytes = fs.readFileSync(backup.path);
    fs.writeFileSync(backup.path, bytes.subarray(0, Math.floor(bytes.length / 3)));

    engine = await start(dir);
    expect(await fingerprint(engine)).toEqual(before);
    expect((await call<{ halfLifeDays: number }>(engine, 'settings.get')).halfLifeDays).toBe(5);
    expect((await call<{ pendingRestore: unknown }>(engine, 'backup.list')).pendingRestore).toBeNull();
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'backups', 'last-restore.json'), 'utf8'))).toMatchObject({ name: backup.name, ok: false });
  }, 120_000);
});
