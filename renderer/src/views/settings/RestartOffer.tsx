// A staged restore is applied when the engine next opens. The desktop app can restart itself
// (app.restart: the shell books a relaunch and quits through its clean shutdown); a browser page
// of `adloop serve` cannot restart the process that serves it, so it says how to do it by hand.
import { useState } from 'react';
import { RESTART_BY_HAND } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useEngineMutation } from '../../engine/queries';

/** The desktop bridge exists only in the app's own window (the same test connectEngine makes). */
const inDesktopApp = () => typeof window !== 'undefined' && window.adloop !== undefined;

export function RestartOffer() {
  const restart = useEngineMutation('app.restart');
  const [message, setMessage] = useState('');
  if (!inDesktopApp()) {
    return (
      <p className="help" data-testid="restart-by-hand">
        {RESTART_BY_HAND}
      </p>
    );
  }
  return (
    <>
      <button
        type="button"
        className="button button-primary"
        data-testid="restart-now"
        disabled={restart.isPending || restart.data?.restarting === true}
        onClick={() => restart.mutate({}, { onSuccess: (r) => setMessage(r.message) })}
      >
        {restart.isPending || restart.data?.restarting ? 'Restarting…' : 'Restart now'}
      </button>
      <span role="status" className="status" data-testid="restart-status">
        {message}
      </span>
      {restart.error && <ErrorPanel title="Adloop did not restart" error={restart.error} />}
    </>
  );
}
