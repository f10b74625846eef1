import { Suspense, useDeferredValue, useMemo, useState } from 'react';
import type { FatigueRow, FatigueStatusName } from '../../../../contract';
import { ErrorPanel } from '../../components/ErrorPanel';
import { lazyChunk } from '../../components/lazy-chunk';
import { Loading } from '../../components/Loading';
import { useEngineMutation, useEngineQuery } from '../../engine/queries';
import { ALL_STATUSES, DEFAULT_STATUSES, REMEDY, STATUS_LABEL, evidenceLines, toggleStatus } from './describe';

// recharts is most of the bundle; the list should not wait for it.
const FatigueChart = lazyChunk('the chart', () => import('./FatigueChart').then((m) => m.FatigueChart));

const LIMIT = 500;

export function Fatigue() {
  const [statuses, setStatuses] = useState<FatigueStatusName[]>([...DEFAULT_STATUSES]);
  const [newOnly, setNewOnly] = useState(false);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search);
  const [chosen, setChosen] = useState<string | null>(null);
  const input = { statuses: statuses.length ? statuses : [...ALL_STATUSES], newOnly, limit: LIMIT, ...(deferredSearch.trim() ? { search: deferredSearch.trim() } : {}) };
  const latest = useEngineQuery('fatigue.latest', input, { keepPrevious: true });
  const schedule = useEngineQuery('fatigue.schedule', {});
  const scan = useEngineMutation('fatigue.scan');
  const rows = latest.data?.findings ?? [];
  const selected = chosen && rows.some((r) => r.adId === chosen) ? chosen : (rows[0]?.adId ?? null);
  const counts = latest.data?.scan?.counts;

  return (
    <div className="view view-wide" data-testid="view-fatigue">
      <header className="view-head">
        <div>
          <h1>Fatigue</h1>
          <p className="muted">
            Every ad against its own launch baseline: a CUSUM on clicks per impression, frequency against the audience’s band, CPM against the account’s CPM and the share of
            new reach. New findings get a proposal in Approvals.
          </p>
        </div>
        <div className="toolbar">
          <button type="button" className="button button-primary" disabled={scan.isPending} onClick={() => scan.mutate({})} data-testid="fatigue-scan-now">
            {scan.isPending ? 'Scanning…' : 'Scan now'}
          </button>
        </div>
      </header>
      {scan.isError && <ErrorPanel title="The scan failed" error={scan.error} />}
      <section className="panel" aria-labelledby="fatigue-scan-title">
        <div className="panel-head">
          <h2 id="fatigue-scan-title">Last scan</h2>
          <p className="muted" data-testid="fatigue-schedule">
            {latest.data?.scan
              ? `#${latest.data.scan.scanId} · ${latest.data.scan.adsScanned.toLocaleString('en-US')} ads as of ${latest.data.scan.asOf ?? '—'} · ${latest.data.scan.newFindings} new`
              : 'No scan yet.'}
            {schedule.data?.nextDueAt ? ` · next scan ${new Date(schedule.data.nextDueAt).toLocaleString()} (every ${schedule.data.intervalHours} h)` : ''}
          </p>
        </div>
        <div className="chips" role="group" aria-label="Show ads with these statuses">
          {ALL_STATUSES.map((s) => (
            <button key={s} type="button" className={`chip fatigue-chip-${s}`} aria-pressed={statuses.includes(s)} onClick={() => setStatuses((c) => toggleStatus(c, s))} data-testid={`fatigue-chip-${s}`}>
              {STATUS_LABEL[s]} {counts ? <span className="chip-count">{counts[s].toLocaleString('en-US')}</span> : null}
            </button>
          ))}
          <label className="check">
            <input type="checkbox" checked={newOnly} onChange={(e) => setNewOnly(e.target.checked)} data-testid="fatigue-new-only" /> New since the previous scan
          </label>
          <input className="search-input" type="search" placeholder="Search ads" aria-label="Search ads by name" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="fatigue-search" />
        </div>
        {latest.isPending ? (
          <Loading what="the findings" />
        ) : latest.isError ? (
          <ErrorPanel title="The findings could not be read" error={latest.error} onRetry={() => void latest.refetch()} />
        ) : !latest.data.scan ? (
          <div className="queue-empty" data-testid="fatigue-empty">
            <p>No scan has run on this workspace yet.</p>
            <p className="muted">Press Scan now, or wait for the scheduled scan.</p>
          </div>
        ) : (
          <div className="fatigue-body">
            <FindingsTable rows={rows} total={latest.data.total} selected={selected} onSelect={setChosen} />
            {selected && <AdDetail adId={selected} />}
          </div>
        )}
      </section>
    </div>
  );
}

function FindingsTable({ rows, total, selected, onSelect }: { rows: FatigueRow[]; total: number; selected: string | null; onSelect(id: string): void }) {
  if (rows.length === 0) return <p className="table-empty" data-testid="fatigue-none">No ad with these statuses.</p>;
  return (
    <div className="fatigue-list">
      <p className="muted" role="status" data-testid="fatigue-shown">
        {rows.length < total ? `${rows.length} of ${total.toLocaleString('en-US')} ads` : `${total.toLocaleString('en-US')} ${total === 1 ? 'ad' : 'ads'}`}
      </p>
      <div className="table-scroll">
        <table className="queue fatigue-table" data-testid="fatigue-table">
          <thead>
            <tr>
              <th scope="col">Ad</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Confidence
              </th>
              <th scope="col">Onset</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.adId} data-testid={`fatigue-row-${r.adId}`} aria-selected={r.adId === selected} className={r.adId === selected ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => onSelect(r.adId)} data-testid={`fatigue-open-${r.adId}`}>
                    {r.adName}
                  </button>
                  {r.isNew && <span className="badge badge-new">new</span>}
                  <div className="holder-sub muted">
                    {r.adSetName} · {r.audience}
                  </div>
                </td>
                <td>
                  <span className={`badge fatigue-status fatigue-${r.status}`} data-testid={`fatigue-status-${r.adId}`}>
                    {STATUS_LABEL[r.status]}
                  </span>
                </td>
                <td className="num">{(r.confidence * 100).toFixed(0)} %</td>
                <td>{r.onsetDay ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function AdDetail({ adId }: { adId: string }) {
  const ad = useEngineQuery('fatigue.ad', { adId });
  const accounts = useEngineQuery('accounts.list', {});
  const account = useMemo(() => accounts.data?.find((a) => a.id === ad.data?.accountId), [accounts.data, ad.data]);
  if (ad.isPending) return <Loading what="the ad's history" />;
  if (ad.isError) return <ErrorPanel title="The ad's history could not be read" error={ad.error} onRetry={() => void ad.refetch()} />;
  const f = ad.data.finding;
  return (
    <article className="fatigue-detail" aria-labelledby="fatigue-ad-title" data-testid="fatigue-detail" data-ad-id={adId}>
      <h2 id="fatigue-ad-title">{ad.data.adName}</h2>
      <p className="muted">
        {ad.data.adSetName} · {ad.data.audience} audience
      </p>
      {f && (
        <>
          <p>
            <span className={`badge fatigue-status fatigue-${f.status}`}>{STATUS_LABEL[f.status]}</span> {(f.confidence * 100).toFixed(0)} % confidence.{' '}
            <strong>{REMEDY[f.status]}</strong>
            {f.changeId !== null && (
              <>
                {' '}
                <a href="#/approvals" data-testid="fatigue-proposal-link">
                  Proposal #{f.changeId} in Approvals
                </a>
              </>
            )}
          </p>
          <p className="reason" data-testid="fatigue-sentence">
            {String(f.evidence.sentence ?? '')}
          </p>
          <ul className="fatigue-evidence" data-testid="fatigue-evidence">
            {evidenceLines(f).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </>
      )}
      <Suspense fallback={<Loading what="the chart" />}>
        <FatigueChart ad={ad.data} currency={account?.currency ?? ''} currencyOffset={account?.currencyOffset ?? 100} />
      </Suspense>
    </article>
  );
}
