import { useMemo, useState } from 'react';
import type { PipelineSummary, RoasRow } from '../../../../contract';
import { formatCount, formatMultiple, formatPercent } from '../../format/numbers';
import { money } from './logic';
import { SortHeader } from '../../components/SortHeader';
import { nextSort } from '../../components/sort';
import { DEFAULT_ROAS_SORT, sortRoasRows, type RoasSort, type RoasSortKey } from './roas-sort';

export type Level = PipelineSummary['level'];
const LEVEL_LABEL: Record<Level, string> = { campaign: 'Campaign', ad_set: 'Ad set', ad: 'Ad' };

/** Pipeline value and pipeline ROAS per campaign, ad set or ad; a row opens its credited deals. */
export function RoasTable({
  summary,
  level,
  onLevel,
  selected,
  onSelect,
}: {
  summary: PipelineSummary;
  level: Level;
  onLevel(level: Level): void;
  selected: string | null;
  onSelect(row: RoasRow | null): void;
}) {
  const cur = summary.currency;
  const [sort, setSort] = useState<RoasSort>(DEFAULT_ROAS_SORT);
  const rows = useMemo(() => sortRoasRows(summary.rows, sort), [summary.rows, sort]);
  const onSort = (key: RoasSortKey) => setSort((s) => nextSort(s, key, ['name']));
  const header = (key: RoasSortKey, label: string, className?: string) => (
    <SortHeader sortKey={key} sort={sort} onSort={onSort} className={className} testId={`roas-sort-${key}`}>
      {label}
    </SortHeader>
  );
  return (
    <section className="panel" aria-labelledby="roas-title">
      <div className="panel-head">
        <h2 id="roas-title">Pipeline ROAS by {LEVEL_LABEL[level].toLowerCase()}</h2>
        <div className="segmented" role="group" aria-label="Level">
          {(['campaign', 'ad_set', 'ad'] as const).map((l) => (
            <button key={l} type="button" className="button button-small" aria-pressed={l === level} onClick={() => onLevel(l)} data-testid={`level-${l}`}>
              {LEVEL_LABEL[l]}
            </button>
          ))}
        </div>
      </div>
      <p className="muted">
        Pipeline value counts open deals at their stage value, won deals at their amount and lost deals at 0. Total{' '}
        <strong data-testid="total-pipeline-value">{money(summary.totals.pipelineValue, cur)}</strong> on {money(summary.totals.spend, cur)} spent ·
        pipeline ROAS <strong data-testid="total-roas">{formatMultiple(summary.totals.pipelineRoas)}</strong>
      </p>
      <div className="table-scroll roas-scroll">
        <table data-testid="roas-table" data-level={level} data-rows={summary.rows.length}>
          <thead>
            <tr>
              {header('name', LEVEL_LABEL[level])}
              {header('spend', 'Spend', 'num')}
              {header('deals', 'Deals (open / won / lost)', 'num')}
              {header('pipelineValue', 'Pipeline value', 'num')}
              {header('pipelineRoas', 'Pipeline ROAS', 'num')}
              {header('confidence', 'Mean confidence', 'num')}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="roas-row" data-id={r.id} data-selected={selected === r.id}>
                <th scope="row">
                  <button type="button" className="link-button" aria-pressed={selected === r.id} onClick={() => onSelect(selected === r.id ? null : r)}>
                    {r.name}
                  </button>
                  {r.campaignName && <span className="account-id">{[r.campaignName, r.adSetName].filter(Boolean).join(' › ')}</span>}
                </th>
                <td className="num">{money(r.spend, cur)}</td>
                <td className="num">
                  {formatCount(r.deals)} <span className="muted">({r.openDeals} / {r.wonDeals} / {r.lostDeals})</span>
                </td>
                <td className="num" data-testid="row-value">
                  {money(r.pipelineValue, cur)}
                </td>
                <td className="num" data-testid="row-roas">
                  {formatMultiple(r.pipelineRoas)}
                </td>
                <td className="num">{r.confidence === null ? '—' : formatPercent(r.confidence, undefined, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
