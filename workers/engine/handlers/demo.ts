// demo.generate: fill the workspace from the deterministic simulator, all in one transaction.
import { AdloopError, type CallContext, type Output, type ParsedInput } from '../../../contract';
import { clearWorkspace, loadSimulationInto, simulate, workspaceHasData, yesterday } from '../../simulator';
import type { Database } from '../db';
import { ATTRIBUTION_WINDOW_DAYS, runAttribution } from '../services/pipeline/attribute';

export async function runDemo(db: Database, input: ParsedInput<'demo.generate'>, ctx: CallContext): Promise<Output<'demo.generate'>> {
  const t0 = performance.now();
  if ((await workspaceHasData(db)) && !input.replace) {
    throw new AdloopError('Conflict', 'This workspace already has data; pass replace: true (adloop demo --replace) to overwrite it with demo data.');
  }
  const endDay = input.endDay ?? yesterday();
  if (Number.isNaN(Date.parse(`${endDay}T00:00:00Z`))) throw new AdloopError('InvalidInput', `endDay ${endDay} is not a real date`, { issues: [{ path: 'endDay', message: 'not a real date' }] });
  ctx.progress('simulate', 0, 8, `${input.ads} ads × ${input.days} days`);
  const sim = simulate({ seed: input.seed, ads: input.ads, days: input.days, endDay });
  ctx.progress('simulate', 1, 8);
  const counts = await db.transaction(async (tx) => {
    if (input.replace) await clearWorkspace(tx);
    const loaded = await loadSimulationInto(tx, sim, (step, done, total) => ctx.progress(step, 2 + Math.round((done / total) * 6), 8));
    // The loader's first pass credits hsa_ad only, without a why; the real attribution gives every
    // deal its method, confidence and one-line explanation before anyone reads the workspace.
    await runAttribution(tx, { windowDays: ATTRIBUTION_WINDOW_DAYS });
    return loaded;
  });
  const out: Output<'demo.generate'> = { ...counts, ms: Math.round(performance.now() - t0) };
  if (input.includeTruth) out.truth = { seed: input.seed, accounts: sim.accounts.map((a) => a.id), ads: sim.truth };
  return out;
}
