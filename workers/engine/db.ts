// Opening PGlite with pgvector. Only the engine thread calls this (DESIGN.md "One database
// owner"); the lock in lock.ts must be held first for an on-disk folder.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';

export type Database = PGlite;

export interface OpenDatabaseOptions {
  /** PGlite data folder; undefined for an in-memory database (tests, benchmarks). */
  dataDir?: string;
  /** A tarball from `dumpDataDir()`: tests copy one template instead of running initdb each time. */
  loadDataDir?: Blob | File;
}

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const options: ConstructorParameters<typeof PGlite>[0] = { extensions: { vector } };
  if (opts.dataDir) {
    // PGlite creates only the last folder of the path.
    fs.mkdirSync(opts.dataDir, { recursive: true });
    options.dataDir = opts.dataDir;
  }
  if (opts.loadDataDir) options.loadDataDir = opts.loadDataDir;
  return PGlite.create(options);
}
