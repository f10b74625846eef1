// Engine methods of database backups: a backup is PGlite's own dump of the data folder (a gzip
// tarball) in <workspace>/backups. A restore is validated at once and applied when the engine next
// opens the workspace (before anything else touches the database), so no open connection, running
// job or scheduler ever sees the files change under it.
import { z } from 'zod';
import { defineMethod } from './define';
import { empty } from './common';

/** A backup's file name inside <workspace>/backups: a name, never a path. */
export const backupName = z
  .string()
  .regex(/^adloop-[0-9TZ-]{15,40}(-[a-z-]{1,32})?\.tar\.gz$/, 'expected a backup file name such as "adloop-20261126T041500Z.tar.gz" (from backup.list)');

export const backupSchema = z
  .object({
    name: z.string(),
    path: z.string(),
    bytes: z.number().int().nonnegative(),
    createdAt: z.string(),
    /** Why it was made: by hand, or automatically before a restore replaced the data. */
    reason: z.enum(['manual', 'pre-restore']),
  })
  .strict();
export type Backup = z.infer<typeof backupSchema>;

export const pendingRestoreSchema = z.object({ name: z.string(), stagedAt: z.string() }).strict();

export const backupMethods = {
  'backup.create': defineMethod({
    summary: 'Write a backup of the whole database (a PGlite dump, gzip tarball) into <workspace>/backups.',
    mutates: true,
    input: empty,
    output: backupSchema,
  }),
  'backup.list': defineMethod({
    summary: 'Backups in <workspace>/backups, newest first, and the restore waiting for the next start (if any).',
    mutates: false,
    input: empty,
    output: z.object({ folder: z.string(), backups: z.array(backupSchema), pendingRestore: pendingRestoreSchema.nullable() }).strict(),
  }),
  'backup.restore': defineMethod({
    summary:
      'Check a backup (it must load as a database with this app’s migrations table), back up the current data, and replace the database with it when the engine next starts. Nothing changes if the check fails.',
    mutates: true,
    input: z.object({ name: backupName }).strict(),
    output: z.object({ name: z.string(), stagedAt: z.string(), safetyBackup: backupSchema, appliesOn: z.literal('next-start') }).strict(),
  }),
  'backup.cancelRestore': defineMethod({
    summary: 'Forget a restore that waits for the next start.',
    mutates: true,
    input: empty,
    output: z.object({ cancelled: z.boolean() }).strict(),
  }),
} as const;
