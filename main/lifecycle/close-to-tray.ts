// Closing the window keeps Adloop running in the tray (scheduled scans keep their clock), unless
// the user quits or turned that off.

export type CloseDecision = 'hide' | 'close';

export function decideWindowClose(opts: { quitting: boolean; closeToTray: boolean; trayAvailable: boolean }): CloseDecision {
  if (opts.quitting) return 'close';
  return opts.closeToTray && opts.trayAvailable ? 'hide' : 'close';
}

/** `window-all-closed`: with a tray the app lives on; without one (or when quitting) it quits. */
export function quitWhenAllClosed(opts: { quitting: boolean; trayAvailable: boolean; platform: NodeJS.Platform }): boolean {
  if (opts.quitting) return true;
  if (opts.trayAvailable) return false;
  return opts.platform !== 'darwin';
}
