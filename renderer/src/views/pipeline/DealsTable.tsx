import type { DealRow } from '../../../../contract';
import { formatPercent } from '../../format/numbers';
import { confidenceBand, METHOD_LABEL, money } from './logic';

/** Deals with their value and how each was credited (or why not). */
export function DealsTable({ deals, testId, showAd }: { deals: readonly DealRow[]; testId: string; showAd: boolean }) {
  return (
    <div className="table-scroll deals-scroll">
      <table data-testid={testId} data-rows={deals.length}>
        <thead>
          <tr>
            <th scope="col">Deal</th>
            <th scope="col">Stage</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Pipeline value
            </th>
            {showAd && <th scope="col">Ad</th>}
            <th scope="col">How it was matched</th>
            <th scope="col" className="num">
              Confidence
            </th>
          </tr>
        </thead>
        <tbody>
          {deals.map((d) => (
            <tr key={d.id} data-testid="deal-row" data-deal-id={d.id} data-method={d.method ?? ''}>
              <th scope="row">
                {d.name || `Deal ${d.id}`}
                <span className="account-id">
                  {d.id} · created {d.createdAt.slice(0, 10)}
                </span>
              </th>
              <td>
                {d.stageLabel}
                <span className="account-id">{d.pipelineLabel}</span>
              </td>
              <td className="num">{d.amount === null ? '—' : money(d.amount, d.currency)}</td>
              <td className="num">{money(d.value, d.currency)}</td>
              {showAd && (
                <td>
                  {d.adName ?? '—'}
                  {d.campaignName && <span className="account-id">{d.campaignName}</span>}
                </td>
              )}
              <td className="match-cell">
                <span className={`badge method method-${d.method ?? 'none'}`}>{METHOD_LABEL[d.method ?? 'none']}</span>
                <span className="match-why">{d.explanation}</span>
              </td>
              <td className="num">
                <span className={`confidence confidence-${confidenceBand(d.confidence)}`} data-testid="deal-confidence">
                  {d.confidence === null || d.confidence === 0 ? '—' : formatPercent(d.confidence, undefined, 0)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
