// One in-process engine on a real on-disk PGlite workspace with a small demo account, for the
// adversarial tests: they call `dispatch` raw, as a foreign caller past the typed client would.
import type { RpcResponse } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { openEngine, type Engine } from '../../workers/engine/engine';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

export async function demoEngine(label: string): Promise<Engine> {
  const engine = await openEngine({ dataDir: await freshWorkspace(label), log: memoryLogger(), emit: () => undefined, secrets: new MemorySecretStore() });
  const res = await engine.dispatch({ id: 0, method: 'demo.generate', params: { seed: 3, ads: 24, days: 21 } });
  if (!res.ok) throw new Error(`demo failed: ${res.error.message}`);
  return engine;
}

let nextId = 1;
export function rawCall(engine: Engine, method: string, params: unknown): Promise<RpcResponse> {
  return engine.dispatch({ id: nextId++, method, params });
}
