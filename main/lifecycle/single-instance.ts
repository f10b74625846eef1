// One Adloop per user: the engine owns the workspace folder, and two openers of one PGlite
// folder corrupt it. A second launch hands over to the first, which comes to the front.

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** The window facade focusing needs (a hidden-to-tray window must come back too). */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  isVisible(): boolean;
  show(): void;
  focus(): void;
}

/**
 * Returns true when this process is the one instance. Otherwise it quits, and the first
 * instance's `second-instance` handler brings its window forward (or opens one).
 */
export function claimSingleInstance(app: SingleInstanceApp, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', onSecondLaunch);
  return true;
}

export function bringToFront(win: FocusableWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}
