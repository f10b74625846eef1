import { useEffect, useRef } from 'react';
import { Nav } from './components/Nav';
import { UpdateStatus } from './components/UpdateStatus';
import { useHashRoute } from './routing/useHashRoute';
import { views, type ViewId } from './routing/views';
import { useUi } from './state/ui-store';
import { Approvals } from './views/approvals/Approvals';
import { Budget } from './views/budget/Budget';
import { Learning } from './views/learning/Learning';
import { Fatigue } from './views/fatigue/Fatigue';
import { Overview } from './views/overview/Overview';
import { Pipeline } from './views/pipeline/Pipeline';
import { Settings } from './views/settings/Settings';
import { Winners } from './views/winners/Winners';

function CurrentView({ view }: { view: ViewId }) {
  if (view === 'overview') return <Overview />;
  if (view === 'settings') return <Settings />;
  if (view === 'budget') return <Budget />;
  if (view === 'approvals') return <Approvals />;
  if (view === 'learning') return <Learning />;
  if (view === 'fatigue') return <Fatigue />;
  if (view === 'winners') return <Winners />;
  if (view === 'pipeline') return <Pipeline />;
  return null;
}

export function App({ via }: { via: 'ipc' | 'http' }) {
  useHashRoute();
  const view = useUi((s) => s.view);
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = `${views.find((v) => v.id === view)?.label ?? 'Adloop'} · Adloop`;
  }, [view]);

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
        <CurrentView view={view} />
      </main>
    </div>
  );
}
