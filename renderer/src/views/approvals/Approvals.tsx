import { Fragment, useMemo, useState } from 'react';
import type { ApprovalChange, ApprovalStateName } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { RefusalList } from '../../components/RefusalList';
import { StateBadge } from '../../components/StateBadge';
import { useEngineQuery } from '../../engine/queries';
import { DEFAULT_STATES, ORIGIN_LABEL, TARGET_LABEL, actionsFor, describeChange, evidenceLine, evidenceSummary, formatTime, relativeTime, toggleState, type Money } from './describe';
import { History } from './History';
import { RetryButton } from './RetryButton';
import { StateChips } from './StateChips';
import { useDecisions, type Decisions } from './useDecisions';

const LIMIT = 500;
const COLUMNS = 6;

export function Approvals() {
  const [states, setStates] = useState<ApprovalStateName[]>([...DEFAULT_STATES]);
  const queue = useEngineQuery('approvals.list', { states, limit: LIMIT }, { keepPrevious: true });
  const accounts = useEngineQuery('accounts.list', {});
  const moneyOf = useMemo(() => {
    const m = new Map<string, Money>((accounts.data ?? []).map((a) => [a.id, { currency: a.currency, offset: a.currencyOffset }]));
    return (accountId: string) => m.get(accountId) ?? null;
  }, [accounts.data]);
  const decisions = useDecisions();

  return (
    <div className="view view-wide" data-testid="view-approvals">
      <header className="view-head">
        <div>
          <h1>Approvals</h1>
          <p className="muted">Every proposed change waits here with its reason and evidence. Nothing is pushed to Meta until it is approved.</p>
        </div>
      </header>
      <section className="panel" aria-labelledby="queue-title">
        <div className="panel-head">
          <h2 id="queue-title">Queue</h2>
          <p className="muted" role="status" data-testid="approvals-count">
            {queue.data ? `${queue.data.length}${queue.data.length === LIMIT ? '+' : ''} ${queue.data.length === 1 ? 'change' : 'changes'}, newest first` : ''}
          </p>
        </div>
        <StateChips value={states} onToggle={(s) => setStates((cur) => toggleState(cur, s))} />
        {queue.isPending ? (
          <Loading what="the approval queue" />
        ) : queue.isError ? (
          <ErrorPanel title="The approval queue could not be read" error={queue.error} onRetry={() => void queue.refetch()} />
        ) : (
          <Queue changes={queue.data} loading={queue.isPlaceholderData} moneyOf={moneyOf} decisions={decisions} />
        )}
      </section>
    </div>
  );
}

function Queue({ changes, loading, moneyOf, decisions }: { changes: ApprovalChange[]; loading: boolean; moneyOf(accountId: string): Money | null; decisions: Decisions }) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const byId = useMemo(() => new Map(changes.map((c) => [c.id, c])), [changes]);
  const now = Date.now();
  const actionable = [...selected].filter((id) => byId.get(id)?.state === 'proposed');
  const allSelected = changes.length > 0 && changes.every((c) => selected.has(c.id));

  const toggle = (set: ReadonlySet<number>, id: number, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  };

  if (changes.length === 0) {
    return (
      <div className="queue-empty" data-testid="approvals-empty">
        <p>No change in these states.</p>
        <p className="muted">
          Run an allocation in <a href="#/budget">Budget</a> to get budget proposals, or show other states above.
        </p>
      </div>
    );
  }

  return (
    <div aria-busy={loading}>
      <div className="batch-bar" role="group" aria-label="Decide on the selected changes">
        <span className="batch-count" data-testid="approvals-selected">
          {selected.size === 0 ? 'Select changes to decide on several at once.' : `${selected.size} selected · ${actionable.length} awaiting a decision`}
        </span>
        <button
          type="button"
          className="button button-small button-approve"
          disabled={actionable.length === 0 || decisions.busy}
          onClick={() => decisions.approve(actionable)}
          data-testid="approvals-batch-approve"
        >
          Approve {actionable.length || ''}
        </button>
        <button
          type="button"
          className="button button-small button-reject"
          disabled={actionable.length === 0 || decisions.busy}
          onClick={() => decisions.reject(actionable)}
          data-testid="approvals-batch-reject"
        >
          Reject {actionable.length || ''}
        </button>
        {selected.size > 0 && (
          <button type="button" className="button button-small button-quiet" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
      </div>
      <RefusalList refusals={decisions.refusals} label={(id) => byId.get(id)?.targetName ?? `#${id}`} />
      {decisions.error && <ErrorPanel title="The decision was not recorded" error={decisions.error} />}
      {decisions.undone && (
        <p className="notice" role="status" data-testid="undo-notice">
          Undo proposed as change #{decisions.undone.id}: {describeChange(decisions.undone, moneyOf(decisions.undone.accountId))}.
        </p>
      )}
      <div className="table-scroll">
        <table className="queue">
          <colgroup>
            <col style={{ width: 40 }} />
            <col style={{ width: 240 }} />
            <col />
            <col style={{ width: 136 }} />
            <col style={{ width: 96 }} />
            <col style={{ width: 168 }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label={allSelected ? 'Clear the selection' : 'Select every change shown'}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(changes.map((c) => c.id)))}
                  data-testid="approvals-select-all"
                />
              </th>
              <th scope="col">Change</th>
              <th scope="col">Reason and evidence</th>
              <th scope="col">When</th>
              <th scope="col">State</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => {
              const isOpen = open.has(c.id);
              const money = moneyOf(c.accountId);
              const acts = actionsFor(c.state);
              const busy = decisions.pending.has(c.id);
              const ev = evidenceSummary(c.evidence);
              return (
                <Fragment key={c.id}>
                  <tr className={`queue-row${selected.has(c.id) ? ' is-selected' : ''}${isOpen ? ' is-open' : ''}`} data-testid={`approval-row-${c.id}`} data-state={c.state}>
                    <td className="select-cell">
                      <input
                        type="checkbox"
                        checked={selected.has(c.id)}
                        onChange={(e) => setSelected((s) => toggle(s, c.id, e.target.checked))}
                        aria-label={`Select change #${c.id}`}
                        data-testid={`approval-select-${c.id}`}
                      />
                    </td>
                    <th scope="row" className="target-cell">
                      <button
                        type="button"
                        className="link-button holder-name"
                        aria-expanded={isOpen}
                        aria-controls={isOpen ? `approval-detail-${c.id}` : undefined}
                        onClick={() => setOpen((s) => toggle(s, c.id, !isOpen))}
                        data-testid={`expand-${c.id}`}
                      >
                        <span className="chevron" aria-hidden="true">
                          {isOpen ? '▾' : '▸'}
                        </span>
                        {c.targetName ?? c.targetId}
                      </button>
                      <span className="change-desc">{describeChange(c, money)}</span>
                      <span className="holder-sub">
                        <span className="badge">{TARGET_LABEL[c.targetType]}</span>
                        <span className="campaign">
                          #{c.id} · {ORIGIN_LABEL[c.origin]}
                        </span>
                      </span>
                    </th>
                    <td className="reason-cell">
                      <span className="reason-text" title={c.reason}>
                        {c.reason}
                      </span>
                      {ev.length > 0 && (
                        <span className="evidence-line" title={evidenceLine(ev)}>
                          {evidenceLine(ev)}
                        </span>
                      )}
                    </td>
                    <td className="when">
                      <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
                      {c.expiresAt && (c.state === 'proposed' || c.state === 'approved') && (
                        <span className="muted">expires {relativeTime(c.expiresAt, now)}</span>
                      )}
                    </td>
                    <td>
                      <StateBadge state={c.state} testId={`approval-state-${c.id}`} />
                    </td>
                    <td className="actions-cell">
                      {acts.approve && (
                        <button type="button" className="button button-small button-approve" disabled={busy} onClick={() => decisions.approve([c.id])} data-testid={`approval-approve-${c.id}`}>
                          Approve
                        </button>
                      )}
                      {acts.reject && (
                        <button type="button" className="button button-small button-reject" disabled={busy} onClick={() => decisions.reject([c.id])} data-testid={`approval-reject-${c.id}`}>
                          Reject
                        </button>
                      )}
                      {acts.withdraw && (
                        <button
                          type="button"
                          className="button button-small button-reject"
                          disabled={busy}
                          onClick={() => decisions.reject([c.id])}
                          title="Withdraw the approval before it is pushed"
                          data-testid={`approval-withdraw-${c.id}`}
                        >
                          Withdraw
                        </button>
                      )}
                      {acts.undo && (
                        <button type="button" className="button button-small" disabled={busy} onClick={() => decisions.undo(c.id)} title="Propose restoring the value before this change" data-testid={`approval-undo-${c.id}`}>
                          Undo
                        </button>
                      )}
                      {c.state === 'failed' && <RetryButton id={c.id} disabled={busy} />}
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="detail-row" id={`approval-detail-${c.id}`}>
                      <td colSpan={COLUMNS}>
                        <div className="approval-detail">
                          <div>
                            <h3>History</h3>
                            <History id={c.id} money={money} />
                          </div>
                          <div>
                            <h3>Details</h3>
                            <p className="reason">{c.reason}</p>
                            <p className="muted">
                              {TARGET_LABEL[c.targetType]} {c.targetId} · key <code>{c.idempotencyKey}</code>
                              {c.undoOf !== null && <> · undoes #{c.undoOf}</>}
                            </p>
                            {ev.length > 0 && (
                              <dl className="evidence-grid evidence-summary">
                                {ev.map((e) => (
                                  <div key={e.label}>
                                    <dt>{e.label}</dt>
                                    <dd>{e.value}</dd>
                                  </div>
                                ))}
                              </dl>
                            )}
                            <details className="evidence-json">
                              <summary>Evidence as recorded</summary>
                              <pre>{JSON.stringify(c.evidence, null, 2)}</pre>
                            </details>
                          </div>
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
