// Wires the renderer's crash reports to the engine client (see crash-reports.ts).
import type { AdloopClient } from '../../../contract';
import { followRendererConsent, hasSentryBridge, type RendererSentry } from './crash-reports';

async function loadRendererSentry(): Promise<RendererSentry> {
  const Sentry = await import('@sentry/electron/renderer');
  return {
    init: (o) => void Sentry.init(o as unknown as Parameters<typeof Sentry.init>[0]),
    // The renderer SDK has no close(); closing its client stops capture and sending.
    close: async () => Sentry.getClient()?.close(),
  };
}

export function startRendererCrashReports(client: AdloopClient, win: Window = window) {
  return followRendererConsent({
    bridge: hasSentryBridge(win as unknown as { __SENTRY_IPC__?: unknown }),
    readConsent: async () => (await client.call('settings.get', {})).crashReports,
    onSettingsChanged: (listener) => client.on('workspace.changed', (p) => p.reason === 'settings' && listener()),
    load: loadRendererSentry,
    // No console: a console line would itself become a breadcrumb. The setting stays as it was.
    onError: () => undefined,
  });
}
