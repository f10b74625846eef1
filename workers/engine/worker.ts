// Entry of the engine worker thread. It owns the database for its whole life and speaks the
// contract over its parent port. The same file runs under Electron's main process and plain Node.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorShape } from '../../contract';
import { createLogger } from '../log';
import { openEngine, type Engine } from './engine';
import { portSecretStore } from './host-secrets';
import { workspaceLayout } from './layout';
import type { EngineToHost, EngineWorkerData, HostToEngine } from './protocol';

const port = parentPort;
if (!port) throw new Error('workers/engine/worker.ts must run in a worker thread');
const data = workerData as EngineWorkerData;
const send = (msg: EngineToHost) => port.postMessage(msg);
const log = createLogger({ component: 'engine', dir: workspaceLayout(data.dataDir).logs, pretty: false });

let engine: Engine | null = null;
// The desktop shell keeps credentials itself (safeStorage); the engine asks it over this port.
const hostSecrets = data.hostSecrets ? portSecretStore(data.hostSecrets, send) : null;
const queued: HostToEngine[] = [];

async function handle(msg: HostToEngine): Promise<void> {
  if (msg.type === 'secret-reply') {
    hostSecrets?.onReply(msg);
    return;
  }
  if (msg.type === 'shutdown') {
    await engine?.close();
    send({ type: 'closed' });
    port!.close();
    return;
  }
  if (!engine) {
    queued.push(msg);
    return;
  }
  send({ type: 'rpc', res: await engine.dispatch(msg.req) });
}

port.on('message', (msg: HostToEngine) => {
  handle(msg).catch((e) => log.error('message handling failed', { error: e }));
});

try {
  const opts: Parameters<typeof openEngine>[0] = {
    dataDir: data.dataDir,
    log,
    emit: (event) => send({ type: 'event', event }),
    onLocked: (lock) => send({ type: 'locked', lockFile: lock.path, nonce: lock.info.nonce }),
  };
  if (data.migrationsDir) opts.migrationsDir = data.migrationsDir;
  if (data.background) opts.background = true;
  if (hostSecrets) opts.secrets = hostSecrets;
  if (data.fatigueTaskFile) opts.fatigueTaskFile = data.fatigueTaskFile;
  engine = await openEngine(opts);
  send({ type: 'ready', info: engine.info });
  for (const msg of queued.splice(0)) void handle(msg);
} catch (e) {
  log.error('engine failed to open', { error: e });
  send({ type: 'fatal', error: toErrorShape(e) });
}
