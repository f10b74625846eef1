import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ORIGIN, createAppProtocolHandler, resolveAppRequest } from '../../main/security/app-protocol';
import { contentSecurityPolicy } from '../../main/security/csp';
import { decideNavigation, decideWindowOpen, hardenWebContents, isAllowedExternalUrl, type HardenableContents } from '../../main/security/navigation';
import { denyAllPermissions, type PermissionSession } from '../../main/security/permissions';
import { mainWindowOptions } from '../../main/security/window-options';

describe('main window options', () => {
  it('isolate, sandbox and keep Node out of the renderer', () => {
    const o = mainWindowOptions({ preload: '/app/out/preload/index.cjs' });
    expect(o.show).toBe(false);
    expect(o.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/app/out/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
      }),
    );
  });
});

describe('content security policy', () => {
  it('allows only our own origin, no eval, no inline script, no plugins, no framing', () => {
    const csp = Object.fromEntries(contentSecurityPolicy().split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

function rendererFolder() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-proto-'));
  const root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Adloop</title>');
  fs.writeFileSync(path.join(root, 'assets/app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'token');
  fs.writeFileSync(path.join(base, 'renderer-evil.html'), 'x');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets/link.txt'));
  return { base, root };
}

describe('app:// protocol', () => {
  const root = '/srv/app/out/renderer';

  it('maps our URLs into the renderer folder, with index.html for the root', () => {
    expect(resolveAppRequest(`${APP_ORIGIN}/`, root)).toEqual({ ok: true, file: `${root}/index.html`, mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppRequest(`${APP_ORIGIN}/assets/a%20b.js?v=1#x`, root)).toMatchObject({ ok: true, file: `${root}/assets/a b.js` });
  });

  it('refuses path traversal in every spelling, foreign hosts and bad characters', () => {
    const refused = [
      `${APP_ORIGIN}/..%2f..%2fsecret.txt`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2frenderer-evil.html`,
      `${APP_ORIGIN}/..%5c..%5csecret.txt`,
      `${APP_ORIGIN}/index.html%00.png`,
      `${APP_ORIGIN}/%E0%A4%A.js`,
      'app://evil/index.html',
      'file:///srv/app/out/renderer/index.html',
      'not a url',
    ];
    for (const url of refused) {
      const r = resolveAppRequest(url, root);
      expect(r.ok, url).toBe(false);
      if (r.ok) continue;
      if (r.status === 404) expect(r.reason, url).toBe('unknown file type');
    }
    // The URL parser resolves plain and %2e-encoded ../ before we see them: they land inside the
    // folder (clamped at its root), never outside it.
    expect(resolveAppRequest(`${APP_ORIGIN}/../index.html`, root)).toMatchObject({ ok: true, file: `${root}/index.html` });
    expect(resolveAppRequest(`${APP_ORIGIN}/%2e%2e/%2e%2e/secret.txt`, root)).toMatchObject({ ok: true, file: `${root}/secret.txt` });
    expect(resolveAppRequest(`${APP_ORIGIN}/../../etc/passwd.txt`, root)).toMatchObject({ ok: true, file: `${root}/etc/passwd.txt` });
  });

  it('serves files with a CSP header and refuses symlinks out of the folder', async () => {
    const { root: realRoot } = rendererFolder();
    const handle = createAppProtocolHandler(realRoot);
    const page = await handle({ url: `${APP_ORIGIN}/` });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(await page.text()).toContain('<title>Adloop</title>');
    expect((await handle({ url: `${APP_ORIGIN}/assets/app.js` })).headers.get('content-type')).toMatch(/javascript/);
    expect((await handle({ url: `${APP_ORIGIN}/assets/link.txt` })).status).toBe(403);
    expect((await handle({ url: `${APP_ORIGIN}/..%2fsecret.txt` })).status).toBe(403);
    expect((await handle({ url: `${APP_ORIGIN}/missing.js` })).status).toBe(404);
  });
});

describe('navigation and new windows', () => {
  const origins = [APP_ORIGIN];

  it('external https links to the allowlist go to the browser; everything else is dropped', () => {
    expect(decideWindowOpen('https://business.facebook.com/adsmanager')).toEqual({ action: 'deny', openExternal: 'https://business.facebook.com/adsmanager' });
    expect(decideWindowOpen('https://app.hubspot.com/contacts/1')).toMatchObject({ openExternal: 'https://app.hubspot.com/contacts/1' });
    for (const url of [
      'http://facebook.com/',
      'https://evilfacebook.com/',
      'https://facebook.com.evil.com/',
      'https://user:pw@facebook.com/',
      'https://facebook.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      `${APP_ORIGIN}/index.html`,
    ]) {
      expect(decideWindowOpen(url), url).toEqual({ action: 'deny', openExternal: null });
    }
    expect(isAllowedExternalUrl('https://adloop.app/docs')).toBe(true);
  });

  it('in-window navigation stays inside our origin', () => {
    expect(decideNavigation(`${APP_ORIGIN}/index.html#/budget`, origins)).toEqual({ allow: true, openExternal: null });
    expect(decideNavigation('https://evil.example/', origins)).toEqual({ allow: false, openExternal: null });
    expect(decideNavigation('https://github.com/adloop/releases', origins)).toEqual({ allow: false, openExternal: 'https://github.com/adloop/releases' });
  });

  it('wires the handlers on a webContents', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents: HardenableContents = {
      setWindowOpenHandler: (h) => void (openHandler = h),
      on: (event: string, l: (event: { preventDefault(): void }, url: string) => void) => void handlers.set(event, l),
    };
    const openExternal = vi.fn();
    hardenWebContents(contents, { allowedOrigins: origins, openExternal });
    expect(openHandler!({ url: 'https://app.hubspot.com/x' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const blocked = { preventDefault: vi.fn() };
    handlers.get('will-navigate')!(blocked, 'https://evil.example/');
    expect(blocked.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    handlers.get('will-redirect')!(redirect, 'file:///etc/passwd');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const ours = { preventDefault: vi.fn() };
    handlers.get('will-navigate')!(ours, `${APP_ORIGIN}/index.html`);
    expect(ours.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(webview, '');
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openExternal.mock.calls).toEqual([['https://app.hubspot.com/x']]);
  });
});

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | null = null;
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | null = null;
    let device: ((d: unknown) => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
      setDevicePermissionHandler: (h) => void (device = h),
    });
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!(null, permission)).toBe(false);
    }
    expect(device!({})).toBe(false);
  });
});
