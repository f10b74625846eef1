// Crash reports are off until the user opts in (the crashReports setting, asked once at first run).
// @sentry/electron is loaded only then: without consent it is never even imported.
import type { EngineFacade } from '../engine-facade';
import { CRASH_REPORTS_ARG, scrubbingOptions, type ScrubbingOptions } from '../../contract';

export interface SentryOptions extends ScrubbingOptions {
  dsn: string;
  release: string;
  environment: string;
}

export interface SentryLike {
  init(options: SentryOptions): void;
  close(): Promise<unknown>;
}

export type CrashReportState = 'off' | 'on' | 'no-dsn';

export function sentryOptions(dsn: string, release: string, environment: string): SentryOptions {
  return { dsn, release, environment, ...scrubbingOptions() };
}

/**
 * Follows the crashReports setting: reads it at start and whenever settings change, and starts or
 * closes Sentry to match. `dsn` comes from the build (MAIN_VITE_SENTRY_DSN); without one nothing
 * is ever sent, whatever the setting says.
 */
export function followCrashReportConsent(opts: {
  engine: EngineFacade;
  dsn: string | undefined;
  release: string;
  environment: string;
  load: () => Promise<SentryLike>;
  onError(e: unknown): void;
}) {
  let state: CrashReportState = 'off';
  let sentry: SentryLike | null = null;
  let queue = Promise.resolve();

  const apply = () =>
    (queue = queue.then(async () => {
      try {
        const { crashReports } = await opts.engine.call('settings.get', {});
        if (!opts.dsn) {
          state = 'no-dsn';
          return;
        }
        if (crashReports && state !== 'on') {
          sentry ??= await opts.load();
          sentry.init(sentryOptions(opts.dsn, opts.release, opts.environment));
          state = 'on';
        } else if (!crashReports && state === 'on') {
          await sentry?.close();
          state = 'off';
        }
      } catch (e) {
        opts.onError(e);
      }
    }));

  const stop = opts.engine.onEvent((e) => {
    if (e.event === 'workspace.changed' && (e.payload as { reason?: unknown })?.reason === 'settings') void apply();
  });
  return {
    ready: apply(),
    get state() {
      return state;
    },
    /** Resolves when the latest settings change has been applied. */
    settled: () => queue,
    stop,
  };
}

/**
 * The window's preload exposes the renderer's crash-report bridge only when told to, and main tells
 * it only when its own Sentry is running (consent and a DSN): a window opened before consent gets
 * it from the next window on.
 */
export function preloadArguments(state: CrashReportState): string[] {
  return state === 'on' ? [CRASH_REPORTS_ARG] : [];
}
