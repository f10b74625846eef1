import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl } from '../../main/trusted-sender';

const devOrigin = ['http://localhost:5173'];
const built = ['file:///opt/Adloop/resources/app.asar/out/renderer/'];

describe('isTrustedSenderUrl', () => {
  it('trusts pages of the dev server origin and nothing that only looks like it', () => {
    expect(isTrustedSenderUrl('http://localhost:5173/', devOrigin)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5173/#/allocations?x=1', devOrigin)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', devOrigin)).toBe(false);
    expect(isTrustedSenderUrl('https://localhost:5173/', devOrigin)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173.evil.com/', devOrigin)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173@evil.com/', devOrigin)).toBe(false);
    expect(isTrustedSenderUrl('http://user:pw@localhost:5173/', devOrigin)).toBe(false);
  });

  it('trusts files inside the built renderer folder only', () => {
    expect(isTrustedSenderUrl('file:///opt/Adloop/resources/app.asar/out/renderer/index.html', built)).toBe(true);
    expect(isTrustedSenderUrl('file:///opt/Adloop/resources/app.asar/out/renderer/assets/a.js', built)).toBe(true);
    expect(isTrustedSenderUrl('file:///opt/Adloop/resources/app.asar/out/renderer-evil/index.html', built)).toBe(false);
    expect(isTrustedSenderUrl('file:///opt/Adloop/resources/app.asar/out/renderer/../../../x.html', built)).toBe(false);
    expect(isTrustedSenderUrl('file:///home/me/Downloads/index.html', built)).toBe(false);
    expect(isTrustedSenderUrl('file://host/opt/Adloop/resources/app.asar/out/renderer/index.html', built)).toBe(false);
  });

  it('also treats a folder entry without a trailing slash as a folder', () => {
    const noSlash = ['file:///srv/out/renderer'];
    expect(isTrustedSenderUrl('file:///srv/out/renderer/index.html', noSlash)).toBe(true);
    expect(isTrustedSenderUrl('file:///srv/out/renderer2/index.html', noSlash)).toBe(false);
  });

  it('compares custom schemes by scheme and host (their URL.origin is "null")', () => {
    expect(isTrustedSenderUrl('app://adloop/index.html', ['app://adloop'])).toBe(true);
    expect(isTrustedSenderUrl('app://other/index.html', ['app://adloop'])).toBe(false);
    expect(isTrustedSenderUrl('evil://adloop/index.html', ['app://adloop'])).toBe(false);
  });

  it('refuses frames without a usable URL', () => {
    for (const url of [undefined, null, '', 'about:blank', 'not a url', 'data:text/html,<p>x</p>']) {
      expect(isTrustedSenderUrl(url, [...devOrigin, ...built])).toBe(false);
    }
    expect(isTrustedSenderUrl('http://localhost:5173/', [])).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', ['garbage'])).toBe(false);
  });
});
