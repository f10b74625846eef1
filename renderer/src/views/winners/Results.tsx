import type { WinnerNeighbourRow } from '../../../../contract';
import { formatMoney, formatMultiple, formatPercent, type CurrencyOffset } from '../../format/numbers';

/** The neighbours, nearest first, with a similarity bar; "Compare" opens the DNA side by side. */
export function Results({ rows, selected, onCompare }: { rows: WinnerNeighbourRow[]; selected: string | null; onCompare: (adId: string) => void }) {
  if (rows.length === 0) {
    return (
      <p className="table-empty" data-testid="winners-no-results">
        No indexed creative matches these filters yet.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table data-testid="winners-results" data-rows={rows.length}>
        <thead>
          <tr>
            <th scope="col">Creative</th>
            <th scope="col">Similarity</th>
            <th scope="col" className="num">
              CTR
            </th>
            <th scope="col" className="num">
              Pipeline ROAS
            </th>
            <th scope="col" className="num">
              Spend
            </th>
            <th scope="col">
              <span className="sr-only">Compare</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => (
            <tr key={n.adId} data-selected={selected === n.adId} data-testid={`neighbour-${n.adId}`}>
              <th scope="row">
                {n.name}
                <span className="account-id">
                  {n.adId} · {n.format ?? 'format unknown'}
                  {n.isWinner ? ' · winner' : ''}
                </span>
              </th>
              <td>
                <div className="sim" title={`cosine ${n.similarity.toFixed(4)}`}>
                  <div className="sim-bar" aria-hidden="true">
                    <span style={{ width: `${n.similarityPct}%` }} />
                  </div>
                  <span className="sim-value" data-testid={`similarity-${n.adId}`}>
                    {n.similarityPct.toFixed(1)} %
                  </span>
                </div>
              </td>
              <td className="num">{formatPercent(n.ctr)}</td>
              <td className="num">{formatMultiple(n.pipelineRoas)}</td>
              <td className="num">{formatMoney(n.spend, n.currency, n.currencyOffset as CurrencyOffset)}</td>
              <td>
                <button type="button" className="button button-small" onClick={() => onCompare(n.adId)} aria-pressed={selected === n.adId} data-testid={`compare-${n.adId}`}>
                  Compare
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
