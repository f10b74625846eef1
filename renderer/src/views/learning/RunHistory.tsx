import type { LearningRun } from '../../../../contract';
import { humanize, RUN_STATE_LABEL, runTotals } from './logic';

export function RunHistory({ runs }: { runs: readonly LearningRun[] }) {
  return (
    <section className="panel" aria-labelledby="history-title">
      <div className="panel-head">
        <h2 id="history-title">Run history</h2>
        <p className="muted">Newest first</p>
      </div>
      <table className="table" data-testid="learning-history">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">State</th>
            <th scope="col">Results</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-testid={`learning-run-${r.id}`}>
              <td>#{r.id}</td>
              <td>{r.trigger === 'schedule' ? 'Scheduled' : 'By hand'}</td>
              <td>{new Date(r.startedAt).toLocaleString()}</td>
              <td>{RUN_STATE_LABEL[r.state]}</td>
              <td className="muted">
                {runTotals(r)
                  .map(([k, v]) => `${humanize(k)} ${v.toLocaleString()}`)
                  .join(' · ') || '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
