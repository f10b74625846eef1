// Starts the engine worker thread and gives the host a typed client for it. Used by the Electron
// main process, the CLI and tests alike.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  AdloopError,
  createClient,
  fromErrorShape,
  type AdloopClient,
  type EngineEvent,
  type MethodName,
  type Output,
  type RpcResponse,
  type Transport,
} from '../../contract';
import type { SecretStore } from '../../sync';
import { engineResourceLimits } from './heap';
import { answerSecretRequest } from './host-secrets';
import { releaseLock } from './lock';
import type { EngineToHost, EngineWorkerData, HostToEngine } from './protocol';

export interface StartEngineOptions {
  dataDir: string;
  /** Built worker file (electron-vite `?modulePath`). Defaults to the source entry via tsx. */
  workerPath?: string;
  migrationsDir?: string;
  /** Run background work (the fatigue scan schedule): long-lived hosts (serve, the desktop app) only. */
  background?: boolean;
  /** How long a clean shutdown may take before the thread is terminated. */
  closeTimeoutMs?: number;
  /**
   * Keep credentials here instead of the engine's default (the OS keyring): the engine asks this
   * store over the worker port. The desktop shell passes its safeStorage-backed store.
   */
  secrets?: SecretStore;
  /** Built fatigue piscina task (electron-vite `?modulePath`); source mode finds its own. */
  fatigueTaskFile?: string;
}

export interface EngineHandle {
  client: AdloopClient;
  transport: Transport;
  info: Output<'engine.info'>;
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** Resolves when the database is closed and the lock released. */
  close(): Promise<void>;
  /** Resolves when the worker thread has exited, however it exited. */
  exited: Promise<number>;
}

function defaultWorkerPath(): string {
  const self = import.meta.url;
  return fileURLToPath(new URL(self.endsWith('.ts') ? './worker-entry.mjs' : './worker.js', self));
}

export function startEngine(opts: StartEngineOptions): Promise<EngineHandle> {
  const data: EngineWorkerData = { dataDir: opts.dataDir };
  if (opts.migrationsDir) data.migrationsDir = opts.migrationsDir;
  if (opts.background) data.background = true;
  if (opts.secrets) data.hostSecrets = opts.secrets.kind;
  if (opts.fatigueTaskFile) data.fatigueTaskFile = opts.fatigueTaskFile;
  const worker = new Worker(opts.workerPath ?? defaultWorkerPath(), { workerData: data, resourceLimits: engineResourceLimits });

  const pending = new Map<number, (res: RpcResponse) => void>();
  const listeners = new Set<(e: EngineEvent) => void>();
  let seq = 0;
  let lock: { lockFile: string; nonce: string } | null = null;
  let alive = true;
  let onClosed: (() => void) | null = null;

  const exited = new Promise<number>((resolve) => {
    worker.once('exit', (code) => {
      alive = false;
      // A thread that died holding the lock (crash, terminate) must not lock the workspace
      // until this process exits: release it if it is still the one the thread took.
      if (lock) releaseLock(lock.lockFile, lock.nonce);
      for (const [id, reply] of pending) {
        reply({ id, ok: false, error: new AdloopError('EngineClosed', `The engine stopped (exit code ${code}).`).toShape() });
      }
      pending.clear();
      onClosed?.();
      resolve(code);
    });
  });

  const transport: Transport = {
    request(method: MethodName, params: unknown) {
      if (!alive) return Promise.reject(new AdloopError('EngineClosed', 'The engine is not running.'));
      const id = ++seq;
      return new Promise<RpcResponse>((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: 'rpc', req: { id, method, params } } satisfies HostToEngine);
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  return new Promise<EngineHandle>((resolve, reject) => {
    let settled = false;
    worker.on('message', (msg: EngineToHost) => {
      switch (msg.type) {
        case 'locked':
          lock = { lockFile: msg.lockFile, nonce: msg.nonce };
          break;
        case 'rpc': {
          const reply = pending.get(Number(msg.res.id));
          if (reply) {
            pending.delete(Number(msg.res.id));
            reply(msg.res);
          }
          break;
        }
        case 'event':
          for (const l of listeners) l(msg.event);
          break;
        case 'secret': {
          const store = opts.secrets;
          if (!store) break; // only asked when the host said it keeps credentials
          void answerSecretRequest(store, msg).then((reply) => {
            if (alive) worker.postMessage(reply satisfies HostToEngine);
          });
          break;
        }
        case 'closed':
          lock = null;
          onClosed?.();
          break;
        case 'fatal':
          settled = true;
          lock = null; // the engine released it before reporting
          void worker.terminate();
          reject(fromErrorShape(msg.error));
          break;
        case 'ready': {
          settled = true;
          const handle: EngineHandle = {
            client: createClient(transport),
            transport,
            info: msg.info,
            onEvent: (l) => transport.onEvent!(l),
            exited,
            close: () => {
              if (!alive) return Promise.resolve();
              return new Promise<void>((done) => {
                const timer = setTimeout(() => void worker.terminate(), opts.closeTimeoutMs ?? 15_000);
                onClosed = () => {
                  clearTimeout(timer);
                  onClosed = null;
                  void exited.then(() => done());
                };
                worker.postMessage({ type: 'shutdown' } satisfies HostToEngine);
              });
            },
          };
          resolve(handle);
          break;
        }
      }
    });
    worker.once('error', (e) => {
      if (!settled) {
        settled = true;
        reject(new AdloopError('Internal', `The engine thread failed to start: ${e.message}`));
      }
    });
    void exited.then((code) => {
      if (!settled) {
        settled = true;
        reject(new AdloopError('EngineClosed', `The engine thread exited during start (code ${code}).`));
      }
    });
  });
}
