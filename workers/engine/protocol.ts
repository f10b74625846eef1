// Messages between a host (Electron main, the CLI, a test) and the engine worker thread.
import type { EngineEvent, ErrorShape, Output, RpcRequest, RpcResponse } from '../../contract';

export type HostToEngine = { type: 'rpc'; req: RpcRequest } | { type: 'shutdown' };

export type EngineToHost =
  | { type: 'locked'; lockFile: string; nonce: string }
  | { type: 'ready'; info: Output<'engine.info'> }
  | { type: 'fatal'; error: ErrorShape }
  | { type: 'rpc'; res: RpcResponse }
  | { type: 'event'; event: EngineEvent }
  | { type: 'closed' };

export interface EngineWorkerData {
  dataDir: string;
  migrationsDir?: string;
  background?: boolean;
}
