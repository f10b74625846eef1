import { Suspense, type ReactNode } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { lazyChunk } from '../../components/lazy-chunk';
import { Loading } from '../../components/Loading';
import { useEngineQuery } from '../../engine/queries';
import { useUi } from '../../state/ui-store';
import { rangeFilter, type Filter } from './range';
import { AccountsTable } from './AccountsTable';
import { EmptyWorkspace } from './EmptyWorkspace';
import { Filters } from './Filters';
import { Headlines } from './Headlines';
import { moneyScope } from './money';

// recharts is most of the bundle; the headline numbers should not wait for it.
const DailyChart = lazyChunk('the chart', () => import('./DailyChart').then((m) => m.DailyChart));

export function Overview() {
  const accountId = useUi((s) => s.accountId);
  const range = useUi((s) => s.range);
  const setAccount = useUi((s) => s.setAccount);
  const setRange = useUi((s) => s.setRange);
  const accounts = useEngineQuery('accounts.list', {});
  const scopeOnly: Filter = accountId ? { accountId } : {};
  const allTime = useEngineQuery('workspace.summary', scopeOnly);
  const filter = rangeFilter(accountId, range, allTime.data?.totals.lastDay ?? null);
  const ready = allTime.isSuccess;
  const summary = useEngineQuery('workspace.summary', filter, { enabled: ready, keepPrevious: true });
  const daily = useEngineQuery('workspace.daily', filter, { enabled: ready && allTime.data?.isEmpty === false, keepPrevious: true });

  const selectedName = accounts.data?.find((a) => a.id === accountId)?.name;

  return (
    <div className="view" data-testid="view-overview">
      <header className="view-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">{selectedName ? `Account ${selectedName}` : 'All accounts in this workspace'}</p>
        </div>
        {allTime.data?.isEmpty === false && accounts.data && (
          <Filters accounts={accounts.data} accountId={accountId} range={range} onAccount={setAccount} onRange={setRange} />
        )}
      </header>

      <OverviewBody
        loading={allTime.isPending || (ready && summary.isPending) || accounts.isPending}
        error={allTime.error ?? summary.error ?? accounts.error}
        retry={() => {
          void allTime.refetch();
          void summary.refetch();
          void accounts.refetch();
        }}
      >
        {summary.data && accounts.data && summary.data.isEmpty && <EmptyWorkspace />}
        {summary.data && accounts.data && !summary.data.isEmpty && (
          <div className="overview-body" aria-busy={summary.isPlaceholderData || daily.isPlaceholderData}>
            <Headlines totals={summary.data.totals} scope={moneyScope(summary.data.currency, accounts.data)} />
            {daily.isPending ? (
              <Loading what="the daily series" />
            ) : daily.isError ? (
              <ErrorPanel title="The daily series could not be read" error={daily.error} onRetry={() => void daily.refetch()} />
            ) : (
              <Suspense fallback={<Loading what="the chart" />}>
                <DailyChart days={daily.data.days} scope={moneyScope(daily.data.currency, accounts.data)} />
              </Suspense>
            )}
            <AccountsTable accounts={accounts.data} selected={accountId} onSelect={setAccount} />
          </div>
        )}
      </OverviewBody>
    </div>
  );
}

function OverviewBody({ loading, error, retry, children }: { loading: boolean; error: Error | null; retry(): void; children: ReactNode }) {
  if (error) return <ErrorPanel title="The workspace could not be read" error={error} onRetry={retry} />;
  if (loading) return <Loading what="the workspace" />;
  return <>{children}</>;
}
