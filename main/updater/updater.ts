// Auto-update behind a small interface: electron-updater throws when imported outside Electron,
// so the logic (state machine, schedule) is tested against a fake and the adapter stays thin.

export type UpdateChannel = 'stable' | 'beta';

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  | { type: 'not-available'; version?: string }
  | { type: 'progress'; percent: number; transferred: number; total: number; bytesPerSecond: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

export interface Updater {
  /** beta → prereleases allowed (GitHub) / the "beta" channel file (generic feed). */
  setChannel(channel: UpdateChannel): void;
  /** Install a downloaded update when the app quits (electron-updater's autoInstallOnAppQuit). */
  setInstallOnQuit(enabled: boolean): void;
  check(): Promise<void>;
  download(): Promise<void>;
  on(listener: (e: UpdaterEvent) => void): () => void;
}
