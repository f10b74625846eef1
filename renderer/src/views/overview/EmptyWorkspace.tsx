import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { EventPayload } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';

/** A new workspace: say how to get data instead of drawing empty charts. */
export function EmptyWorkspace() {
  const info = useEngineQuery('engine.info', {});
  const client = useEngine();
  const queryClient = useQueryClient();
  const demo = useEngineMutation('demo.generate');
  const [progress, setProgress] = useState<EventPayload<'progress'> | null>(null);
  const dir = info.data?.dataDir ?? 'DIR';

  useEffect(() => client.on('progress', (p) => p.kind === 'demo.generate' && setProgress(p)), [client]);

  const generate = () =>
    demo.mutate({ seed: 1, ads: 300, days: 60 }, { onSuccess: () => void queryClient.invalidateQueries() });

  return (
    <section className="panel empty" data-testid="empty-workspace" aria-labelledby="empty-title">
      <h2 id="empty-title">This workspace has no data yet</h2>
      <p>Adloop learns from your ad accounts’ daily results and the deals they bring. To get started:</p>
      <ol className="steps">
        <li>
          <strong>Try it with demo data.</strong> A deterministic simulator fills the workspace with accounts, campaigns, ads,
          60 days of results and HubSpot-style deals.
          <div className="step-actions">
            <button type="button" className="button button-primary" onClick={generate} disabled={demo.isPending}>
              {demo.isPending ? 'Generating…' : 'Fill with demo data'}
            </button>
            {demo.isPending && progress && (
              <span role="status" className="muted">
                {progress.step} — {Math.round(progress.percent)}%
              </span>
            )}
          </div>
          <p className="muted">
            Or from a terminal, while Adloop is stopped (one process owns a workspace at a time):{' '}
            <code>npx adloop demo --db {dir}</code>
          </p>
        </li>
        <li>
          <strong>Connect Meta Ads and HubSpot</strong> — coming soon. Adloop will pull your accounts’ structure and daily
          insights, and the deals your ads produced.
        </li>
      </ol>
      {demo.error && <ErrorPanel title="The demo data could not be generated" error={demo.error} />}
    </section>
  );
}
