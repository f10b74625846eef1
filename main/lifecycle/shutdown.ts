// Quitting in the right order: background work (tray timers, updater, power hooks) stops, the IPC
// router stops taking calls, then the engine finishes running calls, closes the database and
// releases the lock — and only then does the app really quit.

export interface ShutdownSteps {
  /** Timers, listeners and the power-save blocker: nothing may start new engine work. */
  stopBackground(): void;
  stopRouter(): void;
  closeEngine(): Promise<void>;
  /** app.quit(): the second `before-quit` passes through. */
  quit(): void;
  onError(error: unknown): void;
}

export interface QuitEvent {
  preventDefault(): void;
}

/** The `before-quit` handler. */
export function createShutdown(steps: ShutdownSteps): { onBeforeQuit(event: QuitEvent): void; readonly done: boolean; readonly quitting: boolean } {
  let quitting = false;
  let done = false;
  return {
    get done() {
      return done;
    },
    get quitting() {
      return quitting;
    },
    onBeforeQuit(event) {
      if (done) return;
      event.preventDefault();
      if (quitting) return; // a second Quit click while the database closes
      quitting = true;
      void (async () => {
        try {
          steps.stopBackground();
          steps.stopRouter();
          await steps.closeEngine();
        } catch (e) {
          // A failed close must not hold the quit forever; the lock file names a dead pid anyway.
          steps.onError(e);
        } finally {
          done = true;
          steps.quit();
        }
      })();
    },
  };
}
