// Crash reports in the preload and the renderer: nothing is hooked up or loaded without consent
// (and, in the renderer, without the preload's bridge), and the renderer scrubs with the very same
// scrubber as the main process.
import { describe, expect, it } from 'vitest';
import { CRASH_REPORTS_ARG } from '../../contract';
import { preloadArguments } from '../../main/telemetry/crash-reports';
import { scrubBreadcrumb as mainScrubBreadcrumb, scrubEvent as mainScrubEvent } from '../../main/telemetry/scrub';
import { crashReportsConsented, startPreloadCrashReports } from '../../preload/crash-reports';
import { followRendererConsent, hasSentryBridge, rendererSentryOptions, type RendererSentry, type RendererSentryOptions } from '../../renderer/src/telemetry/crash-reports';

const META = 'EAAGm0PX4ZCpsBAKZAZCxyz0123456789abcdef';

/** A fake engine: the crashReports setting and its change events. */
function fakeSettings(initial: boolean) {
  let consent = initial;
  const listeners = new Set<() => void>();
  return {
    set(v: boolean) {
      consent = v;
      for (const l of listeners) l();
    },
    readConsent: async () => consent,
    onSettingsChanged: (l: () => void) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
  };
}

function fakeSentry() {
  const calls = { loads: 0, inits: [] as RendererSentryOptions[], closes: 0 };
  const load = async (): Promise<RendererSentry> => {
    calls.loads++;
    return { init: (o) => void calls.inits.push(o), close: async () => void calls.closes++ };
  };
  return { calls, load };
}

describe('preload crash-report bridge', () => {
  it('is hooked up only when main passed the consent argument', () => {
    let hooked = 0;
    expect(startPreloadCrashReports(['electron', '--type=renderer'], () => hooked++)).toBe(false);
    expect(hooked).toBe(0);
    expect(startPreloadCrashReports(['electron', '--type=renderer', CRASH_REPORTS_ARG], () => hooked++)).toBe(true);
    expect(hooked).toBe(1);
    expect(crashReportsConsented(['--adloop-crash-reports=off'])).toBe(false);
  });

  it('main passes the argument only while its own Sentry runs', () => {
    expect(preloadArguments('off')).toEqual([]);
    expect(preloadArguments('no-dsn')).toEqual([]);
    expect(preloadArguments('on')).toEqual([CRASH_REPORTS_ARG]);
  });
});

describe('renderer crash reports', () => {
  it('recognises only the bridge the preload exposes', () => {
    expect(hasSentryBridge({})).toBe(false);
    expect(hasSentryBridge({ __SENTRY_IPC__: {} })).toBe(false);
    expect(hasSentryBridge({ __SENTRY_IPC__: { 'sentry-ipc': { sendEnvelope: () => undefined } } })).toBe(true);
  });

  it('loads nothing without the bridge (a browser, or no consent when the window opened), even with consent', async () => {
    const settings = fakeSettings(true);
    const sentry = fakeSentry();
    const c = followRendererConsent({ bridge: false, ...settings, load: sentry.load, onError: (e) => { throw e; } });
    await c.ready;
    settings.set(true);
    await c.settled();
    expect(c.state).toBe('no-bridge');
    expect(sentry.calls.loads).toBe(0);
  });

  it('loads nothing without consent; starts on opt-in with the scrubber, and closes on opt-out', async () => {
    const settings = fakeSettings(false);
    const sentry = fakeSentry();
    const c = followRendererConsent({ bridge: true, ...settings, load: sentry.load, onError: (e) => { throw e; } });
    await c.ready;
    expect(c.state).toBe('off');
    expect(sentry.calls.loads).toBe(0);

    settings.set(true);
    await c.settled();
    expect(c.state).toBe('on');
    expect(sentry.calls.loads).toBe(1);
    expect(sentry.calls.inits).toHaveLength(1);
    const opts = sentry.calls.inits[0]!;
    expect(opts.sendDefaultPii).toBe(false);

    // The renderer's hooks are main's scrubber: same output on a recorded event with tokens in a
    // header, a URL and the message.
    const recorded = {
      message: `fetch failed for jane@acme.com with Bearer ${META}`,
      request: { url: `https://graph.facebook.com/v25.0/me?access_token=${META}`, headers: { Authorization: `Bearer ${META}` } },
      user: { id: 'u1', email: 'jane@acme.com' },
    };
    const scrubbed = opts.beforeSend(structuredClone(recorded));
    expect(scrubbed).toEqual(mainScrubEvent(structuredClone(recorded)));
    expect(JSON.stringify(scrubbed)).not.toMatch(new RegExp(`${META}|acme\\.com`));
    expect(scrubbed).toMatchObject({ request: { url: 'https://graph.facebook.com/v25.0/me', headers: { Authorization: '[redacted]' } } });
    expect(opts.beforeBreadcrumb({ category: 'console', message: META })).toBeNull();
    const crumb = { category: 'fetch', data: { url: `https://api.hubapi.com/x?hapikey=${META}` } };
    expect(opts.beforeBreadcrumb(structuredClone(crumb))).toEqual(mainScrubBreadcrumb(structuredClone(crumb)));
    expect(rendererSentryOptions().beforeSend(structuredClone(recorded))).toEqual(scrubbed);

    settings.set(false);
    await c.settled();
    expect(c.state).toBe('off');
    expect(sentry.calls.closes).toBe(1);
    settings.set(true);
    await c.settled();
    expect(sentry.calls.loads).toBe(1); // loaded once, initialised again
    expect(sentry.calls.inits).toHaveLength(2);
    c.stop();
  });
});
