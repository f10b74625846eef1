// What ran, how long it took, what failed and what the sync saw: for the user and for a support
// request. Nothing here is secret (no tokens, no ad or CRM data).
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngineQuery } from '../../engine/queries';
import { bytes, duration, when } from './format';

export function DiagnosticsPanel() {
  const d = useEngineQuery('diagnostics.get', {});
  return (
    <section className="panel settings-panel" aria-labelledby="settings-diagnostics-title" id="settings-diagnostics" data-testid="diagnostics">
      <h2 id="settings-diagnostics-title" tabIndex={-1}>Diagnostics</h2>
      {d.isPending ? (
        <Loading what="diagnostics" />
      ) : d.isError ? (
        <ErrorPanel title="Diagnostics could not be read" error={d.error} onRetry={() => void d.refetch()} />
      ) : (
        <>
          <dl className="facts">
            <dt>Version</dt>
            <dd>
              app {d.data.appVersion}, engine {d.data.engineVersion}
            </dd>
            <dt>Schema</dt>
            <dd>
              <code>{d.data.schemaVersion ?? 'none'}</code> ({d.data.migrationsApplied} migrations)
            </dd>
            <dt>Database size</dt>
            <dd data-testid="db-size">
              {bytes(d.data.databaseBytes)} in Postgres, {bytes(d.data.databaseFolderBytes)} on disk
            </dd>
            <dt>Log folder</dt>
            <dd>
              <code>{d.data.logDir}</code>
            </dd>
          </dl>
          <h3>Background work</h3>
          {d.data.jobs.length === 0 ? (
            <p className="empty">No background jobs have run in this workspace yet.</p>
          ) : (
            <table data-testid="diagnostics-jobs">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Done</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Waiting / running</th>
                  <th scope="col">Median time</th>
                  <th scope="col">Longest</th>
                  <th scope="col">Last finished</th>
                </tr>
              </thead>
              <tbody>
                {d.data.jobs.map((j) => (
                  <tr key={j.kind}>
                    <td>
                      <code>{j.kind}</code>
                    </td>
                    <td>{j.done}</td>
                    <td>{j.failed}</td>
                    <td>
                      {j.queued} / {j.running}
                    </td>
                    <td>{duration(j.medianMs)}</td>
                    <td>{duration(j.maxMs)}</td>
                    <td>{when(j.lastFinishedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.data.recentFailures.length > 0 && (
            <>
              <h3>Recent failures</h3>
              <ul className="failures">
                {d.data.recentFailures.map((f) => (
                  <li key={f.id}>
                    <code>{f.kind}</code> #{f.id}, {when(f.at)}: {f.error}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Sync</h3>
          {d.data.sync.length === 0 ? (
            <p className="empty">Nothing has been pulled from Meta or HubSpot in this workspace.</p>
          ) : (
            <table data-testid="diagnostics-sync">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Account</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Last pull</th>
                </tr>
              </thead>
              <tbody>
                {d.data.sync.map((s) => (
                  <tr key={`${s.source}:${s.accountId}`}>
                    <td>{s.source === 'meta' ? 'Meta' : 'HubSpot'}</td>
                    <td>{s.accountId === '*' ? 'connection' : s.accountId}</td>
                    <td>{when(s.lastSuccessAt)}</td>
                    <td>{s.reconnectNeeded ? 'reconnect needed' : s.lastError ? `${s.lastErrorKind ?? 'error'}: ${s.lastError}` : '—'}</td>
                    <td>
                      {Object.entries(s.lastCounts)
                        .map(([k, v]) => `${k} ${String(v)}`)
                        .join(', ') || '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
