// Forward-only, numbered plain-SQL migrations. Each pending file runs in its own transaction
// with its record, so a crash leaves either the whole file applied or none of it. An applied
// file whose text changed is refused: the schema on disk would no longer be what the file says.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdloopError } from '../../contract';
import type { Database } from './db';

export interface MigrationFile {
  id: string; // file name, e.g. "0001_workspace.sql"
  number: number;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  id: string;
  checksum: string;
  appliedAt: string;
}

const FILE_RE = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function defaultMigrationsDir(): string {
  return process.env.ADLOOP_MIGRATIONS_DIR ?? fileURLToPath(new URL('../../migrations/', import.meta.url));
}

export function checksum(sql: string): string {
  // Line endings are normalised so a checkout with CRLF does not look "edited".
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export function readMigrations(dir: string): MigrationFile[] {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith('.sql')).sort();
  const seen = new Map<number, string>();
  return names.map((id) => {
    const m = FILE_RE.exec(id);
    if (!m) throw new AdloopError('MigrationFailed', `Migration file name ${id} must look like 0001_name.sql`);
    const number = Number(m[1]);
    const clash = seen.get(number);
    if (clash) throw new AdloopError('MigrationFailed', `Migrations ${clash} and ${id} share the number ${m[1]}`);
    seen.set(number, id);
    const sql = fs.readFileSync(path.join(dir, id), 'utf8');
    return { id, number, sql, checksum: checksum(sql) };
  });
}

export async function appliedMigrations(db: Database): Promise<AppliedMigration[]> {
  await db.exec(`create table if not exists schema_migrations (
    id text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
  const res = await db.query<{ id: string; checksum: string; applied_at: Date }>(
    'select id, checksum, applied_at from schema_migrations order by id',
  );
  return res.rows.map((r) => ({ id: r.id, checksum: r.checksum, appliedAt: new Date(r.applied_at).toISOString() }));
}

/** Apply every pending migration in order; returns the full list of applied migrations. */
export async function migrate(db: Database, dir = defaultMigrationsDir()): Promise<{ applied: AppliedMigration[]; ran: string[] }> {
  const files = readMigrations(dir);
  const applied = await appliedMigrations(db);
  const byId = new Map(files.map((f) => [f.id, f]));

  for (const a of applied) {
    const file = byId.get(a.id);
    if (!file) {
      throw new AdloopError(
        'MigrationFailed',
        `The database has migration ${a.id}, which this version of Adloop does not know. It was opened by a newer Adloop; update the app.`,
        { details: { migration: a.id } },
      );
    }
    if (file.checksum !== a.checksum) {
      throw new AdloopError(
        'MigrationChecksumMismatch',
        `Migration ${a.id} was changed after it was applied (checksum ${a.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Applied migrations are never edited; add a new numbered file instead.`,
        { details: { migration: a.id } },
      );
    }
  }

  const done = new Set(applied.map((a) => a.id));
  const ran: string[] = [];
  for (const file of files) {
    if (done.has(file.id)) continue;
    const appliedIds = [...done].sort();
    const last = appliedIds[appliedIds.length - 1];
    if (last && file.id < last) {
      throw new AdloopError('MigrationFailed', `Migration ${file.id} sorts before already-applied ${last}; renumber it after ${last}.`);
    }
    try {
      await db.transaction(async (tx) => {
        await tx.exec(file.sql);
        await tx.query('insert into schema_migrations (id, checksum) values ($1, $2)', [file.id, file.checksum]);
      });
    } catch (e) {
      throw new AdloopError('MigrationFailed', `Migration ${file.id} failed and was rolled back: ${(e as Error).message}`, {
        details: { migration: file.id },
      });
    }
    done.add(file.id);
    ran.push(file.id);
  }
  return { applied: await appliedMigrations(db), ran };
}
