import type { EventPayload } from '../../contract';
import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson } from '../output';

export const scanHelp = `adloop scan --db DIR [--json]

Scan every ad of the workspace for creative fatigue now: the launch baseline, a CUSUM on clicks
per impression, frequency against the audience's band, CPM relative to the account's CPM and
the share of new reach. Stores the findings and proposes remediation for ads newly flagged
(a 20 % budget cut of the holder or a pause, into the approval queue; nothing reaches Meta
until approved). --json prints the scan summary and the new findings as one JSON object.`;

export async function scanCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(scanHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const session = await openSession(db, 'scan');
  try {
    const client = session.engine.client;
    const stop = values.json
      ? () => undefined
      : session.engine.onEvent((e) => {
          if (e.event !== 'progress' || !process.stderr.isTTY) return;
          const p = e.payload as EventPayload<'progress'>;
          if (p.kind === 'scan') process.stderr.write(`\r${p.message ?? p.step} ${p.percent}%   `);
        });
    const scan = await client.call('fatigue.scan', {});
    stop();
    const fresh = await client.call('fatigue.latest', { newOnly: true, limit: 20_000 });
    if (values.json) {
      printJson({ scan, newFindings: fresh.findings });
      return 0;
    }
    if (process.stderr.isTTY) process.stderr.write('\r');
    const c = scan.counts;
    process.stdout.write(
      `Fatigue scan #${scan.scanId}: ${scan.adsScanned} ads as of ${scan.asOf ?? '—'} in ${scan.durationMs ?? 0} ms${scan.joined ? ' (joined a scan already running)' : ''}\n` +
        `  ${c.FATIGUING} fatiguing, ${c.SATURATED} saturated, ${c.AUDIENCE_EXHAUSTED} audience exhausted, ${c.HEALTHY} healthy, ${c.WARMING} warming up\n`,
    );
    if (fresh.findings.length) process.stdout.write(`\nNew since the previous scan:\n`);
    for (const f of fresh.findings) {
      process.stdout.write(`  ${f.status.padEnd(18)} ${f.adName.slice(0, 40).padEnd(40)} onset ${f.onsetDay ?? '—'}${f.changeId !== null ? `  change #${f.changeId}` : ''}\n      ${f.sentence}\n`);
    }
    process.stdout.write(`\n${scan.proposed} change(s) proposed into the approval queue.\n`);
    return 0;
  } finally {
    await session.close();
  }
}
