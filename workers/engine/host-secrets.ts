// Credentials kept by the host, not the engine thread. In the desktop app only the main process can
// use Electron's safeStorage (a worker thread has no `electron` module), so the engine's sync area
// gets a SecretStore whose get/set/delete travel over the worker port to the host's store: the
// plaintext token exists in the engine only while a request to Meta or HubSpot is made, and the
// database keeps only safeStorage's ciphertext. Hosts without such a store (the CLI, `adloop
// serve`) keep the engine's own default (the OS keyring).
import { AdloopError, fromErrorShape, toErrorShape } from '../../contract';
import type { SecretStore } from '../../sync';
import type { EngineToHost, HostToEngine, SecretRequest } from './protocol';

type Reply = Extract<HostToEngine, { type: 'secret-reply' }>;

/** Engine side: a SecretStore that asks the host. `onReply` takes the host's answers. */
export function portSecretStore(kind: string, send: (msg: EngineToHost) => void): SecretStore & { onReply(msg: Reply): void } {
  let seq = 0;
  const pending = new Map<number, (r: Reply) => void>();
  const ask = (req: SecretRequest) =>
    new Promise<Reply & { ok: true }>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, (r) => (r.ok ? resolve(r) : reject(fromErrorShape(r.error))));
      send({ type: 'secret', id, ...req });
    });
  return {
    kind,
    get: async (name) => (await ask({ op: 'get', name })).value,
    set: async (name, value) => void (await ask({ op: 'set', name, value })),
    delete: async (name) => (await ask({ op: 'delete', name })).removed ?? false,
    onReply(msg) {
      const done = pending.get(msg.id);
      pending.delete(msg.id);
      done?.(msg);
    },
  };
}

/** Host side: answers one request from the engine with the host's store. Never throws. */
export async function answerSecretRequest(store: SecretStore, msg: Extract<EngineToHost, { type: 'secret' }>): Promise<Reply> {
  try {
    switch (msg.op) {
      case 'get':
        return { type: 'secret-reply', id: msg.id, ok: true, value: await store.get(msg.name) };
      case 'set':
        await store.set(msg.name, msg.value);
        return { type: 'secret-reply', id: msg.id, ok: true, value: null };
      case 'delete':
        return { type: 'secret-reply', id: msg.id, ok: true, value: null, removed: await store.delete(msg.name) };
      default:
        throw new AdloopError('Internal', `Unknown secret request ${JSON.stringify((msg as { op?: unknown }).op)}`);
    }
  } catch (e) {
    return { type: 'secret-reply', id: msg.id, ok: false, error: toErrorShape(e) };
  }
}
