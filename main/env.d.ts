// electron-vite's import suffixes (`?modulePath`, `?asset`) for main-process code.
/// <reference types="electron-vite/node" />

interface ImportMetaEnv {
  /** Sentry DSN from the build environment (electron-vite exposes MAIN_VITE_* to main). Unset: no crash reports. */
  readonly MAIN_VITE_SENTRY_DSN?: string;
}
