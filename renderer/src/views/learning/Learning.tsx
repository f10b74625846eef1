import { useEffect, useMemo, useState } from 'react';
import type { EventPayload } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';
import { CalibrationCharts } from './CalibrationCharts';
import { calibrationSeries, currentRun, qualitySeries, stepRows, versionBars } from './logic';
import { QualityChart } from './QualityChart';
import { RunHistory } from './RunHistory';
import { StepList } from './StepList';

export function Learning() {
  const client = useEngine();
  const runs = useEngineQuery('learning.runs', { limit: 30 });
  const run = useMemo(() => currentRun(runs.data), [runs.data]);
  const start = useEngineMutation('learning.run');
  const cancel = useEngineMutation('jobs.cancel');
  const [live, setLive] = useState<EventPayload<'progress'> | null>(null);
  const running = run?.state === 'running';

  useEffect(
    () =>
      client.on('progress', (p) => {
        if (p.kind !== 'learning.cycle') return;
        setLive(p);
        // A step finished: re-read the run for its counts and notes.
        if (p.percent >= 100) void runs.refetch();
      }),
    [client, runs],
  );
  // While a cycle runs, poll too: progress events can be missed across a reconnect.
  useEffect(() => {
    if (!running && !start.isPending) return;
    const t = setInterval(() => void runs.refetch(), 1500);
    return () => clearInterval(t);
  }, [running, start.isPending, runs]);

  const rows = stepRows(run, live);
  const quality = useMemo(() => qualitySeries(runs.data), [runs.data]);
  const calibration = useMemo(() => calibrationSeries(runs.data), [runs.data]);
  // Scores by model version change only when a cycle finishes: re-read with the runs.
  const byVersion = useEngineQuery('learning.quality', {});
  const lastFinished = runs.data?.find((r) => r.state !== 'running')?.id;
  useEffect(() => {
    if (lastFinished !== undefined) void byVersion.refetch(); // on a new finished run only
  }, [lastFinished]);
  const bars = useMemo(() => versionBars(byVersion.data), [byVersion.data]);

  return (
    <div className="view view-wide" data-testid="view-learning">
      <header className="view-head">
        <div>
          <h1>Learning</h1>
          <p className="muted">
            Each cycle pulls the day’s results, credits deals to ads, updates the models, scans for fatigue, scores yesterday’s
            predictions and proposes budgets for your approval. A cycle that is interrupted resumes at the step it was on.
          </p>
        </div>
        <div className="view-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => start.mutate({}, { onSuccess: () => void runs.refetch() })}
            disabled={start.isPending || running}
            aria-keyshortcuts="Alt+R"
          >
            {running ? 'Cycle running…' : 'Run the cycle now'}
          </button>
          {running && run?.jobId !== null && run?.jobId !== undefined && (
            <button type="button" className="button" onClick={() => cancel.mutate({ id: run.jobId! }, { onSuccess: () => void runs.refetch() })} disabled={cancel.isPending}>
              Cancel
            </button>
          )}
        </div>
      </header>
      {start.error && <ErrorPanel title="The cycle could not be started" error={start.error} />}
      {cancel.error && <ErrorPanel title="The cycle could not be cancelled" error={cancel.error} />}
      {runs.isPending ? (
        <Loading what="the learning runs" />
      ) : runs.error ? (
        <ErrorPanel title="The learning runs could not be read" error={runs.error} onRetry={() => void runs.refetch()} />
      ) : !run ? (
        <section className="panel empty" data-testid="learning-empty">
          <h2>No cycle has run yet</h2>
          <p>Run the cycle now, or let the daily schedule run it. Its seven steps and what each found will show here.</p>
        </section>
      ) : (
        <>
          <StepList run={run} rows={rows} />
          <QualityChart points={quality} />
          <CalibrationCharts points={calibration} gate={bars.gate} allocation={bars.allocation} pending={byVersion.data?.pending ?? null} />
          <RunHistory runs={runs.data ?? []} />
        </>
      )}
    </div>
  );
}
