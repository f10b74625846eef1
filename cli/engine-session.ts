// Opens the engine on a workspace folder for one command, with the CLI's logger.
import { createLogger, startEngine, workspaceLayout, type EngineHandle, type Logger } from '../workers';

export interface Session {
  engine: EngineHandle;
  log: Logger;
  close(): Promise<void>;
}

export async function openSession(dataDir: string, command: string, opts: { background?: boolean } = {}): Promise<Session> {
  const log = createLogger({ component: 'cli', dir: workspaceLayout(dataDir).logs, pretty: false }, { command });
  const engine = await log.time('engine start', { dataDir }, () => startEngine({ dataDir, background: opts.background ?? false }));
  return { engine, log, close: () => engine.close() };
}
