import fs from 'node:fs';
import path from 'node:path';
import type { ImportKind, ImportReport } from '../../contract';
import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson } from '../output';
import { UsageError } from '../usage-error';

export const importHelp = `adloop import --db DIR --kind meta-ads|hubspot-deals FILE [--account ID] [--currency CODE] [--dry-run] [--json]
adloop import meta-csv|hubspot-csv FILE --db DIR [...]

Import an Ads Manager export (daily breakdown by ad: Day, Campaign/Ad set/Ad name, Ad ID,
Impressions, Reach, Amount spent (USD), Link clicks …) or a HubSpot deal export (Record ID, Deal
Stage, Pipeline, Amount, Create Date, Close Date, Original Source and drill-downs) in English,
German, French, Spanish or Portuguese, comma- or semicolon-separated. Rows that cannot be read are
listed with their line and reason; a fatal problem imports nothing (exit 2). Importing the same file
again changes nothing. --dry-run reports without writing.`;

const ALIASES: Record<string, ImportKind> = { 'meta-ads': 'meta-ads', 'meta-csv': 'meta-ads', 'hubspot-deals': 'hubspot-deals', 'hubspot-csv': 'hubspot-deals' };

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    db: { type: 'string' },
    kind: { type: 'string' },
    account: { type: 'string' },
    currency: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(importHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const args = [...positionals];
  let kindText = values.kind;
  if (!kindText && args.length === 2) kindText = args.shift();
  if (!kindText) throw new UsageError('--kind is required (meta-ads or hubspot-deals)');
  const kind = ALIASES[kindText];
  if (!kind) throw new UsageError(`--kind must be meta-ads or hubspot-deals, got ${JSON.stringify(kindText)}`);
  if (args.length !== 1) throw new UsageError(args.length === 0 ? 'name the CSV file to import' : `one file at a time, got ${args.length}`);
  const file = path.resolve(args[0]!);
  // A file that cannot be read at all is bad input (exit 2), caught before a workspace is opened.
  if (!fs.existsSync(file)) throw new UsageError(`there is no file ${file}`);
  const session = await openSession(db, 'import');
  try {
    const report = await session.engine.client.call('import.csv', {
      kind,
      path: file,
      ...(values.account ? { accountId: values.account } : {}),
      ...(values.currency ? { currency: values.currency } : {}),
      dryRun: values['dry-run'] === true,
    });
    if (values.json) printJson(report);
    else process.stdout.write(formatReport(report));
    return 0;
  } finally {
    await session.close();
  }
}

export function formatReport(r: ImportReport): string {
  const out: string[] = [];
  out.push(`${r.kind} import of ${r.file ?? 'pasted text'}: ${r.rowsRead} row(s) read, ${r.rowsImported} imported (${r.inserted} new, ${r.updated} changed, ${r.unchanged} unchanged), ${r.rowsRejected} rejected.`);
  if (r.currency) out.push(`Currency ${r.currency}${r.language ? `, headers in ${r.language}` : ''}.`);
  const created = Object.entries(r.created).filter(([, n]) => n > 0);
  if (created.length) out.push(`Created: ${created.map(([k, n]) => `${n} ${k}`).join(', ')}.`);
  if (r.attributed) out.push(`Attribution: ${r.attributed.attributed} of ${r.attributed.deals} deal(s) credited to an ad.`);
  for (const x of r.rejected.slice(0, 50)) out.push(`  line ${x.line}: ${x.reason}`);
  if (r.rejected.length > 50) out.push(`  … and ${r.rejected.length - 50} more (use --json for all)`);
  if (r.ignoredColumns.length) out.push(`Columns not used: ${r.ignoredColumns.join(', ')}.`);
  for (const n of r.notes) out.push(`Note: ${n}`);
  return out.join('\n') + '\n';
}
