// How the desktop engine gets its tokens: the engine thread cannot use safeStorage (worker threads
// have no `electron` module), so startEngine is given this store and the engine's sync area asks it
// over the worker port (workers/engine/host-secrets.ts). Tokens are encrypted here and the engine
// stores only the ciphertext (secrets.putCiphertext), under the names connections.status reads.
import { AdloopError, type Input, type MethodName, type Output } from '../../contract';
import type { StartEngineOptions } from '../../workers';
import type { EngineFacade, ShellEvent } from '../engine-facade';
import type { SecretStore } from './safe-storage-store';

export type EngineSecretStore = NonNullable<StartEngineOptions['secrets']>;

/** The sync area's account keys ("meta:default") → the keychain's credential names ("meta.token"). */
const NAMES: Record<string, string> = { 'meta:default': 'meta.token', 'hubspot:default': 'hubspot.token' };

function credentialName(accountKey: string): string {
  const name = NAMES[accountKey];
  if (!name) throw new AdloopError('InvalidInput', `No credential is kept for "${accountKey}".`, { details: { accountKey } });
  return name;
}

export function engineSecretStore(store: SecretStore): EngineSecretStore {
  return {
    kind: 'safeStorage',
    get: (key) => store.get(credentialName(key)),
    set: (key, secret) => store.set(credentialName(key), secret),
    delete: (key) => store.delete(credentialName(key)),
  };
}

/**
 * A facade for the store to call the engine through before the engine exists: the store is handed
 * to startEngine, and the engine asks it for tokens only after it is ready, by which time `get()`
 * returns the real facade.
 */
export function deferredFacade(get: () => EngineFacade | null): EngineFacade {
  const current = () => {
    const f = get();
    if (!f) throw new AdloopError('EngineClosed', 'The engine is not running.');
    return f;
  };
  return {
    call: <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> => Promise.resolve().then(() => current().call(method, input)),
    callByName: (method, input) => Promise.resolve().then(() => current().callByName(method, input)),
    onEvent: (listener: (e: ShellEvent) => void) => current().onEvent(listener),
  };
}
