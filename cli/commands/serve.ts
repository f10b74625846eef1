import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { intFlag, parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { startBridge } from '../http-bridge';
import { printJson } from '../output';
import { UsageError } from '../usage-error';

export const serveHelp = `adloop serve --db DIR [--port N] [--web DIR] [--json]

Run the engine and the Adloop interface on 127.0.0.1 for a browser. A random token is made for
each run and is required on every request; open the printed link. Stop with Ctrl+C.
  --port N   port to listen on (0 or omitted: any free port)
  --web DIR  built interface to serve (default: out/web of this checkout)
  --json     print {"event":"listening","url","port","token"} as one line when ready`;

export function defaultWebDir(): string {
  return process.env.ADLOOP_WEB_DIR ?? fileURLToPath(new URL('../../out/web/', import.meta.url));
}

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    db: { type: 'string' },
    port: { type: 'string' },
    web: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(serveHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const port = intFlag(values.port, 'port') ?? 0;
  if (port < 0 || port > 65535) throw new UsageError(`--port must be between 0 and 65535, got ${port}`);
  const webDir = values.web ?? defaultWebDir();
  const hasWeb = fs.existsSync(`${webDir}/index.html`);
  if (!hasWeb) process.stderr.write(`warning: no built interface in ${webDir}; run \`npm run build:renderer\`. Engine calls still work.\n`);

  const session = await openSession(db, 'serve', { background: true });
  let bridge;
  try {
    bridge = await startBridge({ engine: session.engine, port, webDir: hasWeb ? webDir : null, log: session.log });
  } catch (e) {
    await session.close();
    throw e;
  }
  session.log.info('serving', { port: bridge.port });
  if (values.json) printJson({ event: 'listening', url: bridge.url, port: bridge.port, token: bridge.token });
  else process.stdout.write(`Adloop is running. Open this link in your browser:\n\n  ${bridge.url}\n\nPress Ctrl+C to stop.\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void session.engine.exited.then(stop);
  });
  await bridge.close();
  await session.close();
  return 0;
}
