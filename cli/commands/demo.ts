import fs from 'node:fs';
import path from 'node:path';
import { workspaceLayout } from '../../workers';
import { intFlag, parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { printJson, progressPrinter } from '../output';

export const demoHelp = `adloop demo --db DIR [--seed N] [--ads N] [--days N] [--end-day YYYY-MM-DD] [--truth FILE] [--replace] [--json]

Fill a workspace with the deterministic simulator: ad accounts, ABO and CBO campaigns, ad sets,
ads with creative DNA, daily metrics and HubSpot-style deals. The same seed gives the same data.
  --truth FILE   also write the ground truth (latent CTRs, fatigue onsets, true winners) as JSON
  --replace      replace the data of a workspace that already has some`;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    db: { type: 'string' },
    seed: { type: 'string' },
    ads: { type: 'string' },
    days: { type: 'string' },
    'end-day': { type: 'string' },
    truth: { type: 'string' },
    replace: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(demoHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const input = {
    seed: intFlag(values.seed, 'seed'),
    ads: intFlag(values.ads, 'ads'),
    days: intFlag(values.days, 'days'),
    endDay: values['end-day'],
    includeTruth: Boolean(values.truth),
    replace: Boolean(values.replace),
  };
  const session = await openSession(db, 'demo');
  try {
    const off = session.engine.client.on('progress', progressPrinter(true));
    const result = await session.engine.client.call('demo.generate', input);
    off();
    if (values.truth && result.truth) {
      fs.mkdirSync(path.dirname(path.resolve(values.truth)), { recursive: true });
      fs.writeFileSync(values.truth, JSON.stringify(result.truth, null, 1));
    }
    fs.writeFileSync(workspaceLayout(db).demoMarker, JSON.stringify({ seed: input.seed ?? 1, at: new Date().toISOString() }));
    const { truth: _truth, ...counts } = result;
    if (values.json) printJson(counts);
    else
      process.stdout.write(
        `Demo workspace ready in ${db}: ${counts.accounts} accounts, ${counts.campaigns} campaigns, ${counts.adSets} ad sets, ${counts.ads} ads, ${counts.metricRows} daily rows, ${counts.deals} deals (${Math.round(counts.ms)} ms).\n`,
      );
    return 0;
  } finally {
    await session.close();
  }
}
