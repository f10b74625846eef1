// "Restart now" (Settings, after a backup restore was staged): the restore is applied when the
// engine next opens, so the app has to start again. Electron's app.relaunch() only books a new
// launch for when this process exits; the quit goes through the usual before-quit shutdown
// (createShutdown), so the engine closes PGlite and releases the lock before the new instance
// opens the workspace — and takes the single-instance lock only after this one let it go.
import { HIDDEN_ARG } from './start-at-login';

/** The part of Electron's `app` a restart uses (a fake in tests). */
export interface RelaunchApp {
  relaunch(options?: { args?: string[]; execPath?: string }): void;
  quit(): void;
}

export interface RestartDeps {
  app: RelaunchApp;
  /** process.argv.slice(1): what this instance was started with. */
  args: readonly string[];
  /** The AppImage to start again on Linux (its mount disappears with this process), if any. */
  appImage?: string | undefined;
  /** True once a quit is under way (createShutdown's `quitting`). */
  quitting(): boolean;
  /** Runs the quit after the IPC reply has gone out (setImmediate in the app). */
  defer(fn: () => void): void;
  onRestart?(): void;
}

export interface RestartResult {
  restarting: boolean;
  message: string;
}

/** The handler of `app.restart`. Asking twice books one relaunch, never two instances. */
export function createRestart(deps: RestartDeps): () => Promise<RestartResult> {
  let booked = false;
  const message = 'Adloop is closing the database and will start again in a moment.';
  return async () => {
    if (booked) return { restarting: true, message };
    booked = true;
    // A launch at login started hidden in the tray; the person who clicked Restart wants the window.
    const args = deps.args.filter((a) => a !== HIDDEN_ARG);
    deps.app.relaunch(deps.appImage ? { execPath: deps.appImage, args } : { args });
    deps.onRestart?.();
    // Already quitting (Quit from the tray meanwhile): that shutdown ends the process, and the
    // booked relaunch starts the new one.
    if (!deps.quitting()) deps.defer(() => deps.app.quit());
    return { restarting: true, message };
  };
}
