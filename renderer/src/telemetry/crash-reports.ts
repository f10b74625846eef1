// The renderer's crash reports: off until the user opts in (the crashReports setting) AND the
// preload has exposed Sentry's IPC bridge (it does so only when main's Sentry runs with a DSN from
// the build). @sentry/electron/renderer is imported only then; in a browser (`adloop serve`) there
// is no bridge and nothing is ever loaded. Events are scrubbed here with the same scrubber as main
// (contract/crash-scrub.ts) and again in main before they leave the machine.
import { scrubbingOptions, type ScrubbingOptions } from '../../../contract';

export type RendererSentryOptions = ScrubbingOptions;

export interface RendererSentry {
  init(options: RendererSentryOptions): void;
  close(): Promise<unknown>;
}

export type RendererCrashState = 'off' | 'on' | 'no-bridge';

export function rendererSentryOptions(): RendererSentryOptions {
  return scrubbingOptions();
}

/** True when the preload exposed @sentry/electron's bridge (default namespace). */
export function hasSentryBridge(win: { __SENTRY_IPC__?: unknown }): boolean {
  const ipc = win.__SENTRY_IPC__ as Record<string, unknown> | undefined;
  return !!ipc && typeof ipc === 'object' && 'sentry-ipc' in ipc;
}

/**
 * Follows the crashReports setting: read at start and after every settings change; starts Sentry
 * on consent, closes it when consent is withdrawn.
 */
export function followRendererConsent(opts: {
  bridge: boolean;
  readConsent: () => Promise<boolean>;
  onSettingsChanged: (listener: () => void) => () => void;
  load: () => Promise<RendererSentry>;
  onError: (e: unknown) => void;
}) {
  let state: RendererCrashState = opts.bridge ? 'off' : 'no-bridge';
  let sentry: RendererSentry | null = null;
  let queue = Promise.resolve();
  const apply = () =>
    (queue = queue.then(async () => {
      if (!opts.bridge) return;
      try {
        const consent = await opts.readConsent();
        if (consent && state !== 'on') {
          sentry ??= await opts.load();
          sentry.init(rendererSentryOptions());
          state = 'on';
        } else if (!consent && state === 'on') {
          await sentry?.close();
          state = 'off';
        }
      } catch (e) {
        opts.onError(e);
      }
    }));
  const stop = opts.bridge ? opts.onSettingsChanged(() => void apply()) : () => undefined;
  return {
    ready: apply(),
    get state() {
      return state;
    },
    settled: () => queue,
    stop,
  };
}
