// Handlers of the backup area: create and list PGlite dumps, and stage a validated restore for the
// next start (see backup-files.ts for why it is not done in place).
import type { backupMethods } from '../../../contract';
import type { AreaDeps, AreaHandlers } from './types';
import { backupDir, createBackup, listBackups, readBackupFile, readPending, validateBackup, writePending } from './backup-files';

export function backupArea(deps: AreaDeps): AreaHandlers<typeof backupMethods> {
  const root = deps.dataDir;
  return {
    'backup.create': async () => {
      const b = await deps.log.time('backup created', {}, () => createBackup(deps.db, root, 'manual'));
      return deps.changed('backup', b);
    },
    'backup.list': async () => ({ folder: backupDir(root), backups: listBackups(root), pendingRestore: readPending(root) }),
    'backup.restore': async (input) => {
      // Every check before anything is written: a bad file leaves the workspace as it was.
      const bytes = readBackupFile(root, input.name);
      await validateBackup(bytes, input.name, deps.db);
      const safetyBackup = await createBackup(deps.db, root, 'pre-restore');
      const pending = { name: input.name, stagedAt: new Date().toISOString() };
      writePending(root, pending);
      deps.log.info('restore staged for the next start', { name: input.name, safetyBackup: safetyBackup.name });
      return deps.changed('backup', { ...pending, safetyBackup, appliesOn: 'next-start' as const });
    },
    'backup.cancelRestore': async () => {
      const had = readPending(root) !== null;
      writePending(root, null);
      return deps.changed('backup', { cancelled: had });
    },
  };
}
