// The preload's part of crash reports: @sentry/electron's IPC bridge (window.__SENTRY_IPC__), which
// carries the renderer's reports to the main process's Sentry, where the scrubber runs again before
// anything is sent. It is exposed only when main passed CRASH_REPORTS_ARG to this window, i.e. the
// user opted in and main's Sentry is running; otherwise the page has no way to report at all.
import { CRASH_REPORTS_ARG } from '../contract';

export function crashReportsConsented(argv: readonly string[]): boolean {
  return argv.includes(CRASH_REPORTS_ARG);
}

/** Hooks up the bridge when consented; returns whether it did. `hookup` is Sentry's hookupIpc. */
export function startPreloadCrashReports(argv: readonly string[], hookup: () => void): boolean {
  if (!crashReportsConsented(argv)) return false;
  hookup();
  return true;
}
