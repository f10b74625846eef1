import type { LearningRun } from '../../../../contract';
import { duration, humanize, RUN_STATE_LABEL, STEP_STATE_LABEL, type StepRow } from './logic';

export function StepList({ run, rows }: { run: LearningRun; rows: StepRow[] }) {
  return (
    <section className="panel" aria-labelledby="steps-title" data-testid="learning-steps">
      <div className="panel-head">
        <h2 id="steps-title">
          Run #{run.id} · <span data-testid="learning-run-state">{RUN_STATE_LABEL[run.state]}</span>
        </h2>
        <p className="muted">
          Started {new Date(run.startedAt).toLocaleString()}
          {run.finishedAt ? ` · finished ${new Date(run.finishedAt).toLocaleString()}` : ''}
        </p>
      </div>
      {run.error && <p className="refusal">{run.error}</p>}
      <ol className="learning-steps">
        {rows.map((s) => (
          <li key={s.id} className={`learning-step step-${s.state}`} data-testid={`step-${s.id}`} data-state={s.state}>
            <div className="learning-step-head">
              <span className="learning-step-name">
                {s.index}. {s.label}
              </span>
              <span className="muted">
                {STEP_STATE_LABEL[s.state]}
                {s.ms !== null && s.state !== 'running' ? ` · ${duration(s.ms)}` : ''}
              </span>
            </div>
            <div
              className="progress-bar"
              role="progressbar"
              aria-label={`Step ${s.index}: ${s.label}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={s.percent}
            >
              <span style={{ width: `${s.percent}%` }} />
            </div>
            {Object.keys(s.counts).length > 0 && (
              <ul className="learning-counts">
                {Object.entries(s.counts).map(([k, v]) => (
                  <li key={k}>
                    {humanize(k)}: <strong>{Number.isInteger(v) ? v.toLocaleString() : v.toPrecision(4)}</strong>
                  </li>
                ))}
              </ul>
            )}
            {s.notes.map((n, i) => (
              <p key={i} className="muted learning-note">
                {n}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
}
