// The data folder and its backups. A restore is checked at once and applied the next time Adloop
// starts (the engine cannot swap the database it is using); the current data is backed up first,
// and the staged restore offers a restart (RestartOffer).
import { useState } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';
import { bytes, when } from './format';
import { RestartOffer } from './RestartOffer';

export function BackupPanel() {
  const info = useEngineQuery('engine.info', {});
  const list = useEngineQuery('backup.list', {});
  const create = useEngineMutation('backup.create');
  const restore = useEngineMutation('backup.restore');
  const cancel = useEngineMutation('backup.cancelRestore');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  return (
    <section className="panel settings-panel" aria-labelledby="settings-data-title" id="settings-data">
      <h2 id="settings-data-title" tabIndex={-1}>Data and backups</h2>
      <dl className="facts">
        <dt>Data folder</dt>
        <dd>
          <code data-testid="data-folder">{info.data?.dataDir ?? '…'}</code>
        </dd>
        <dt>Backup folder</dt>
        <dd>
          <code>{list.data?.folder ?? '…'}</code>
        </dd>
      </dl>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={create.isPending}
          onClick={() => {
            setMessage('');
            create.mutate({}, { onSuccess: (b) => setMessage(`Backup ${b.name} written (${bytes(b.bytes)}).`) });
          }}
        >
          {create.isPending ? 'Backing up…' : 'Back up now'}
        </button>
        <span role="status" className="status" data-testid="backup-status">
          {message}
        </span>
      </div>
      {create.error && <ErrorPanel title="The backup was not written" error={create.error} />}
      {restore.error && <ErrorPanel title="Nothing was restored" error={restore.error} />}
      {list.data?.pendingRestore && (
        <div className="notice" role="status" data-testid="pending-restore">
          <p>
            <strong>{list.data.pendingRestore.name}</strong> will replace the current data the next time Adloop starts (staged {when(list.data.pendingRestore.stagedAt)}).
            The current data was backed up first.
          </p>
          <div className="form-actions">
            <RestartOffer />
            <button type="button" className="button" onClick={() => cancel.mutate({})} disabled={cancel.isPending}>
              Cancel the restore
            </button>
          </div>
        </div>
      )}
      {list.isPending ? (
        <Loading what="backups" />
      ) : list.isError ? (
        <ErrorPanel title="Backups could not be listed" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.backups.length === 0 ? (
        <p className="empty" data-testid="backups-empty">
          No backups yet. “Back up now” writes the whole database into one file in the backup folder.
        </p>
      ) : (
        <table className="backups" data-testid="backups">
          <caption className="visually-hidden">Backups, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Backup</th>
              <th scope="col">Made</th>
              <th scope="col">Size</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.backups.map((b) => (
              <tr key={b.name}>
                <td>
                  <code>{b.name}</code>
                  {b.reason === 'pre-restore' && <span className="muted"> (before a restore)</span>}
                </td>
                <td>{when(b.createdAt)}</td>
                <td>{bytes(b.bytes)}</td>
                <td>
                  {confirming === b.name ? (
                    <span className="confirm">
                      <button
                        type="button"
                        className="button button-small button-primary"
                        autoFocus
                        disabled={restore.isPending}
                        onClick={() =>
                          restore.mutate(
                            { name: b.name },
                            {
                              onSuccess: (r) => setMessage(`Restore staged: restart Adloop to finish. The current data was saved as ${r.safetyBackup.name}.`),
                              onSettled: () => setConfirming(null),
                            },
                          )
                        }
                      >
                        {restore.isPending ? 'Checking…' : 'Replace my data at next start'}
                      </button>
                      <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                        Keep my data
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button button-small" onClick={() => setConfirming(b.name)} aria-label={`Restore ${b.name}`}>
                      Restore…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
