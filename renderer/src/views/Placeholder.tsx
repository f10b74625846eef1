import type { ViewId } from '../routing/views';

type PlannedView = Exclude<ViewId, 'overview' | 'settings' | 'budget' | 'approvals' | 'learning' | 'fatigue' | 'winners'>;

/** What each view will do once built (from DOMAIN.md), so nobody mistakes an empty page for a bug. */
export const planned: Record<PlannedView, { title: string; will: string }> = {
  pipeline: {
    title: 'Pipeline',
    will: 'Will show the HubSpot deals credited to each ad with how each match was made and how sure it is, the stage values behind pipeline ROAS (editable), and the deals that could not be attributed.',
  },
};

export function Placeholder({ view }: { view: PlannedView }) {
  const p = planned[view];
  return (
    <div className="view" data-testid={`view-${view}`}>
      <header className="view-head">
        <div>
          <h1>
            {p.title} <span className="badge badge-soon">Not built yet</span>
          </h1>
        </div>
      </header>
      <section className="panel placeholder">
        <p>{p.will}</p>
        <p className="muted">This view is not built yet. The Overview, Budget, Winners, Fatigue, Approvals and Learning views already work on your workspace.</p>
      </section>
    </div>
  );
}

export function isPlanned(view: ViewId): view is PlannedView {
  return view in planned;
}
