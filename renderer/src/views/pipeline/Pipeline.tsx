import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AdloopError, Input, Output, RoasRow } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineQuery } from '../../engine/queries';
import { formatCount, formatPercent } from '../../format/numbers';
import { DealsTable } from './DealsTable';
import { ImportPanel } from './ImportPanel';
import { coverageShare, METHOD_LABEL, money } from './logic';
import { RoasTable, type Level } from './RoasTable';
import { StageValues } from './StageValues';
import { SyncStatus } from './SyncStatus';
import { Timeline } from './Timeline';

export function Pipeline() {
  const client = useEngine();
  const qc = useQueryClient();
  const [level, setLevel] = useState<Level>('campaign');
  const [selected, setSelected] = useState<RoasRow | null>(null);
  const summary = useEngineQuery('pipeline.summary', { level }, { keepPrevious: true });
  const stages = useEngineQuery('pipeline.stageValues', {});
  // Every number on the page follows from attribution and stage values: refresh them all.
  const refresh = () => void qc.invalidateQueries();

  const attribute = useMutation<Output<'pipeline.attribute'>, AdloopError>({
    mutationFn: () => client.call('pipeline.attribute', {}),
    onSuccess: refresh,
  });
  const template = useMutation<Output<'pipeline.applyStageTemplate'>, AdloopError, Input<'pipeline.applyStageTemplate'>>({
    mutationFn: (input) => client.call('pipeline.applyStageTemplate', input),
    onSuccess: refresh,
  });
  const save = useMutation<Output<'pipeline.setStageValues'>, AdloopError, Input<'pipeline.setStageValues'>['values']>({
    mutationFn: (values) => client.call('pipeline.setStageValues', { values }),
    onSuccess: refresh,
  });

  return (
    <div className="view view-wide pipeline-view" data-testid="view-pipeline">
      <header className="view-head">
        <div>
          <h1>Pipeline</h1>
          <p className="muted">HubSpot deals credited to the ads that brought them, valued by stage: synthetic revenue and pipeline ROAS.</p>
        </div>
        <div className="toolbar">
          <button type="button" className="button" onClick={() => attribute.mutate()} disabled={attribute.isPending} data-testid="attribute-run">
            {attribute.isPending ? 'Attributing…' : 'Re-run attribution'}
          </button>
        </div>
      </header>
      {attribute.isError && <ErrorPanel title="Attribution did not run" error={attribute.error} />}
      {attribute.data && (
        <p className="notice" role="status" data-testid="attribute-result">
          Attribution: {attribute.data.attributed} of {attribute.data.deals} deals credited to an ad; {attribute.data.changed} changed.
        </p>
      )}

      {summary.isPending ? (
        <Loading what="pipeline value" />
      ) : summary.isError ? (
        <ErrorPanel title="Pipeline value could not be read" error={summary.error} onRetry={() => void summary.refetch()} />
      ) : (
        <>
          <Coverage coverage={summary.data.coverage} currency={summary.data.currency} />
          <RoasTable
            summary={summary.data}
            level={level}
            onLevel={(l) => {
              setLevel(l);
              setSelected(null);
            }}
            selected={selected?.id ?? null}
            onSelect={setSelected}
          />
          {selected && <CreditedDeals row={selected} level={level} />}
          <Timeline target={selected ? { level, id: selected.id, name: selected.name } : null} onClear={() => setSelected(null)} />
        </>
      )}

      {stages.isPending ? (
        <Loading what="stage values" />
      ) : stages.isError ? (
        <ErrorPanel title="Stage values could not be read" error={stages.error} onRetry={() => void stages.refetch()} />
      ) : (
        <StageValues
          pipelines={stages.data}
          saving={save.isPending || template.isPending}
          error={save.error ?? template.error}
          onSave={(values) => save.mutate(values)}
          onTemplate={(pipelineId, t) => template.mutate({ pipelineId, template: t })}
        />
      )}

      <Unattributed />
      <SyncStatus />
      <ImportPanel onImported={refresh} />
    </div>
  );
}

function Coverage({ coverage, currency }: { coverage: Output<'pipeline.summary'>['coverage']; currency: string | null }) {
  const share = coverageShare(coverage.attributed, coverage.deals);
  return (
    <section className="panel" aria-labelledby="coverage-title" data-testid="coverage">
      <div className="panel-head">
        <h2 id="coverage-title">Attribution coverage</h2>
      </div>
      <p>
        <strong data-testid="coverage-attributed">{formatCount(coverage.attributed)}</strong> of {formatCount(coverage.deals)} deals credited to an ad (
        {formatPercent(share, undefined, 0)}); {formatCount(coverage.unattributed)} unattributed, worth {money(coverage.unattributedValue, currency)}.
      </p>
      <ul className="chips" aria-label="Deals by match method">
        {Object.entries(coverage.byMethod)
          .sort((a, b) => b[1] - a[1])
          .map(([m, n]) => (
            <li key={m} className="chip" data-testid={`coverage-method-${m}`}>
              {METHOD_LABEL[m as keyof typeof METHOD_LABEL] ?? m}: {formatCount(n)}
            </li>
          ))}
      </ul>
    </section>
  );
}

function CreditedDeals({ row, level }: { row: RoasRow; level: Level }) {
  const filter = level === 'campaign' ? { campaignId: row.id } : level === 'ad_set' ? { adSetId: row.id } : { adId: row.id };
  const deals = useEngineQuery('pipeline.deals', { ...filter, limit: 200 });
  return (
    <section className="panel" aria-labelledby="credited-title" data-testid="credited-deals">
      <div className="panel-head">
        <h2 id="credited-title">Deals credited to {row.name}</h2>
        {deals.data && <p className="muted">{deals.data.total > deals.data.deals.length ? `the ${deals.data.deals.length} most valuable of ${deals.data.total}` : `${deals.data.total} deals`}</p>}
      </div>
      {deals.isPending ? (
        <Loading what="deals" />
      ) : deals.isError ? (
        <ErrorPanel title="The deals could not be read" error={deals.error} />
      ) : (
        <DealsTable deals={deals.data.deals} testId="credited-table" showAd={level !== 'ad'} />
      )}
    </section>
  );
}

function Unattributed() {
  const deals = useEngineQuery('pipeline.unattributed', { limit: 100 });
  return (
    <section className="panel" aria-labelledby="unattributed-title" data-testid="unattributed">
      <div className="panel-head">
        <h2 id="unattributed-title">Unattributed deals</h2>
        {deals.data && <p className="muted">{deals.data.total === 0 ? 'none' : `${deals.data.total} deals no ad could be credited with, with their source and the reason`}</p>}
      </div>
      {deals.isPending ? (
        <Loading what="unattributed deals" />
      ) : deals.isError ? (
        <ErrorPanel title="The unattributed deals could not be read" error={deals.error} />
      ) : deals.data.deals.length > 0 ? (
        <DealsTable deals={deals.data.deals} testId="unattributed-table" showAd={false} />
      ) : null}
    </section>
  );
}
