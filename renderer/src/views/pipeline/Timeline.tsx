// Pipeline value and pipeline ROAS over time (pipeline.timeline) for the whole workspace or the
// campaign, ad set or ad chosen in the ROAS table, by day, week or month. Deals count in the period
// of their create date, at their value now; the table under the chart has every number.
import { Suspense, useState } from 'react';
import type { Input, PipelineTimeline } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { lazyChunk } from '../../components/lazy-chunk';
import { Loading } from '../../components/Loading';
import { useEngineQuery } from '../../engine/queries';
import { formatCount, formatMultiple } from '../../format/numbers';
import { money } from './logic';

const TimelineChart = lazyChunk('the chart', () => import('./TimelineChart').then((m) => m.TimelineChart));

type Granularity = PipelineTimeline['granularity'];
export interface TimelineTarget {
  level: 'campaign' | 'ad_set' | 'ad';
  id: string;
  name: string;
}

const LEVEL_LABEL = { workspace: 'the workspace', campaign: 'campaign', ad_set: 'ad set', ad: 'ad' } as const;

export function Timeline({ target, onClear }: { target: TimelineTarget | null; onClear(): void }) {
  const [granularity, setGranularity] = useState<Granularity>('week');
  const input: Input<'pipeline.timeline'> = target ? { level: target.level, id: target.id, granularity } : { level: 'workspace', granularity };
  const timeline = useEngineQuery('pipeline.timeline', input, { keepPrevious: true });
  const title = target ? `${LEVEL_LABEL[target.level]} ${target.name}` : 'all campaigns';
  return (
    <section className="panel" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="panel-head">
        <h2 id="timeline-title">Pipeline value and ROAS over time: {title}</h2>
        <div className="toolbar">
          {target && (
            <button type="button" className="button button-small button-quiet" onClick={onClear} data-testid="timeline-all">
              All campaigns
            </button>
          )}
          <div className="segmented" role="group" aria-label="Granularity">
            {(['day', 'week', 'month'] as const).map((g) => (
              <button key={g} type="button" className="button button-small" aria-pressed={g === granularity} onClick={() => setGranularity(g)} data-testid={`timeline-${g}`}>
                {g[0]!.toUpperCase() + g.slice(1)}
              </button>
            ))}
          </div>
        </div>
      </div>
      <p className="muted">A deal counts in the {granularity} it was created in HubSpot, at its value now; choose a row in the table above to chart it alone.</p>
      {timeline.isPending ? (
        <Loading what="the timeline" />
      ) : timeline.isError ? (
        <ErrorPanel title="The timeline could not be read" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.data.points.length === 0 ? (
        <p className="muted" data-testid="timeline-empty">No spend and no deals to chart yet.</p>
      ) : (
        <>
          <Suspense fallback={<Loading what="the chart" />}>
            <TimelineChart timeline={timeline.data} />
          </Suspense>
          <TimelineTable timeline={timeline.data} />
        </>
      )}
    </section>
  );
}

function TimelineTable({ timeline }: { timeline: PipelineTimeline }) {
  const cur = timeline.currency;
  return (
    <details className="chart-table">
      <summary>Show the numbers as a table</summary>
      <div className="table-scroll">
        <table data-testid="timeline-table">
          <thead>
            <tr>
              <th scope="col">{timeline.granularity === 'day' ? 'Day' : `${timeline.granularity === 'week' ? 'Week' : 'Month'} from`}</th>
              <th scope="col" className="num">Spend</th>
              <th scope="col" className="num">Deals</th>
              <th scope="col" className="num">Pipeline value</th>
              <th scope="col" className="num">Pipeline ROAS</th>
              <th scope="col" className="num">Running ROAS</th>
            </tr>
          </thead>
          <tbody>
            {timeline.points.map((p) => (
              <tr key={p.period} data-testid="timeline-row">
                <th scope="row">{p.period}</th>
                <td className="num">{money(p.spend, cur)}</td>
                <td className="num">{formatCount(p.deals)}</td>
                <td className="num">{money(p.pipelineValue, cur)}</td>
                <td className="num">{formatMultiple(p.pipelineRoas)}</td>
                <td className="num">{formatMultiple(p.cumulativeRoas)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
