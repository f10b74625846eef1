// adloop winners search / adloop gate: the winner index from the command line.
import fs from 'node:fs';
import { parseDna, type Dna, type GateOutput } from '../../contract';
import { intFlag, parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { formatMinor } from '../money';
import { printJson } from '../output';
import { UsageError } from '../usage-error';

export const winnersHelp = `adloop winners search --db DIR (--ad ID | --dna FILE) [--k N] [--all] [--json]

The k (default 10) indexed winners most similar to an ad or to a creative DNA draft (a JSON file
with fields such as format, hookType, hookSeconds, facesInFirst3s; all optional), nearest first,
with similarity %, each one's CTR, pipeline ROAS and spend, and the DNA fields that differ.
--all searches every indexed ad, not only winners.`;

export const gateHelp = `adloop gate --db DIR --dna FILE [--ad-set ID] [--json]

The pre-spend gate for a creative DNA draft (JSON file): predicted CTR from its nearest indexed
neighbours with a 90 % interval, REJECT / PROCEED / UNCERTAIN against the account CTR (REJECT
below the gateRejectRatio setting, 70 % by default), what to change, and the battle plan. Advice,
not a block: a rejected creative can still be launched on a small test budget.
--ad-set ID predicts for the ad set the creative will run in (its audience's CTR against the
account's); without it, for an average audience.`;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(2)} %`);

function readDnaFile(file: string): Dna {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read --dna ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--dna ${file} is not JSON: ${(e as Error).message}`);
  }
  return parseDna(raw); // InvalidInput naming each bad field (exit 2)
}

export async function winnersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(winnersHelp + '\n');
    return 0;
  }
  if (sub !== 'search') throw new UsageError(`unknown subcommand ${JSON.stringify(sub)}; try \`adloop winners search --help\``);
  const { values } = parseFlags(rest, { db: { type: 'string' }, ad: { type: 'string' }, dna: { type: 'string' }, k: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(winnersHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  if ((values.ad === undefined) === (values.dna === undefined)) throw new UsageError('give exactly one of --ad ID or --dna FILE');
  const k = intFlag(values.k, 'k') ?? 10;
  if (k < 1 || k > 100) throw new UsageError('--k must be from 1 to 100');
  const subject = values.ad !== undefined ? { adId: values.ad } : { dna: readDnaFile(values.dna!) };
  const session = await openSession(db, 'winners search');
  try {
    const out = await session.engine.client.call('winners.search', { ...subject, k, winnersOnly: !values.all });
    if (values.json) {
      printJson(out);
      return 0;
    }
    const what = out.adId ? `ad ${out.adId}` : 'the DNA draft';
    process.stdout.write(`${out.neighbours.length} most similar ${values.all ? 'ads' : 'winners'} to ${what} (account CTR ${pct(out.accountCtr)}):\n\n`);
    out.neighbours.forEach((n, i) => {
      const roas = n.pipelineRoas === null ? '—' : n.pipelineRoas.toFixed(2);
      process.stdout.write(
        `${String(i + 1).padStart(3)}. ${n.name.slice(0, 40).padEnd(40)} ${n.similarityPct.toFixed(1).padStart(5)} % similar  CTR ${pct(n.ctr).padStart(7)}  pROAS ${roas.padStart(5)}  spend ${formatMinor(n.spend, n.currency, n.currencyOffset)}\n`,
      );
      const diff = n.comparison.filter((c) => c.status === 'different').slice(0, 4);
      if (diff.length) process.stdout.write(`       differs on: ${diff.map((c) => `${c.field} ${String(c.draft)} vs ${String(c.neighbour)}`).join('; ')}\n`);
    });
    if (out.neighbours.length === 0) process.stdout.write('  (none: no indexed ad matches yet)\n');
    return 0;
  } finally {
    await session.close();
  }
}

export function gateLines(g: GateOutput): string[] {
  return [
    `Gate: ${g.decision}`,
    `Predicted CTR ${pct(g.predictedCtr)} (${Math.round(g.interval.credibility * 100)} % interval ${pct(g.interval.lower)}–${pct(g.interval.upper)}); account ${pct(g.accountCtr)}, REJECT line ${pct(g.threshold)}.`,
    g.adSetId === null ? 'For an average audience.' : `For ad set ${g.adSetId}, whose ads run at ${g.contextRatio.toFixed(2)}× the account CTR.`,
    g.recommendation,
  ];
}

export async function gateCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, { db: { type: 'string' }, dna: { type: 'string' }, 'ad-set': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(gateHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const dna = readDnaFile(requireString(values.dna, 'dna'));
  const session = await openSession(db, 'gate');
  try {
    const subject = values['ad-set'] === undefined ? { dna } : { dna, adSetId: values['ad-set'] };
    const gate = await session.engine.client.call('winners.gate', subject);
    const plan = await session.engine.client.call('winners.battlePlan', subject);
    if (values.json) {
      printJson({ gate, battlePlan: { winners: plan.winners, patterns: plan.patterns, changes: plan.changes, text: plan.text } });
      return 0;
    }
    process.stdout.write(`${gateLines(gate).join('\n')}\n\nBattle plan:\n${plan.text.map((l) => `  ${l}`).join('\n')}\n`);
    return 0;
  } finally {
    await session.close();
  }
}
