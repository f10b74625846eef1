import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFacadeFrom, type EngineFacade } from '../../main/engine-facade';
import { BASIC_TEXT_REASON, checkKeychain, createSafeStorageSecretStore, type SafeStorageLike } from '../../main/keychain/safe-storage-store';
import { startEngine, workspaceLayout, type EngineHandle } from '../../workers';
import { openDatabase } from '../../workers/engine/db';
import { freshWorkspace } from '../helpers/workspace';

/** A reversible stand-in for the OS cipher: "v10" + bytes XOR a key byte, reversed. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike {
  const key = opts.key ?? 0x5a;
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString: (plain) => Buffer.concat([Buffer.from('v10'), Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key)).reverse()]),
    decryptString: (cipher) => {
      if (cipher.subarray(0, 3).toString() !== 'v10') throw new Error('bad header');
      const body = Buffer.from(cipher.subarray(3)).reverse().map((b) => b ^ key);
      const text = Buffer.from(body).toString('utf8');
      if (!/^[\x20-\x7e]*$/.test(text)) throw new Error('wrong key');
      return text;
    },
  };
}

const TOKEN = 'EAAB' + 'x'.repeat(40);

let dir: string;
let engine: EngineHandle;
let facade: EngineFacade;

beforeAll(async () => {
  dir = await freshWorkspace('shell-keychain');
  engine = await startEngine({ dataDir: dir });
  facade = engineFacadeFrom(engine);
});
afterAll(async () => {
  await engine?.close();
});

describe('safeStorage SecretStore against a real engine', () => {
  it('round-trips a token; the engine only ever holds ciphertext', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), engine: facade, platform: 'linux', acceptPlainText: () => false });
    await store.set('meta.token', TOKEN, { label: 'Acme Ads (act_123)' });
    expect(await store.get('meta.token')).toBe(TOKEN);
    const stored = await facade.call('secrets.getCiphertext', { name: 'meta.token' });
    expect(stored).toMatchObject({ backend: 'safeStorage:gnome_libsecret' });
    expect(stored!.ciphertext).not.toContain(TOKEN);
    expect(Buffer.from(stored!.ciphertext, 'base64').toString('latin1')).not.toContain('EAAB');
    expect(await store.get('hubspot.token')).toBeNull();
  });

  it('the interface sees "connected as …" and nothing else', async () => {
    const status = await facade.call('connections.status', {});
    expect(status).toEqual([
      { provider: 'meta', connected: true, connectedAs: 'Acme Ads (act_123)', since: expect.any(String) },
      { provider: 'hubspot', connected: false, connectedAs: null, since: null },
    ]);
    expect(JSON.stringify(status)).not.toMatch(/ciphertext|EAAB|v10/);
  });

  it('replaces a credential of the same name, and disconnect deletes it', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), engine: facade, platform: 'darwin', acceptPlainText: () => false });
    await store.set('hubspot.token', 'pat-na1-11111111-2222-3333-4444-555555555555', { label: 'ops@acme.com' });
    await store.set('hubspot.token', 'pat-na1-99999999-2222-3333-4444-555555555555', { label: 'ops@acme.com' });
    expect(await store.get('hubspot.token')).toBe('pat-na1-99999999-2222-3333-4444-555555555555');
    expect(await store.delete('hubspot.token')).toBe(true);
    expect(await store.delete('hubspot.token')).toBe(false);
    expect((await facade.call('connections.status', {}))[1]).toMatchObject({ provider: 'hubspot', connected: false });
  });

  it('refuses bad names and non-base64 ciphertext with InvalidInput, storing nothing', async () => {
    await expect(facade.call('secrets.putCiphertext', { name: '../etc', ciphertext: 'AAAA', backend: 'x' })).rejects.toMatchObject({ code: 'InvalidInput' });
    await expect(facade.call('secrets.putCiphertext', { name: 'meta.other', ciphertext: 'not base64!', backend: 'x' })).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(await facade.call('secrets.getCiphertext', { name: 'meta.other' })).toBeNull();
  });

  it('a ciphertext another keychain made cannot be read: a typed error that says reconnect', async () => {
    await createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ key: 0x11 }), engine: facade, platform: 'win32', acceptPlainText: () => false }).set('meta.page', 'secret-value');
    const other = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ key: 0x77 }), engine: facade, platform: 'win32', acceptPlainText: () => false });
    await expect(other.get('meta.page')).rejects.toMatchObject({ code: 'KeychainUnavailable', message: expect.stringMatching(/reconnect/) });
  });
});

describe('Linux basic_text backend', () => {
  it('is refused with the reason unless the user accepts it', async () => {
    let accepted = false;
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ backend: 'basic_text' }), engine: facade, platform: 'linux', acceptPlainText: () => accepted });
    await expect(store.set('meta.token', TOKEN)).rejects.toMatchObject({
      code: 'KeychainUnavailable',
      message: BASIC_TEXT_REASON,
      details: { backend: 'safeStorage:basic_text', needsConsent: true },
    });
    // Nothing was stored by the refused call: the earlier token is still the one there.
    expect((await facade.call('secrets.getCiphertext', { name: 'meta.token' }))?.backend).toBe('safeStorage:gnome_libsecret');
    accepted = true;
    await store.set('meta.token', TOKEN, { label: 'Acme Ads (act_123)' });
    expect((await facade.call('secrets.getCiphertext', { name: 'meta.token' }))?.backend).toBe('safeStorage:basic_text');
  });

  it('checks availability and backends per platform', () => {
    expect(checkKeychain(fakeSafeStorage({ available: false }), 'darwin', true)).toMatchObject({ ok: false, backend: 'none' });
    expect(checkKeychain(fakeSafeStorage({ backend: 'basic_text' }), 'win32', false)).toEqual({ ok: true, backend: 'safeStorage:win32' });
    expect(checkKeychain(fakeSafeStorage({ backend: 'unknown' }), 'linux', false)).toMatchObject({ ok: false, needsConsent: true });
    expect(checkKeychain(fakeSafeStorage({ backend: 'kwallet6' }), 'linux', false)).toEqual({ ok: true, backend: 'safeStorage:kwallet6' });
  });
});

describe('on disk', () => {
  it('the database file holds no plaintext token', async () => {
    await engine.close();
    const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    try {
      const rows = (await db.query<{ name: string; ciphertext: string; label: string | null }>('select name, ciphertext, label from secret_ciphertexts order by name')).rows;
      expect(rows.map((r) => r.name)).toEqual(['meta.page', 'meta.token']);
      for (const r of rows) {
        expect(r.ciphertext).not.toContain(TOKEN);
        expect(Buffer.from(r.ciphertext, 'base64').toString('latin1')).not.toContain('EAAB');
      }
    } finally {
      await db.close();
    }
  });
});
