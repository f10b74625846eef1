import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { engineFacadeFrom } from '../../main/engine-facade';
import { followCrashReportConsent, sentryOptions, type SentryLike, type SentryOptions } from '../../main/telemetry/crash-reports';
import { scrubBreadcrumb, scrubEvent } from '../../main/telemetry/scrub';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

const META = 'EAAGm0PX4ZCpsBAKZAZCxyz0123456789abcdef';
const HUBSPOT = 'pat-na1-0f3c2d1e-aaaa-bbbb-cccc-1234567890ab';

/** Shaped like what @sentry/electron hands to beforeSend for a failed Graph API call. */
const recorded = () => ({
  event_id: 'e1',
  message: `Graph call failed for ops@acme.com with Bearer ${META}`,
  server_name: 'janes-macbook.local',
  user: { id: 'machine-id-123', email: 'jane@acme.com', ip_address: '10.0.0.4' },
  request: {
    url: `https://graph.facebook.com/v23.0/act_1/insights?access_token=${META}&fields=spend`,
    query_string: `access_token=${META}`,
    cookies: { sid: 'abc' },
    data: { token: META },
    headers: { Authorization: `Bearer ${META}`, 'User-Agent': 'Adloop/0.1', Cookie: 'sid=abc', 'X-Adloop-Token': 'local-secret' },
  },
  exception: {
    values: [
      {
        type: 'AdloopError',
        value: `HubSpot 401 for https://api.hubapi.com/crm/v3/objects/deals?hapikey=${HUBSPOT}&limit=100 (token ${HUBSPOT})`,
        stacktrace: { frames: [{ filename: 'app:///main/index.js', vars: { accessToken: META, url: 'https://x.example/?code=123' } }] },
      },
    ],
  },
  extra: { note: 'contact jane@acme.com', nested: { deeper: { refresh_token: 'r-1', ok: 'fine' } } },
  breadcrumbs: [{ category: 'http', data: { url: `https://graph.facebook.com/me?access_token=${META}`, status_code: 200 } }],
});

describe('crash report scrubber', () => {
  it('removes tokens from headers, URLs, messages and exceptions, and e-mails everywhere', () => {
    const out = scrubEvent(recorded());
    const text = JSON.stringify(out);
    expect(text).not.toContain(META);
    expect(text).not.toContain(HUBSPOT);
    expect(text).not.toMatch(/acme\.com|local-secret|janes-macbook|10\.0\.0\.4|sid=abc|code=123/);
    expect(out.request.url).toBe('https://graph.facebook.com/v23.0/act_1/insights');
    expect(out.request.headers).toEqual({ Authorization: '[redacted]', 'User-Agent': 'Adloop/0.1', Cookie: '[redacted]', 'X-Adloop-Token': '[redacted]' });
    expect(out.request).not.toHaveProperty('query_string');
    expect(out.request).not.toHaveProperty('cookies');
    expect(out.request).not.toHaveProperty('data');
    expect(out.user).toEqual({ id: '[anonymous]' });
    expect(out.exception.values[0]!.value).toMatch(/^HubSpot 401 for https:\/\/api\.hubapi\.com\/crm\/v3\/objects\/deals \(token \[redacted-hubspot-token\]\)$/);
    expect(out.message).toBe('Graph call failed for [redacted-email] with Bearer [redacted]');
    expect(out.extra.nested.deeper).toEqual({ refresh_token: '[redacted]', ok: 'fine' });
    expect(out.breadcrumbs[0]!.data.url).toBe('https://graph.facebook.com/me');
    // What a developer needs survives.
    expect(out.exception.values[0]!.type).toBe('AdloopError');
    expect(out.exception.values[0]!.stacktrace.frames[0]!.filename).toBe('app:///main/index.js');
  });

  it('does not modify the recorded event', () => {
    const e = recorded();
    scrubEvent(e);
    expect(e.request.headers.Authorization).toBe(`Bearer ${META}`);
  });

  it('scrubs breadcrumbs and drops console ones', () => {
    expect(scrubBreadcrumb({ category: 'console', message: `token ${META}` })).toBeNull();
    expect(scrubBreadcrumb({ category: 'fetch', data: { url: `https://app.hubspot.com/x?portal=1&token=${HUBSPOT}` }, message: 'to bob@x.io' })).toEqual({
      category: 'fetch',
      data: { url: 'https://app.hubspot.com/x' },
      message: 'to [redacted-email]',
    });
  });

  it('is what Sentry gets as beforeSend and beforeBreadcrumb, with PII off', () => {
    const o = sentryOptions('https://k@o1.ingest.sentry.io/1', '0.1.0', 'production');
    expect(o.sendDefaultPii).toBe(false);
    expect(JSON.stringify(o.beforeSend(recorded()))).not.toContain(META);
    expect(o.beforeBreadcrumb({ category: 'console' })).toBeNull();
  });
});

describe('crash report consent against a real engine', () => {
  let engine: EngineHandle;
  beforeAll(async () => {
    engine = await startEngine({ dataDir: await freshWorkspace('shell-crash') });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('never loads Sentry until the user opts in, starts it on opt-in and closes it on opt-out', async () => {
    const facade = engineFacadeFrom(engine);
    const inits: SentryOptions[] = [];
    const sentry: SentryLike = { init: (o) => void inits.push(o), close: vi.fn(async () => true) };
    const load = vi.fn(async () => sentry);
    const c = followCrashReportConsent({ engine: facade, dsn: 'https://k@o1.ingest.sentry.io/1', release: '0.1.0', environment: 'test', load, onError: (e) => { throw e; } });
    await c.ready;
    expect(c.state).toBe('off');
    expect(load).not.toHaveBeenCalled();

    await facade.call('settings.update', { crashReports: true });
    await vi.waitFor(async () => {
      await c.settled();
      expect(c.state).toBe('on');
    });
    expect(inits).toHaveLength(1);
    expect(inits[0]).toMatchObject({ dsn: 'https://k@o1.ingest.sentry.io/1', sendDefaultPii: false });

    await facade.call('settings.update', { crashReports: false });
    await vi.waitFor(async () => {
      await c.settled();
      expect(c.state).toBe('off');
    });
    expect(sentry.close).toHaveBeenCalledTimes(1);
    c.stop();
  });

  it('sends nothing without a DSN from the build, even with consent', async () => {
    const facade = engineFacadeFrom(engine);
    await facade.call('settings.update', { crashReports: true });
    const load = vi.fn();
    const c = followCrashReportConsent({ engine: facade, dsn: undefined, release: '0.1.0', environment: 'test', load, onError: () => undefined });
    await c.ready;
    expect(c.state).toBe('no-dsn');
    expect(load).not.toHaveBeenCalled();
    c.stop();
  });
});
