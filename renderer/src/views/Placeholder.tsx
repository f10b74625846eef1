import type { ViewId } from '../routing/views';

type PlannedView = Exclude<ViewId, 'overview' | 'settings' | 'budget' | 'approvals' | 'pipeline'>;

/** What each view will do once built (from DOMAIN.md), so nobody mistakes an empty page for a bug. */
export const planned: Record<PlannedView, { title: string; will: string }> = {
  winners: {
    title: 'Winners',
    will: 'Will index winning creatives by their creative DNA and, before you spend on a new creative, show the most similar past winners, a predicted CTR with its interval, and the changes most likely to help.',
  },
  fatigue: {
    title: 'Fatigue',
    will: 'Will scan every ad for wear-out against its launch baseline — CTR change points, frequency, CPM drift and reach saturation — and propose a budget cut or a pause with the evidence and the onset day.',
  },
  learning: {
    title: 'Learning',
    will: 'Will run and show the daily learning cycle — pull Meta and HubSpot, attribute deals, update the models, index winners, scan for fatigue and score past predictions — step by step with live progress.',
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
        <p className="muted">This view is not built yet. The Overview, Budget, Approvals and Pipeline views already work on your workspace.</p>
      </section>
    </div>
  );
}

export function isPlanned(view: ViewId): view is PlannedView {
  return view in planned;
}
