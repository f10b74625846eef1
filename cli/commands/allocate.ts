import { parseFlags, requireString } from '../args';
import { openSession } from '../engine-session';
import { formatMinor, toMinorUnits } from '../money';
import { printJson } from '../output';
import { UsageError } from '../usage-error';

export const allocateHelp = `adloop allocate --db DIR --budget AMOUNT [--account ID] [--dry-run] [--json]

Allocate a total daily budget (AMOUNT in major units of the account currency, e.g. 1500.00)
across the account's ad sets (ABO) and campaigns (CBO) from the probability that each is best,
within Meta's minimums, the ±change cap and the 4-edits/hour limit. The changes are proposed into
the approval queue (nothing reaches Meta until approved); --dry-run only records the run.`;

export async function allocateCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    db: { type: 'string' },
    budget: { type: 'string' },
    account: { type: 'string' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(allocateHelp + '\n');
    return 0;
  }
  const db = requireString(values.db, 'db');
  const budgetText = requireString(values.budget, 'budget');
  if (!/^\d+(\.\d+)?$/.test(budgetText)) throw new UsageError(`--budget expects an amount like 1500 or 1500.50, got ${JSON.stringify(budgetText)}`);
  const session = await openSession(db, 'allocate');
  try {
    const accounts = await session.engine.client.call('accounts.list', {});
    const account = values.account ? accounts.find((a) => a.id === values.account) : accounts.length === 1 ? accounts[0] : undefined;
    if (!account) {
      throw new UsageError(
        values.account
          ? `there is no account ${values.account}; accounts: ${accounts.map((a) => a.id).join(', ') || 'none'}`
          : accounts.length === 0
            ? 'this workspace has no ad account yet (run `adloop demo` or connect Meta)'
            : `this workspace has ${accounts.length} accounts; pick one with --account (${accounts.map((a) => a.id).join(', ')})`,
      );
    }
    const total = toMinorUnits(budgetText, account.currencyOffset);
    const out = await session.engine.client.call('budget.allocate', { accountId: account.id, total, propose: !values['dry-run'] });
    if (values.json) {
      printJson(out);
      return 0;
    }
    const m = (x: number) => formatMinor(x, out.currency, out.currencyOffset);
    process.stdout.write(`Allocation #${out.runId} of ${m(out.total)} for ${account.name} (data ${out.windowStart ?? '—'} to ${out.windowEnd ?? '—'}, ${out.objective.replace('_', ' ')}):\n\n`);
    for (const r of [...out.recommendations].sort((a, b) => b.pBest - a.pBest)) {
      const cur = r.currentBudget === null ? '—' : m(r.currentBudget);
      process.stdout.write(`  ${r.holderName.slice(0, 32).padEnd(32)} ${cur.padStart(14)} → ${m(r.recommendedBudget).padStart(14)}  P(best) ${(r.pBest * 100).toFixed(1).padStart(5)} %\n      ${r.reason}\n`);
    }
    for (const a of out.adPauses) process.stdout.write(`  ad ${a.adName}: ${a.reason}\n`);
    for (const n of out.notes) process.stdout.write(`  note: ${n}\n`);
    process.stdout.write(`\n${out.proposed} change(s) proposed into the approval queue${values['dry-run'] ? ' (dry run: none)' : ''}.\n`);
    return 0;
  } finally {
    await session.close();
  }
}
