import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson, progressPrinter } from '../output';
import { UsageError } from '../usage-error';

export const pushHelp = `adloop push --db DIR [--meta-url URL] [--json]

Push the approved changes in the approval queue to Meta. Each is re-checked against the guardrails,
read on Meta first (a change already in effect is marked applied without a write), written once,
and marked applied or failed with Meta's reason. Changes left "pushing" by an interrupted push are
settled first by reading Meta, so nothing is ever written twice. Uses the Meta token in the OS
keychain (ADLOOP_META_TOKEN stores one). Exit 1 when a change failed or could not be settled.`;

export async function pushCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { db: { type: 'string' }, 'meta-url': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(pushHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const url = values['meta-url'];
  if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw new UsageError(`--meta-url expects an http(s) URL, got ${JSON.stringify(url)}`);
  const session = await openSession(db, 'push');
  try {
    const client = session.engine.client;
    if (process.env.ADLOOP_META_TOKEN) await client.call('sync.connect', { source: 'meta', token: process.env.ADLOOP_META_TOKEN, ...(url ? { url } : {}) });
    const off = values.json ? () => undefined : client.on('progress', progressPrinter(true));
    const out = await client.call('sync.push', url ? { metaUrl: url } : {});
    off();
    if (values.json) printJson(out);
    else {
      for (const r of out.results) process.stdout.write(`#${r.id} ${r.state}: ${r.note}\n`);
      process.stdout.write(`${out.applied} written, ${out.alreadyInEffect} already in effect, ${out.failed} failed, ${out.unsettled} left to settle.\n`);
    }
    return out.failed || out.unsettled ? 1 : 0;
  } finally {
    await session.close();
  }
}
