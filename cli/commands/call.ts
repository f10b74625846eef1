// `adloop call METHOD [JSON]` and `adloop methods`: the contract's method table as commands, so
// every engine method is scriptable without writing a command for each.
import { methodNames, methods, isMethodName } from '../../contract';
import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson, progressPrinter } from '../output';
import { UsageError } from '../usage-error';

export const callHelp = `adloop call METHOD [JSON] --db DIR

Call one engine method with a JSON input (default {}) and print its JSON output.
Run \`adloop methods\` for the list.`;

export async function callCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(callHelp + '\n');
    return 0;
  }
  const [method, json] = positionals;
  if (!method) throw new UsageError('adloop call needs a METHOD; run `adloop methods` for the list');
  if (!isMethodName(method)) throw new UsageError(`unknown method ${JSON.stringify(method)}; run \`adloop methods\` for the list`);
  let input: unknown = {};
  if (json !== undefined) {
    try {
      input = JSON.parse(json);
    } catch {
      throw new UsageError(`the input for ${method} is not valid JSON`);
    }
  }
  const db = requireString(values.db, 'db');
  const session = await openSession(db, `call ${method}`);
  try {
    const off = session.engine.client.on('progress', progressPrinter(true));
    const out = await session.engine.client.call(method, input as never);
    off();
    printJson(out);
    return 0;
  } finally {
    await session.close();
  }
}

export function methodsCommand(argv: string[]): number {
  const { values } = parseFlags(argv, { json: { type: 'boolean' } });
  const rows = methodNames.map((name) => ({ name, summary: methods[name].summary, mutates: methods[name].mutates }));
  if (values.json) printJson(rows);
  else for (const r of rows) process.stdout.write(`${r.name.padEnd(22)} ${r.mutates ? '(writes) ' : ''}${r.summary}\n`);
  return 0;
}
