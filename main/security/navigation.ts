// What the window may open or navigate to. The window only ever shows our renderer; https links to
// a short list of sites (the ad and CRM consoles, our own pages) open in the system browser, and
// everything else is dropped.
import { isTrustedSenderUrl } from '../trusted-sender';

export const EXTERNAL_LINK_HOSTS = [
  'facebook.com',
  'business.facebook.com',
  'developers.facebook.com',
  'hubspot.com',
  'app.hubspot.com',
  'developers.hubspot.com',
  'adloop.app',
  'github.com',
] as const;

/** https only, no credentials, host equal to an entry or a subdomain of one. */
export function isAllowedExternalUrl(url: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  const host = u.hostname.toLowerCase();
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

export interface OpenDecision {
  action: 'deny';
  /** Set when the URL should go to shell.openExternal. */
  openExternal: string | null;
}

/** setWindowOpenHandler: never a new Electron window. */
export function decideWindowOpen(url: string, hosts?: readonly string[]): OpenDecision {
  return { action: 'deny', openExternal: isAllowedExternalUrl(url, hosts) ? url : null };
}

/** will-navigate / will-redirect: stay inside our own origin; allowed links leave for the browser. */
export function decideNavigation(url: string, allowedOrigins: readonly string[], hosts?: readonly string[]): { allow: boolean; openExternal: string | null } {
  if (isTrustedSenderUrl(url, allowedOrigins)) return { allow: true, openExternal: null };
  return { allow: false, openExternal: isAllowedExternalUrl(url, hosts) ? url : null };
}

/** The webContents events the hardening wires (a fake in tests). */
export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export function hardenWebContents(contents: HardenableContents, opts: { allowedOrigins: readonly string[]; openExternal(url: string): void }): void {
  contents.setWindowOpenHandler(({ url }) => {
    const d = decideWindowOpen(url);
    if (d.openExternal) opts.openExternal(d.openExternal);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    const d = decideNavigation(url, opts.allowedOrigins);
    if (d.allow) return;
    event.preventDefault();
    if (d.openExternal) opts.openExternal(d.openExternal);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
