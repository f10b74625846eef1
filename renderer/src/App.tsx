import { lazy, Suspense, useEffect, useRef } from 'react';
import { Nav } from './components/Nav';
import { UpdateStatus } from './components/UpdateStatus';
import { useHashRoute } from './routing/useHashRoute';
import { views, type ViewId } from './routing/views';
import { useUi } from './state/ui-store';

// Each view is its own chunk, loaded when first opened: the app shell paints without waiting for
// every view's code (the single bundle was 885 kB), and recharts loads with the first chart.
const Approvals = lazy(() => import('./views/approvals/Approvals').then((m) => ({ default: m.Approvals })));
const Budget = lazy(() => import('./views/budget/Budget').then((m) => ({ default: m.Budget })));
const Learning = lazy(() => import('./views/learning/Learning').then((m) => ({ default: m.Learning })));
const Fatigue = lazy(() => import('./views/fatigue/Fatigue').then((m) => ({ default: m.Fatigue })));
const Overview = lazy(() => import('./views/overview/Overview').then((m) => ({ default: m.Overview })));
const Pipeline = lazy(() => import('./views/pipeline/Pipeline').then((m) => ({ default: m.Pipeline })));
const Settings = lazy(() => import('./views/settings/Settings').then((m) => ({ default: m.Settings })));
const Winners = lazy(() => import('./views/winners/Winners').then((m) => ({ default: m.Winners })));

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
        <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
          <CurrentView view={view} />
        </Suspense>
      </main>
    </div>
  );
}
