// Meta and HubSpot credentials. The token goes to the engine once (sync.connect), which checks it
// with the service before the OS keychain keeps it; nothing here ever reads it back — the panel
// shows only "connected as …" (the service's answer), since when, and whether the service refused
// it ("reconnect needed").
import { useState, type FormEvent } from 'react';
import type { Output, SyncSource } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';
import { when } from './format';

const NAMES: Record<SyncSource, { title: string; tokenHelp: string }> = {
  meta: { title: 'Meta', tokenHelp: 'A system-user or long-lived user access token with ads_read and ads_management. Connect asks Meta whose it is first.' },
  hubspot: { title: 'HubSpot', tokenHelp: 'A private-app access token with the crm.objects.deals.read and crm.objects.contacts.read scopes. Connect asks HubSpot which portal it opens first.' },
};

type SyncStatus = Output<'sync.status'>['sources'][number];
type Conn = Output<'connections.status'>[number];

export function ConnectionsPanel() {
  const sync = useEngineQuery('sync.status', {});
  const conns = useEngineQuery('connections.status', {});
  return (
    <section className="panel settings-panel" aria-labelledby="settings-connections-title" id="settings-connections">
      <h2 id="settings-connections-title" tabIndex={-1}>Connections</h2>
      <p className="help">Tokens are stored in your system keychain, never in the workspace database, logs or this window.</p>
      {sync.isPending ? (
        <Loading what="connections" />
      ) : sync.isError ? (
        <ErrorPanel title="Connection status could not be read" error={sync.error} onRetry={() => void sync.refetch()} />
      ) : (
        <div className="connections">
          {sync.data.sources.map((s) => (
            <ConnectionCard key={s.source} status={s} conn={conns.data?.find((c) => c.provider === s.source)} />
          ))}
        </div>
      )}
    </section>
  );
}

/** What the service said at Connect ("Jane Buyer · 3 ad accounts"), else the accounts the last pull saw. */
function connectedAs(status: SyncStatus, conn: Conn | undefined): string | null {
  if (status.connectedAs) return status.connectedAs;
  if (conn?.connectedAs) return conn.connectedAs;
  const ids = status.accounts.map((a) => a.accountId).filter((id) => id !== '*');
  return ids.length ? ids.join(', ') : null;
}

function ConnectionCard({ status, conn }: { status: SyncStatus; conn: Conn | undefined }) {
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  const connect = useEngineMutation('sync.connect');
  const disconnect = useEngineMutation('sync.disconnect');
  const { title, tokenHelp } = NAMES[status.source];
  const id = `token-${status.source}`;
  const as = connectedAs(status, conn);
  const since = status.connectedSince ?? conn?.since ?? null;

  const onConnect = (e: FormEvent) => {
    e.preventDefault();
    setMessage('');
    connect.mutate(
      { source: status.source, token },
      {
        onSuccess: (r) => setMessage(`${title} connected as ${r.connectedAs}.`),
        // The token is dropped from the page whatever happened: it is not kept to retry.
        onSettled: () => setToken(''),
      },
    );
  };

  const state = !status.connected ? 'not connected' : status.reconnectNeeded ? 'reconnect needed' : 'connected';
  return (
    <form className={`connection connection-${state.replace(' ', '-')}`} onSubmit={onConnect} data-testid={`connection-${status.source}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p className="connection-state" data-testid={`connection-state-${status.source}`}>
        <strong>{state === 'connected' ? 'Connected' : state === 'reconnect needed' ? 'Reconnect needed' : 'Not connected'}</strong>
        {status.connected && as ? ` as ${as}` : ''}
        {status.connected && since ? ` · since ${when(since)}` : ''}
      </p>
      {status.reconnectNeeded && (
        <p className="field-error" role="alert">
          {title} refused the stored token{status.lastError ? `: ${status.lastError.message}` : ''}. Paste a new token to reconnect.
        </p>
      )}
      {status.lastSuccessAt && <p className="help">Last successful pull {when(status.lastSuccessAt)}.</p>}
      <div className="field">
        <label htmlFor={id}>{status.connected ? `New ${title} token` : `${title} token`}</label>
        <input id={id} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} aria-describedby={`${id}-help`} />
        <p className="help" id={`${id}-help`}>
          {tokenHelp}
        </p>
      </div>
      {connect.error && <ErrorPanel title={`${title} was not connected`} error={connect.error} />}
      {disconnect.error && <ErrorPanel title={`${title} was not disconnected`} error={disconnect.error} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={connect.isPending || token.trim() === ''}>
          {connect.isPending ? 'Checking…' : status.connected ? 'Replace token' : 'Connect'}
        </button>
        {status.connected && (
          <button
            type="button"
            className="button"
            disabled={disconnect.isPending}
            onClick={() => disconnect.mutate({ source: status.source }, { onSuccess: () => setMessage(`${title} disconnected.`) })}
          >
            Disconnect
          </button>
        )}
        <span role="status" className="status">
          {message}
        </span>
      </div>
    </form>
  );
}
