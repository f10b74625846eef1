// The sync status panel: per source, last and next pull, the limits the service reported, the
// last error and "reconnect needed"; "Sync now" pulls both with live progress (sync.run's
// progress events) and then refreshes every number on the page.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AdloopError, EventPayload, Output } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineQuery } from '../../engine/queries';
import { formatTime, relativeTime } from '../approvals/describe';
import { countsLine, limitsLine, progressLine, SOURCE_LABEL, sourceState, STATE_LABEL, type SourceStatus } from './syncStatus';

export function SyncStatus() {
  const client = useEngine();
  const qc = useQueryClient();
  const status = useEngineQuery('sync.status', {});
  const [progress, setProgress] = useState<EventPayload<'progress'> | null>(null);
  useEffect(() => client.on('progress', (p) => p.kind === 'sync.run' && setProgress(p)), [client]);

  const sync = useMutation<Output<'sync.run'>, AdloopError>({
    mutationFn: () => {
      setProgress(null);
      return client.call('sync.run', { source: 'all' });
    },
    // Deals, spend and the status itself changed: refresh everything.
    onSettled: () => void qc.invalidateQueries(),
  });
  const busy = sync.isPending || status.data?.running === true;

  return (
    <section className="panel" aria-labelledby="sync-title" data-testid="sync-status">
      <div className="panel-head">
        <h2 id="sync-title">Sync</h2>
        <div className="toolbar">
          {sync.isPending && (
            <span className="muted" role="status" data-testid="sync-progress">
              {progress ? progressLine(progress) : 'starting…'}
            </span>
          )}
          <button type="button" className="button" onClick={() => sync.mutate()} disabled={busy} data-testid="sync-now">
            {busy ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
      </div>
      {sync.isError && <ErrorPanel title="The sync did not run" error={sync.error} />}
      {sync.data && (
        <p className="notice" role="status" data-testid="sync-result">
          {sync.data.results.map((r) => `${SOURCE_LABEL[r.source]}: ${r.status === 'ok' ? `${r.source === 'meta' ? `${r.insightRows} daily rows` : `${r.deals} deals`}` : r.status}`).join(' · ')} ({(sync.data.ms / 1000).toFixed(1)} s)
        </p>
      )}
      {status.isPending ? (
        <Loading what="the sync status" />
      ) : status.isError ? (
        <ErrorPanel title="The sync status could not be read" error={status.error} onRetry={() => void status.refetch()} />
      ) : (
        <div className="sync-sources">
          {status.data.sources.map((s) => (
            <SourceCard key={s.source} s={s} />
          ))}
        </div>
      )}
    </section>
  );
}

function When({ iso, testId }: { iso: string | null; testId: string }) {
  if (!iso) return <span data-testid={testId}>never</span>;
  return (
    <time dateTime={iso} title={formatTime(iso)} data-testid={testId}>
      {relativeTime(iso, Date.now())}
    </time>
  );
}

function SourceCard({ s }: { s: SourceStatus }) {
  const state = sourceState(s);
  const id = `sync-${s.source}`;
  return (
    <div className="sync-source" data-testid={id} data-state={state}>
      <h3>
        {SOURCE_LABEL[s.source]}{' '}
        <span className={`badge sync-state-${state}`} data-testid={`${id}-state`}>
          {STATE_LABEL[state]}
        </span>
      </h3>
      <dl className="evidence-grid">
        <div>
          <dt>Last pull</dt>
          <dd>
            <When iso={s.lastSuccessAt} testId={`${id}-last`} />
          </dd>
        </div>
        <div>
          <dt>Next pull</dt>
          <dd data-testid={`${id}-next`} title={s.nextPullNote}>
            {s.nextPullAt ? <When iso={s.nextPullAt} testId={`${id}-next-at`} /> : s.nextPullNote}
          </dd>
        </div>
        <div>
          <dt>Limits used</dt>
          <dd data-testid={`${id}-limits`}>
            {limitsLine(s.source, s.limits)}
            {s.limits?.blockedUntil && <> · waiting until {formatTime(s.limits.blockedUntil)}</>}
          </dd>
        </div>
        <div>
          <dt>Last pull read</dt>
          <dd data-testid={`${id}-counts`}>{countsLine(s.lastCounts)}</dd>
        </div>
      </dl>
      {s.reconnectNeeded && (
        <p className="field-error" role="alert" data-testid={`${id}-reconnect`}>
          {SOURCE_LABEL[s.source]} refused the token: enter a new one in Settings to reconnect.
        </p>
      )}
      {s.lastError && !s.reconnectNeeded && (
        <p className="field-error" role="alert" data-testid={`${id}-error`}>
          {s.lastError.message}
        </p>
      )}
    </div>
  );
}
