// Where the headless host's session token comes from. `adloop serve` prints a link with
// `?token=…`; the page keeps it for this tab only (sessionStorage) and removes it from the
// address bar so it does not end up in screenshots, history or a copied URL.

export const TOKEN_STORAGE_KEY = 'adloop.sessionToken';

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface ResolvedSession {
  token: string | null;
  /** The address to show instead of the current one, when the token was taken out of it. */
  cleanedUrl: string | null;
}

/** Take the token from the URL (and remember it) or from what this tab remembered. */
export function resolveSessionToken(href: string, store: TokenStore): ResolvedSession {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    store.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    return { token: fromUrl, cleanedUrl: `${url.pathname}${url.search}${url.hash}` };
  }
  return { token: store.getItem(TOKEN_STORAGE_KEY) || null, cleanedUrl: null };
}

/** A refused token is useless; forget it so a reload explains the situation instead of retrying. */
export function forgetSessionToken(store: TokenStore): void {
  store.removeItem(TOKEN_STORAGE_KEY);
}
