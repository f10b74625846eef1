// The electron-updater adapter. Loaded lazily: the package throws when imported outside Electron,
// and a development run (not packaged) has no app-update.yml to read.
import type { Updater, UpdaterEvent } from './updater';

export async function loadElectronUpdater(log: { info(msg: string, f?: Record<string, unknown>): void }): Promise<Updater> {
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.autoDownload = false; // the scheduler downloads on 'available', one place decides
  autoUpdater.logger = { info: (m: unknown) => log.info('updater', { message: String(m) }), warn: () => undefined, error: () => undefined, debug: () => undefined };
  const listeners = new Set<(e: UpdaterEvent) => void>();
  const emit = (e: UpdaterEvent) => listeners.forEach((l) => l(e));
  autoUpdater.on('checking-for-update', () => emit({ type: 'checking' }));
  autoUpdater.on('update-available', (i) => emit({ type: 'available', version: i.version }));
  autoUpdater.on('update-not-available', (i) => emit({ type: 'not-available', version: i.version }));
  autoUpdater.on('download-progress', (p) => emit({ type: 'progress', percent: p.percent, transferred: p.transferred, total: p.total, bytesPerSecond: p.bytesPerSecond }));
  autoUpdater.on('update-downloaded', (i) => emit({ type: 'downloaded', version: i.version }));
  autoUpdater.on('error', (e) => emit({ type: 'error', message: e?.message ?? String(e) }));
  return {
    setChannel(channel) {
      autoUpdater.allowPrerelease = channel === 'beta';
      autoUpdater.channel = channel === 'beta' ? 'beta' : 'latest';
      autoUpdater.allowDowngrade = false;
    },
    setInstallOnQuit(enabled) {
      autoUpdater.autoInstallOnAppQuit = enabled;
    },
    async check() {
      await autoUpdater.checkForUpdates();
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    on(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
