// Backups on disk: PGlite's dump of the data folder (gzip tarball) in <workspace>/backups, the
// check that a file really is one of ours, and the restore that waits for the next open.
//
// Why a restore is staged rather than done in place: every area holds the open database, jobs and
// schedulers may be mid-transaction, and PGlite cannot load a dump into an open data folder. So
// backup.restore only validates and writes a marker; openEngine applies it before it opens the
// database, with the current data kept aside until the restored copy has opened.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { AdloopError, type Backup } from '../../../contract';
import type { Logger } from '../../log';
import { openDatabase, type Database } from '../db';
import type { WorkspaceLayout } from '../layout';

export const PENDING_FILE = 'restore-pending.json';
const NAME_RE = /^adloop-[0-9TZ-]{15,40}(-[a-z-]{1,32})?\.tar\.gz$/;
const GZIP_MAGIC = [0x1f, 0x8b];

export function backupDir(root: string): string {
  return path.join(root, 'backups');
}

/** A sortable, collision-resistant stamp: 20261126T041500123Z. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

function describe(dir: string, name: string): Backup {
  const st = fs.statSync(path.join(dir, name));
  return { name, path: path.join(dir, name), bytes: st.size, createdAt: st.mtime.toISOString(), reason: name.endsWith('-pre-restore.tar.gz') ? 'pre-restore' : 'manual' };
}

export async function createBackup(db: Database, root: string, reason: Backup['reason'], now = new Date()): Promise<Backup> {
  const dir = backupDir(root);
  fs.mkdirSync(dir, { recursive: true });
  // A checkpoint first, so the dump needs no WAL replay to be consistent when it is loaded.
  await db.exec('checkpoint');
  const blob = await db.dumpDataDir('gzip');
  const name = `adloop-${stamp(now)}${reason === 'pre-restore' ? '-pre-restore' : ''}.tar.gz`;
  const partial = path.join(dir, `.${name}.partial`);
  // Written aside and renamed: a crash mid-write never leaves a truncated file that looks finished.
  fs.writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
  fs.renameSync(partial, path.join(dir, name));
  return describe(dir, name);
}

export function listBackups(root: string): Backup[] {
  const dir = backupDir(root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => NAME_RE.test(n))
    .sort()
    .reverse()
    .map((n) => describe(dir, n));
}

export interface PendingRestore {
  name: string;
  stagedAt: string;
}

export function readPending(root: string): PendingRestore | null {
  const file = path.join(backupDir(root), PENDING_FILE);
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<PendingRestore>;
    return typeof v.name === 'string' && NAME_RE.test(v.name) && typeof v.stagedAt === 'string' ? { name: v.name, stagedAt: v.stagedAt } : null;
  } catch {
    return null;
  }
}

export function writePending(root: string, pending: PendingRestore | null): void {
  const file = path.join(backupDir(root), PENDING_FILE);
  if (!pending) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.writeFileSync(`${file}.partial`, JSON.stringify(pending));
  fs.renameSync(`${file}.partial`, file);
}

/** The backup's bytes, or a typed error: a name outside the folder, a missing file, not gzip. */
export function readBackupFile(root: string, name: string): Buffer {
  if (!NAME_RE.test(name)) throw new AdloopError('InvalidInput', `"${name}" is not a backup name.`, { issues: [{ path: 'name', message: 'expected a name from backup.list' }] });
  const file = path.join(backupDir(root), name);
  if (!fs.existsSync(file)) throw new AdloopError('NotFound', `There is no backup named ${name} in ${backupDir(root)}.`, { details: { name } });
  const bytes = fs.readFileSync(file);
  if (bytes.length < 2 || bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) {
    throw new AdloopError('InvalidInput', `${name} is not an Adloop backup (not a gzip file).`, { details: { name } });
  }
  // Unpacked here first: PGlite's own loader reports a damaged stream as an unhandled rejection
  // instead of a failed open, so a truncated file must be caught before it gets there.
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch (e) {
    throw new AdloopError('InvalidInput', `${name} is damaged (${(e as Error).message}); it cannot be restored.`, { details: { name } });
  }
  if (!tarHasEntry(tar, 'PG_VERSION')) throw new AdloopError('InvalidInput', `${name} is not an Adloop backup (no database folder inside).`, { details: { name } });
  return bytes;
}

/** Walks ustar headers (512-byte blocks) looking for a file whose name ends with `/leaf`. */
function tarHasEntry(tar: Buffer, leaf: string): boolean {
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return false;
    const name = header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('latin1').replace(/\0.*$/s, '');
    const full = prefix ? `${prefix}/${name}` : name;
    if (full === leaf || full.endsWith(`/${leaf}`)) return true;
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) return false;
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return false;
}

/**
 * Loads the backup into a throwaway in-memory database and compares its migrations with the ones
 * this workspace has applied: the restored data must open with this version of the app (an
 * unknown or edited migration would be refused at the next start, after the data was replaced).
 */
export async function validateBackup(bytes: Buffer, name: string, current: Database): Promise<void> {
  let probe: Database | null = null;
  try {
    try {
      probe = await openDatabase({ loadDataDir: new Blob([new Uint8Array(bytes)]) });
    } catch (e) {
      throw new AdloopError('InvalidInput', `${name} is not an Adloop backup: it does not load as a database (${(e as Error).message}).`, { details: { name } });
    }
    const theirs = await probe
      .query<{ id: string; checksum: string }>('select id, checksum from schema_migrations')
      .then((r) => r.rows)
      .catch(() => {
        throw new AdloopError('InvalidInput', `${name} is a database but not an Adloop workspace (no schema_migrations table).`, { details: { name } });
      });
    const ours = new Map((await current.query<{ id: string; checksum: string }>('select id, checksum from schema_migrations')).rows.map((r) => [r.id, r.checksum]));
    for (const m of theirs) {
      if (!ours.has(m.id)) throw new AdloopError('InvalidInput', `${name} was made by a newer Adloop (migration ${m.id} is unknown here); update the app first.`, { details: { name, migration: m.id } });
      if (ours.get(m.id) !== m.checksum) throw new AdloopError('InvalidInput', `${name} has a different migration ${m.id} than this app; it cannot be restored here.`, { details: { name, migration: m.id } });
    }
  } finally {
    await probe?.close().catch(() => undefined);
  }
}

/**
 * Called by openEngine with the lock held and before the database is opened: replaces pgdata with
 * the staged backup. The current folder is moved to pgdata.before-restore and removed only after
 * the restored copy opened; if loading fails it is put back and the marker is dropped (the
 * failure is logged and left in backups/last-restore.json). Returns the opened database, or null
 * when nothing was staged. An interrupted earlier attempt (pgdata.before-restore still present)
 * is redone from the start.
 */
export async function applyPendingRestore(layout: WorkspaceLayout, log: Logger): Promise<Database | null> {
  const pending = readPending(layout.root);
  if (!pending) return null;
  const aside = `${layout.pgdata}.before-restore`;
  const outcome = (o: Record<string, unknown>) => fs.writeFileSync(path.join(backupDir(layout.root), 'last-restore.json'), JSON.stringify({ ...pending, at: new Date().toISOString(), ...o }));
  let bytes: Buffer;
  try {
    bytes = readBackupFile(layout.root, pending.name);
  } catch (e) {
    log.error('staged restore skipped', { name: pending.name, error: String(e) });
    outcome({ ok: false, error: (e as Error).message });
    writePending(layout.root, null);
    return null;
  }
  if (fs.existsSync(aside)) fs.rmSync(layout.pgdata, { recursive: true, force: true });
  else if (fs.existsSync(layout.pgdata)) fs.renameSync(layout.pgdata, aside);
  let db: Database | null = null;
  try {
    db = await openDatabase({ dataDir: layout.pgdata, loadDataDir: new Blob([new Uint8Array(bytes)]) });
    await db.query('select count(*) from schema_migrations');
  } catch (e) {
    await db?.close().catch(() => undefined);
    fs.rmSync(layout.pgdata, { recursive: true, force: true });
    if (fs.existsSync(aside)) fs.renameSync(aside, layout.pgdata);
    writePending(layout.root, null);
    log.error('staged restore failed; the previous data was kept', { name: pending.name, error: String(e) });
    outcome({ ok: false, error: (e as Error).message });
    return null;
  }
  writePending(layout.root, null);
  fs.rmSync(aside, { recursive: true, force: true });
  outcome({ ok: true });
  log.info('backup restored', { name: pending.name });
  return db;
}
