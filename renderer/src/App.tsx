import { useEffect, useRef } from 'react';
import { Nav } from './components/Nav';
import { ViewFrame } from './components/ViewFrame';
import { UpdateStatus } from './components/UpdateStatus';
import { useHashRoute } from './routing/useHashRoute';
import { views } from './routing/views';
import { useUi } from './state/ui-store';
import { viewComponents } from './routing/view-chunks';

export function App({ via }: { via: 'ipc' | 'http' }) {
  useHashRoute();
  const view = useUi((s) => s.view);
  const main = useRef<HTMLElement>(null);
  const label = views.find((v) => v.id === view)?.label ?? 'Adloop';
  const CurrentView = viewComponents[view];

  useEffect(() => {
    document.title = `${label} · Adloop`;
  }, [label]);

  return (
    <div className="app">
      {/* A button, not an in-page link: the hash belongs to the router. */}
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Adloop
        </div>
        <Nav />
        <UpdateStatus />
        <p className="sidebar-foot muted">{via === 'ipc' ? 'Desktop app' : 'Local session · 127.0.0.1'}</p>
      </aside>
      <main id="main" ref={main} tabIndex={-1} className="main">
        {/* Keyed by view: a chunk that failed to load shows its error only on its own view. */}
        <ViewFrame key={view} label={label}>
          <CurrentView />
        </ViewFrame>
      </main>
    </div>
  );
}
