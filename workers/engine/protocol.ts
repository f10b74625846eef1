// Messages between a host (Electron main, the CLI, a test) and the engine worker thread.
import type { EngineEvent, ErrorShape, Output, RpcRequest, RpcResponse } from '../../contract';

export type HostToEngine =
  | { type: 'rpc'; req: RpcRequest }
  | { type: 'shutdown' }
  /** The host's answer to a `secret` request (see host-secrets.ts). */
  | { type: 'secret-reply'; id: number; ok: true; value: string | null; removed?: boolean }
  | { type: 'secret-reply'; id: number; ok: false; error: ErrorShape };

/** What the engine may ask a host that keeps the credentials (the desktop shell's safeStorage). */
export type SecretRequest = { op: 'get'; name: string } | { op: 'set'; name: string; value: string } | { op: 'delete'; name: string };

export type EngineToHost =
  | { type: 'locked'; lockFile: string; nonce: string }
  | { type: 'ready'; info: Output<'engine.info'> }
  | { type: 'fatal'; error: ErrorShape }
  | { type: 'rpc'; res: RpcResponse }
  | { type: 'event'; event: EngineEvent }
  | { type: 'closed' }
  | ({ type: 'secret'; id: number } & SecretRequest);

export interface EngineWorkerData {
  dataDir: string;
  migrationsDir?: string;
  background?: boolean;
  /** Set when the host keeps the credentials: the engine asks it over the port (SecretStore.kind). */
  hostSecrets?: string;
  /** Built path of the fatigue piscina task (desktop bundle); source mode finds its own. */
  fatigueTaskFile?: string;
}
