// Test workspaces without paying initdb (~3–6 s) per test: one migrated template per schema
// version is built once (cached in the OS temp folder, keyed by the migrations' checksums) and
// copied for each test.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { defaultMigrationsDir, migrate, readMigrations } from '../../workers/engine/migrate';

function schemaKey(): string {
  const h = createHash('sha256');
  for (const m of readMigrations(defaultMigrationsDir())) h.update(m.id + m.checksum);
  return h.digest('hex').slice(0, 16);
}

export async function templateWorkspace(opts: { bare?: boolean } = {}): Promise<string> {
  const dir = path.join(os.tmpdir(), opts.bare ? 'adloop-template-bare' : `adloop-template-${schemaKey()}`);
  if (fs.existsSync(path.join(dir, 'ready'))) return dir;
  const building = `${dir}.build-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const db = await openDatabase({ dataDir: workspaceLayout(building).pgdata });
  if (!opts.bare) await migrate(db);
  await db.close();
  fs.writeFileSync(path.join(building, 'ready'), '');
  try {
    fs.renameSync(building, dir);
  } catch {
    // Another test process finished first; use theirs.
    fs.rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** A fresh workspace folder of its own: migrated, or with `bare` an initialised empty database. */
export async function freshWorkspace(label = 'ws', opts: { bare?: boolean } = {}): Promise<string> {
  const template = await templateWorkspace(opts);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `adloop-${label}-`));
  fs.cpSync(path.join(template, 'pgdata'), workspaceLayout(dir).pgdata, { recursive: true });
  return dir;
}

/** An empty folder (no database yet). */
export function emptyDir(label = 'dir'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `adloop-${label}-`));
}
