// The desktop token path end to end in Node: the engine thread's sync area keeps and reads tokens
// through the host's safeStorage store over the worker port (a fake cipher here). sync.connect
// stores only ciphertext, connections.status sees "connected", a pull against the Meta emulator
// authenticates with the decrypted token, and nothing plaintext reaches the database or the log.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFacadeFrom, type EngineFacade } from '../../main/engine-facade';
import { deferredFacade, engineSecretStore } from '../../main/keychain/engine-secrets';
import { createSafeStorageSecretStore } from '../../main/keychain/safe-storage-store';
import { startEngine, workspaceLayout, type EngineHandle } from '../../workers';
import { simulate, yesterday } from '../../workers/simulator';
import { startMetaEmulator, type MetaEmulator } from '../emulators';
import { countingSafeStorage } from '../helpers/fake-safe-storage';
import { freshWorkspace } from '../helpers/workspace';

const TOKEN = 'EAAG' + 'q7'.repeat(24);

let dir: string;
let engine: EngineHandle;
let facade: EngineFacade | null = null;
let meta: MetaEmulator;
const cipher = countingSafeStorage();

beforeAll(async () => {
  meta = await startMetaEmulator({ sim: simulate({ seed: 4, ads: 12, days: 10, endDay: yesterday() }), token: TOKEN });
  dir = await freshWorkspace('engine-secrets');
  const store = createSafeStorageSecretStore({ safeStorage: cipher, engine: deferredFacade(() => facade), platform: 'linux', acceptPlainText: () => false });
  engine = await startEngine({ dataDir: dir, secrets: engineSecretStore(store) });
  facade = engineFacadeFrom(engine);
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await meta?.close();
});

describe('the engine keeps tokens through the host’s safeStorage store', () => {
  it('refuses basic_text without consent, and stores nothing', async () => {
    cipher.backend = 'basic_text';
    await expect(engine.client.call('sync.connect', { source: 'meta', token: TOKEN, url: meta.url })).rejects.toMatchObject({ code: 'KeychainUnavailable' });
    expect(await facade!.call('secrets.getCiphertext', { name: 'meta.token' })).toBeNull();
    expect((await engine.client.call('connections.status', {})).find((c) => c.provider === 'meta')?.connected).toBe(false);
    cipher.backend = 'gnome_libsecret';
  });

  it('connects with ciphertext only, and a pull authenticates with the decrypted token', async () => {
    const out = await engine.client.call('sync.connect', { source: 'meta', token: TOKEN, url: meta.url });
    expect(out).toMatchObject({ source: 'meta', stored: true, store: 'safeStorage' });
    expect(cipher.encrypts).toBe(1);

    const stored = await facade!.call('secrets.getCiphertext', { name: 'meta.token' });
    expect(stored?.backend).toBe('safeStorage:gnome_libsecret');
    expect(Buffer.from(stored!.ciphertext, 'base64').toString('latin1')).not.toContain(TOKEN);
    // Who the token belongs to is what Meta said when Connect checked it.
    expect(out.connectedAs).toMatch(/^Jane Buyer · /);
    expect((await engine.client.call('connections.status', {})).find((c) => c.provider === 'meta')).toMatchObject({ connected: true, connectedAs: out.connectedAs });
    expect((await engine.client.call('sync.status', {})).sources.find((s) => s.source === 'meta')).toMatchObject({ connected: true, reconnectNeeded: false });

    const decryptsBefore = cipher.decrypts;
    const run = await engine.client.call('sync.run', { source: 'meta', metaUrl: meta.url });
    expect(run.results[0]).toMatchObject({ source: 'meta', status: 'ok' });
    expect(run.results[0]!.insightRows).toBeGreaterThan(0);
    expect(cipher.decrypts).toBeGreaterThan(decryptsBefore);

    // The plaintext is nowhere on disk: not in the database files, not in the log.
    const logs = workspaceLayout(dir).logs;
    for (const f of fs.readdirSync(logs)) expect(fs.readFileSync(path.join(logs, f), 'utf8')).not.toContain(TOKEN);
  }, 120_000);

  it('disconnect removes the ciphertext, and the next pull says not connected', async () => {
    expect(await engine.client.call('sync.disconnect', { source: 'meta' })).toEqual({ source: 'meta', removed: true });
    expect(await facade!.call('secrets.getCiphertext', { name: 'meta.token' })).toBeNull();
    const run = await engine.client.call('sync.run', { source: 'meta', metaUrl: meta.url });
    expect(run.results[0]?.status).toBe('not-connected');
    expect(await engine.client.call('sync.disconnect', { source: 'meta' })).toEqual({ source: 'meta', removed: false });
  });
});
