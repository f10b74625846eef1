// The tray icon for each state (resources/tray/*.png, drawn by resources/tray/make-icons.py).
// Electron picks the @2x file next to the named one on high-density screens.
import path from 'node:path';
import type { TrayStatus } from './state';

export function trayIconFile(status: TrayStatus, resourcesDir: string): string {
  return path.join(resourcesDir, 'tray', `${status}.png`);
}
