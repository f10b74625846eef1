// The frame every view renders in: a loading line while its chunk arrives, and — if the chunk
// cannot be fetched — never a blank page. See lazy-chunk.ts for why such a fetch fails at all.
import { Component, Suspense, useEffect, useState, type ReactNode } from 'react';
import { onEngineError, useEngine } from '../engine/EngineProvider';
import { isChunkLoadError, type ChunkLoadError } from './lazy-chunk';
import { Loading } from './Loading';

export function ViewFrame({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ChunkErrorBoundary>
      <Suspense fallback={<Loading what={label} />}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

interface BoundaryState {
  error: { thrown: unknown } | null;
}

/**
 * Handles ChunkLoadError only. Any other render error is a bug: it is rethrown to the root, so it
 * reaches the crash reports exactly as before instead of hiding behind a "reload" prompt.
 */
class ChunkErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(thrown: unknown): BoundaryState {
    return { error: { thrown } };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (isChunkLoadError(error.thrown)) return <ChunkLoadFailed error={error.thrown} />;
    throw error.thrown;
  }
}

/**
 * A failed chunk fetch does not say why. Ask the engine: if it refuses this tab's token, the session
 * ended (Adloop restarted) and the app shows the same "This session has ended" page that a refused
 * engine call shows. Otherwise the chunk itself is gone or unreachable: offer a reload.
 */
function ChunkLoadFailed({ error }: { error: ChunkLoadError }) {
  const client = useEngine();
  const [checking, setChecking] = useState(true);

  useEffect(() => {
    let live = true;
    client.call('engine.info', {}).then(
      () => live && setChecking(false),
      (e: unknown) => {
        onEngineError(e); // Unauthorized → forget the token, show the session-ended page
        if (live) setChecking(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (checking) return <Loading what={error.what} />;
  return (
    <div className="panel panel-error" role="alert" data-testid="chunk-load-error">
      <h2>{capitalised(error.what)} could not be loaded</h2>
      <p>
        Adloop could not fetch the code for this part of the window. That happens when Adloop was updated or restarted while this window
        stayed open, or when it has stopped. Reloading loads the current version.
      </p>
      <p className="muted">
        <code className="error-code">ChunkLoadError</code> {error.cause instanceof Error ? error.cause.message : String(error.cause)}
      </p>
      <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
