import type { Allocation } from '../../../../contract';
import { formatDayWindow } from '../../format/numbers';
import { directionOf } from './rows';
import { runMoney } from './money';

const OBJECTIVE: Record<Allocation['objective'], string> = {
  pipeline_roas: 'Pipeline ROAS',
  clicks_per_spend: 'Clicks per spend (no pipeline data yet)',
};
const METHOD: Record<Allocation['method'], string> = {
  quadrature: 'Exact (numerical integration)',
  monte_carlo: 'Monte Carlo (small samples)',
};

/** What the run was: its id, data window, objective, method, totals and the allocator's notes. */
export function RunSummary({ run }: { run: Allocation }) {
  const money = runMoney(run);
  const current = run.recommendations.reduce((s, r) => s + (r.currentBudget ?? 0), 0);
  const recommended = run.recommendations.reduce((s, r) => s + r.recommendedBudget, 0);
  const counts = { raise: 0, cut: 0, keep: 0 };
  for (const r of run.recommendations) counts[directionOf(r)]++;

  return (
    <section className="panel run-summary" aria-labelledby="run-title" data-testid="budget-run" data-run-id={run.runId}>
      <div className="panel-head">
        <h2 id="run-title">
          Allocation run <span className="run-id">#{run.runId}</span>
        </h2>
        <p className="muted">
          {run.recommendations.length} {run.recommendations.length === 1 ? 'holder' : 'holders'} · {counts.raise} raise · {counts.cut} cut ·{' '}
          {counts.keep} keep
        </p>
      </div>
      <dl className="facts">
        <div>
          <dt>Total daily budget</dt>
          <dd data-testid="run-total">{money(run.total)}</dd>
        </div>
        <div>
          <dt>Current budgets</dt>
          <dd>{money(current)}</dd>
        </div>
        <div>
          <dt>Recommended</dt>
          <dd>{money(recommended)}</dd>
        </div>
        <div>
          <dt>Data window</dt>
          <dd>{formatDayWindow(run.windowStart, run.windowEnd)}</dd>
        </div>
        <div>
          <dt>Objective</dt>
          <dd>{OBJECTIVE[run.objective]}</dd>
        </div>
        <div>
          <dt>P(best) method</dt>
          <dd>{METHOD[run.method]}</dd>
        </div>
        <div>
          <dt>Evidence half-life</dt>
          <dd>{run.halfLifeDays} days</dd>
        </div>
        <div>
          <dt>In the approval queue</dt>
          <dd title="Changes of this run waiting in Approvals: new ones, plus identical proposals kept from an earlier run.">
            {run.queued}
            {run.queued !== run.proposed && <span className="muted"> ({run.proposed} new)</span>}
          </dd>
        </div>
      </dl>
      {run.notes.length > 0 && (
        <details className="run-notes" open={run.notes.length <= 2}>
          <summary>
            {run.notes.length === 1 ? '1 note from the allocator' : `${run.notes.length} notes from the allocator`}
          </summary>
          <ul>
            {run.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
