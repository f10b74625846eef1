import { describe, expect, it } from 'vitest';
import { forgetSessionToken, resolveSessionToken, TOKEN_STORAGE_KEY, type TokenStore } from '../../renderer/src/engine/session';

function memoryStore(initial: Record<string, string> = {}): TokenStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('session token', () => {
  it('takes the token from the link, remembers it and removes it from the address (keeping the route)', () => {
    const store = memoryStore();
    const r = resolveSessionToken('http://127.0.0.1:4000/?token=abc&x=1#/budget', store);
    expect(r).toEqual({ token: 'abc', cleanedUrl: '/?x=1#/budget' });
    expect(store.data.get(TOKEN_STORAGE_KEY)).toBe('abc');
  });

  it('a new link replaces a remembered token', () => {
    const store = memoryStore({ [TOKEN_STORAGE_KEY]: 'old' });
    expect(resolveSessionToken('http://127.0.0.1:4000/?token=new', store).token).toBe('new');
    expect(store.data.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('after a reload the remembered token is used and the address is left alone', () => {
    const store = memoryStore({ [TOKEN_STORAGE_KEY]: 'abc' });
    expect(resolveSessionToken('http://127.0.0.1:4000/#/settings', store)).toEqual({ token: 'abc', cleanedUrl: null });
  });

  it('no link and nothing remembered means no token', () => {
    expect(resolveSessionToken('http://127.0.0.1:4000/', memoryStore())).toEqual({ token: null, cleanedUrl: null });
    expect(resolveSessionToken('http://127.0.0.1:4000/?token=', memoryStore()).token).toBeNull();
  });

  it('a refused token is forgotten', () => {
    const store = memoryStore({ [TOKEN_STORAGE_KEY]: 'abc' });
    forgetSessionToken(store);
    expect(resolveSessionToken('http://127.0.0.1:4000/', store).token).toBeNull();
  });
});
