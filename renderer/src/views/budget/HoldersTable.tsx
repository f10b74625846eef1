import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Allocation, ApprovalChange, Recommendation } from '../../../../contract';
import { SortHeader } from '../../components/SortHeader';
import type { SortState } from '../../components/sort';
import { StateBadge } from '../../components/StateBadge';
import type { Refusal } from '../approvals/refusals';
import { HolderDetail } from './HolderDetail';
import { formatExpected, runMoney } from './money';
import { directionOf, flagsOf, formatChangePct, formatCtrInterval, formatProbability, formatRoasInterval, type SortKey } from './rows';

// Fixed heights: the virtualizer places rows by arithmetic instead of measuring them, which is what
// keeps 10,000 rows smooth.
export const ROW_HEIGHT = 56;
export const DETAIL_HEIGHT = 180;
const MAX_BODY_HEIGHT = ROW_HEIGHT * 11;

interface Props {
  run: Allocation;
  rows: readonly Recommendation[];
  changes: ReadonlyMap<number, ApprovalChange>;
  statesLoading: boolean;
  selected: ReadonlySet<string>;
  onSelect(holderIds: readonly string[], on: boolean): void;
  sort: SortState<SortKey>;
  onSort(key: SortKey): void;
  pending: ReadonlySet<number>;
  refusals: ReadonlyMap<number, Refusal>;
  onApprove(ids: number[], amounts?: Record<string, number>): void;
  onReject(ids: number[]): void;
}

export function HoldersTable(props: Props) {
  const { run, rows, changes, selected, onSelect, sort, onSort } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<string | null>(null);

  // Stable callbacks: the virtualizer recomputes every row's offset when they change identity,
  // which at 10,000 rows would cost a few milliseconds on every scrolled frame.
  const estimateSize = useCallback((i: number) => (rows[i]?.holderId === expanded ? ROW_HEIGHT + DETAIL_HEIGHT : ROW_HEIGHT), [rows, expanded]);
  const getItemKey = useCallback((i: number) => rows[i]?.holderId ?? i, [rows]);
  const getScrollElement = useCallback(() => scroller.current, []);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement, estimateSize, getItemKey, overscan: 10 });
  // Heights are computed, never measured: recompute them when a row opens or the rows change.
  useEffect(() => virtualizer.measure(), [virtualizer, expanded, rows]);

  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.holderId));
  const someSelected = !allSelected && rows.some((r) => selected.has(r.holderId));

  const sortHeader = (key: SortKey, label: ReactNode, className = '') => (
    <SortHeader sortKey={key} sort={sort} onSort={onSort} className={className} role="columnheader">
      {label}
    </SortHeader>
  );

  return (
    <div
      className="vtable-scroll"
      ref={scroller}
      style={{ maxHeight: MAX_BODY_HEIGHT + 40 }}
      data-testid="budget-table"
      data-rows={rows.length}
      tabIndex={-1}
    >
      <table role="table" className="vtable holders" aria-rowcount={rows.length + 1}>
        <thead role="rowgroup">
          <tr role="row" aria-rowindex={1}>
            <th role="columnheader" scope="col" className="select-cell">
              <input
                type="checkbox"
                aria-label={allSelected ? 'Clear the selection' : 'Select every row shown'}
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = someSelected;
                }}
                onChange={() =>
                  onSelect(
                    rows.map((r) => r.holderId),
                    !allSelected,
                  )
                }
                data-testid="budget-select-all"
              />
            </th>
            {sortHeader('name', 'Budget holder')}
            {sortHeader('recommended', 'Now → new', 'num')}
            {sortHeader('change', 'Change', 'num')}
            {sortHeader('pBest', 'P(best)')}
            <th role="columnheader" scope="col" className="num" title="90 % credible interval of the click-through rate">
              CTR 90%
            </th>
            <th role="columnheader" scope="col" className="num" title="90 % credible interval of pipeline value ÷ spend">
              pROAS 90%
            </th>
            {sortHeader('expected', <abbr title="Expected value per day at the recommended budget">Exp. / day</abbr>, 'num')}
            <th role="columnheader" scope="col">
              Decision
            </th>
          </tr>
        </thead>
        {/* Rows are placed absolutely: scrolling adds and removes rows at the edges without moving
            (and so repainting) the ones already on screen. */}
        <tbody role="rowgroup" style={{ height: total }}>
          {items.map((vi) => {
            const r = rows[vi.index]!;
            const open = expanded === r.holderId;
            const change = r.changeId !== null ? changes.get(r.changeId) : undefined;
            return (
              <Fragment key={vi.key}>
                <HolderRow
                  run={run}
                  rec={r}
                  index={vi.index}
                  start={vi.start}
                  change={change}
                  statesLoading={props.statesLoading}
                  selected={selected.has(r.holderId)}
                  open={open}
                  busy={r.changeId !== null && props.pending.has(r.changeId)}
                  refused={r.changeId !== null && props.refusals.has(r.changeId)}
                  onSelect={onSelect}
                  onToggle={setExpanded}
                  onApprove={props.onApprove}
                  onReject={props.onReject}
                />
                {open && (
                  <tr
                    role="row"
                    className="detail-row"
                    id={`detail-${r.holderId}`}
                    style={{ height: DETAIL_HEIGHT, transform: `translateY(${vi.start + ROW_HEIGHT}px)` }}
                  >
                    <td role="cell">
                      <HolderDetail
                        run={run}
                        rec={r}
                        change={change}
                        refusal={r.changeId !== null ? props.refusals.get(r.changeId) : undefined}
                        busy={r.changeId !== null && props.pending.has(r.changeId)}
                        onApproveAmount={(id, minor) => props.onApprove([id], { [String(id)]: minor })}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="table-empty muted">No holder matches these filters.</p>}
    </div>
  );
}

interface RowProps {
  run: Allocation;
  rec: Recommendation;
  index: number;
  /** Offset from the top of the body, in px. */
  start: number;
  change: ApprovalChange | undefined;
  statesLoading: boolean;
  selected: boolean;
  open: boolean;
  busy: boolean;
  refused: boolean;
  onSelect(holderIds: readonly string[], on: boolean): void;
  onToggle(update: (current: string | null) => string | null): void;
  onApprove(ids: number[]): void;
  onReject(ids: number[]): void;
}

const HolderRow = memo(function HolderRow({ run, rec: r, index, start, change, statesLoading, selected, open, busy, refused, onSelect, onToggle, onApprove, onReject }: RowProps) {
  const money = runMoney(run);
  const dir = directionOf(r);
  const flags = flagsOf(r);
  const id = r.changeId;
  return (
    <tr
      className={`holder-row${selected ? ' is-selected' : ''}${open ? ' is-open' : ''}`}
      role="row"
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      aria-rowindex={index + 2}
      data-testid={`budget-row-${r.holderId}`}
      data-change-id={id ?? ''}
    >
      <td role="cell" className="select-cell">
        <input
          type="checkbox"
          checked={selected}
          onChange={(e) => onSelect([r.holderId], e.target.checked)}
          aria-label={`Select ${r.holderName}`}
          data-testid={id !== null ? `select-${id}` : `select-holder-${r.holderId}`}
        />
      </td>
      <th role="rowheader" scope="row" className="holder-cell" title={r.reason}>
        <button
          type="button"
          className="link-button holder-name"
          aria-expanded={open}
          aria-controls={open ? `detail-${r.holderId}` : undefined}
          onClick={() => onToggle((cur) => (cur === r.holderId ? null : r.holderId))}
        >
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {r.holderName}
        </button>
        <span className="holder-sub">
          {refused && (
            <span className="badge flag flag-refused" title="The engine refused the last decision on this change; see the message above the table.">
              Refused
            </span>
          )}
          {flags.map((f) => (
            <span key={f.id} className={`badge flag flag-${f.id}`} title={f.title}>
              {f.label}
            </span>
          ))}
          {/* A CBO campaign is its own holder; naming it twice says nothing. */}
          <span className="campaign">{r.holderType === 'campaign' ? 'CBO campaign' : r.campaignName}</span>
        </span>
      </th>
      <td role="cell" className="num budget-cell">
        <span className="budget-current">
          {r.currentBudget === null ? 'new' : money(r.currentBudget)}
          <span aria-hidden="true"> →</span>
          <span className="visually-hidden"> to </span>
        </span>
        <strong className="budget-new">{money(r.recommendedBudget)}</strong>
      </td>
      <td role="cell" className={`num change change-${dir}`}>{formatChangePct(r.changePct)}</td>
      <td role="cell">
        <span className="pbest">
          <span className="pbest-track" aria-hidden="true">
            <span className="pbest-fill" style={{ width: `${Math.max(r.pBest * 100, r.pBest > 0 ? 1 : 0)}%` }} />
          </span>
          <span className="pbest-num">{formatProbability(r.pBest)}</span>
        </span>
      </td>
      <td role="cell" className="num">{formatCtrInterval(r.ctr)}</td>
      <td role="cell" className="num">{formatRoasInterval(r.pipelineRoas)}</td>
      <td role="cell" className="num">{formatExpected(r.expectedValue, run)}</td>
      <td role="cell" className="decision-cell">
        {id === null ? (
          <span className="muted no-change" title="No change proposed: the budget stays, the change is under 1 %, or a guardrail refused it.">
            No change
          </span>
        ) : change ? (
          <span className="decision">
            <StateBadge state={change.state} testId={`state-${id}`} />
            {change.state === 'proposed' && (
              <span className="decision-buttons">
                <button type="button" className="button button-small button-approve" disabled={busy} onClick={() => onApprove([id])} data-testid={`approve-${id}`} aria-label={`Approve ${r.holderName}`}>
                  Approve
                </button>
                <button type="button" className="button button-small button-reject" disabled={busy} onClick={() => onReject([id])} data-testid={`reject-${id}`} aria-label={`Reject ${r.holderName}`}>
                  Reject
                </button>
              </span>
            )}
          </span>
        ) : (
          <span className="muted" data-testid={`state-${id}`}>
            {statesLoading ? '…' : `#${id}`}
          </span>
        )}
      </td>
    </tr>
  );
});
