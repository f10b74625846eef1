import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { Account, AdloopError, Allocation } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { lazyChunk } from '../../components/lazy-chunk';
import { Loading } from '../../components/Loading';
import { RefusalList } from '../../components/RefusalList';
import { nextSort, type SortState } from '../../components/sort';
import { useEngine } from '../../engine/EngineProvider';
import { useEngineQuery } from '../../engine/queries';
import { useUi } from '../../state/ui-store';
import { refreshApprovals, useDecisions } from '../approvals/useDecisions';
import { AdPauses } from './AdPauses';
import { AllocateForm } from './AllocateForm';
import { BudgetFilters } from './BudgetFilters';
import { HoldersTable } from './HoldersTable';
import { pickHolders } from './posterior';
import { filterRows, needsDecision, noFilter, sortRows, type RowFilter, type SortKey } from './rows';
import { changeIdsOf, indexById, pickAllocation } from './run';
import { useLastRun } from './run-store';
import { RunSummary } from './RunSummary';

// recharts is most of the bundle; the table should not wait for it.
const PosteriorChart = lazyChunk('the chart', () => import('./PosteriorChart').then((m) => m.PosteriorChart));

export function Budget() {
  const accounts = useEngineQuery('accounts.list', {});
  const chosenId = useUi((s) => s.accountId);
  const setAccount = useUi((s) => s.setAccount);
  const list = accounts.data ?? [];
  const account = list.find((a) => a.id === chosenId) ?? list[0] ?? null;

  return (
    <div className="view view-wide" data-testid="view-budget">
      <header className="view-head">
        <div>
          <h1>Budget</h1>
          <p className="muted">
            {account ? `${account.name} · ${account.currency}` : 'Split a daily budget by each ad set’s or campaign’s chance of being the best.'}
          </p>
        </div>
        {list.length > 1 && account && (
          <div className="toolbar">
            <div className="filter">
              <label htmlFor="budget-account">Account</label>
              <select id="budget-account" value={account.id} onChange={(e) => setAccount(e.target.value)} data-testid="budget-account-select">
                {list.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name} ({a.currency})
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </header>
      {accounts.isPending ? (
        <Loading what="accounts" />
      ) : accounts.isError ? (
        <ErrorPanel title="The accounts could not be read" error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : !account ? (
        <section className="panel empty" data-testid="budget-no-account">
          <h2>No ad account yet</h2>
          <p>There is nothing to allocate until the workspace has an ad account. Fill it with demo data from the Overview, or connect Meta Ads.</p>
          <p>
            <a href="#/overview">Go to the Overview</a>
          </p>
        </section>
      ) : (
        <BudgetBody key={account.id} account={account} />
      )}
    </div>
  );
}

function BudgetBody({ account }: { account: Account }) {
  const client = useEngine();
  const qc = useQueryClient();
  const latest = useEngineQuery('budget.latest', { accountId: account.id });
  const lastRun = useLastRun((s) => s.lastRun);
  const setLastRun = useLastRun((s) => s.setLastRun);
  const run = pickAllocation(latest.data, lastRun, account.id);

  const allocate = useMutation<Allocation, AdloopError, number>({
    mutationFn: (total) => client.call('budget.allocate', { accountId: account.id, total }),
    onSuccess: (result) => {
      setLastRun(result);
      void refreshApprovals(qc);
    },
  });

  return (
    <>
      <section className="panel allocate-panel" aria-labelledby="allocate-title">
        <div className="panel-head">
          <h2 id="allocate-title">Allocate</h2>
          {run && <p className="muted">The last run is shown below; a new run replaces its undecided proposals.</p>}
        </div>
        <AllocateForm account={account} lastTotal={run?.total ?? null} pending={allocate.isPending} onAllocate={(total) => allocate.mutate(total)} />
        {allocate.isPending && (
          <p className="loading-inline" role="status" aria-live="polite" data-testid="budget-allocating">
            <span className="spinner" aria-hidden="true" /> Reading the evidence and computing each holder’s chance of being best…
          </p>
        )}
        {allocate.isError && <ErrorPanel title="The allocation did not run" error={allocate.error} />}
      </section>

      {latest.isPending && !run ? (
        <Loading what="the last allocation" />
      ) : latest.isError && !run ? (
        <ErrorPanel title="The last allocation could not be read" error={latest.error} onRetry={() => void latest.refetch()} />
      ) : !run ? (
        <section className="panel empty budget-empty" data-testid="budget-empty">
          <h2>No allocation yet</h2>
          <p>Enter a total daily budget and press Allocate.</p>
          <p className="muted">
            Adloop reads the account’s time-discounted clicks and pipeline value, computes each budget holder’s probability of being the
            best, and proposes new budgets — capped per day and exact to the cent. Nothing reaches Meta until you approve it.
          </p>
        </section>
      ) : (
        <RunView run={run} busy={allocate.isPending} />
      )}
    </>
  );
}

function RunView({ run, busy }: { run: Allocation; busy: boolean }) {
  // Only this run's changes: their states drive the approve/reject buttons.
  const ids = useMemo(() => changeIdsOf(run), [run]);
  const queue = useEngineQuery('approvals.list', { ids: ids.length > 0 ? ids : [1], limit: Math.max(1, ids.length) }, { enabled: ids.length > 0 });
  const changes = useMemo(() => indexById(queue.data), [queue.data]);
  const decisions = useDecisions();
  const { approve, reject } = decisions;

  const [filter, setFilter] = useState<RowFilter>(noFilter);
  const deferredFilter = useDeferredValue(filter);
  const [sort, setSort] = useState<SortState<SortKey>>({ key: 'recommended', dir: 'desc' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

  const rows = useMemo(() => {
    const filtered = filterRows(run.recommendations, deferredFilter, changes);
    // A fresh run comes in holder order and a stored one by budget: sort either way.
    return sortRows(filtered, sort.key, sort.dir);
  }, [run.recommendations, deferredFilter, changes, sort]);

  const onSelect = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const onSort = useCallback((key: SortKey) => {
    setSort((s) => nextSort(s, key, ['name']));
  }, []);

  const actionable = useMemo(
    () => run.recommendations.filter((r) => selected.has(r.holderId) && needsDecision(r, changes)).map((r) => r.changeId!),
    [run.recommendations, selected, changes],
  );
  const pauses = run.adPauses;
  const names = useMemo(() => {
    const m = new Map<number, string>();
    for (const r of run.recommendations) if (r.changeId !== null) m.set(r.changeId, r.holderName);
    for (const p of pauses) if (p.changeId !== null) m.set(p.changeId, p.adName);
    return m;
  }, [run.recommendations, pauses]);
  const chartHolders = useMemo(() => pickHolders(run.recommendations, selected), [run.recommendations, selected]);
  const chosen = run.recommendations.some((r) => selected.has(r.holderId));

  return (
    <div className="run-view" aria-busy={busy}>
      <RunSummary run={run} />
      <section className="panel holders-panel" aria-labelledby="holders-title">
        <div className="panel-head">
          <h2 id="holders-title">Recommendations</h2>
          <p className="muted">Open a row for its reason and evidence, or to approve a different amount.</p>
        </div>
        <BudgetFilters filter={filter} onChange={setFilter} shown={rows.length} total={run.recommendations.length} />
        <div className="batch-bar" role="group" aria-label="Decide on the selected rows">
          <span className="batch-count" data-testid="budget-selected">
            {selected.size === 0 ? 'Select rows to decide on several at once.' : `${selected.size} selected · ${actionable.length} awaiting a decision`}
          </span>
          <button
            type="button"
            className="button button-small button-approve"
            disabled={actionable.length === 0 || decisions.busy}
            onClick={() => approve(actionable)}
            data-testid="budget-batch-approve"
          >
            Approve {actionable.length || ''}
          </button>
          <button
            type="button"
            className="button button-small button-reject"
            disabled={actionable.length === 0 || decisions.busy}
            onClick={() => reject(actionable)}
            data-testid="budget-batch-reject"
          >
            Reject {actionable.length || ''}
          </button>
          {selected.size > 0 && (
            <button type="button" className="button button-small button-quiet" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          )}
        </div>
        <RefusalList refusals={decisions.refusals} label={(id) => names.get(id) ?? `#${id}`} />
        {decisions.error && <ErrorPanel title="The decision was not recorded" error={decisions.error} />}
        {queue.isError && <ErrorPanel title="The approval states could not be read" error={queue.error} onRetry={() => void queue.refetch()} />}
        <HoldersTable
          run={run}
          rows={rows}
          changes={changes}
          statesLoading={queue.isPending}
          selected={selected}
          onSelect={onSelect}
          sort={sort}
          onSort={onSort}
          pending={decisions.pending}
          refusals={decisions.refusals}
          onApprove={approve}
          onReject={reject}
        />
      </section>
      <AdPauses pauses={pauses} changes={changes} pending={decisions.pending} refusals={decisions.refusals} onApprove={approve} onReject={reject} />
      {chartHolders.length > 0 && (
        <Suspense fallback={<Loading what="the chart" />}>
          <PosteriorChart run={run} holders={chartHolders} chosen={chosen} />
        </Suspense>
      )}
    </div>
  );
}
