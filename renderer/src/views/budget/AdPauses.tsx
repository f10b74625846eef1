import type { ApprovalChange } from '../../../../contract';
import { StateBadge } from '../../components/StateBadge';
import type { Refusal } from '../approvals/refusals';
import type { AdPause } from './run';
import { formatProbability } from './rows';

interface Props {
  pauses: readonly AdPause[];
  changes: ReadonlyMap<number, ApprovalChange>;
  pending: ReadonlySet<number>;
  refusals: ReadonlyMap<number, Refusal>;
  onApprove(ids: number[]): void;
  onReject(ids: number[]): void;
}

/** Ads clearly behind the best ad of their own ad set, with enough spend to say so. */
export function AdPauses({ pauses, changes, pending, refusals, onApprove, onReject }: Props) {
  return (
    <section className="panel" aria-labelledby="pauses-title" data-testid="ad-pauses">
      <div className="panel-head">
        <h2 id="pauses-title">Ads to pause</h2>
        <p className="muted">
          {pauses.length === 0
            ? 'No ad is clearly behind the best ad of its ad set.'
            : `${pauses.length} ${pauses.length === 1 ? 'ad is' : 'ads are'} clearly behind the best ad of the same ad set`}
        </p>
      </div>
      {pauses.length > 0 && (
        <div className="table-scroll pauses-scroll">
          <table className="pauses">
            <thead>
              <tr>
                <th scope="col">Ad</th>
                <th scope="col" className="num">
                  P(best in ad set)
                </th>
                <th scope="col">Why</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {pauses.map((p) => {
                const change = p.changeId !== null ? changes.get(p.changeId) : undefined;
                const id = p.changeId;
                const refusal = id !== null ? refusals.get(id) : undefined;
                return (
                  <tr key={p.adId} data-testid={`pause-row-${p.adId}`}>
                    <th scope="row">
                      {p.adName}
                      <span className="account-id">{p.adId}</span>
                    </th>
                    <td className="num">{formatProbability(p.pBestInHolder)}</td>
                    <td className="wrap">
                      {p.reason}
                      {refusal && (
                        <span className="field-error" role="alert">
                          {' '}
                          <code className="error-code">{refusal.code}</code> {refusal.message}
                        </span>
                      )}
                    </td>
                    <td className="decision-cell">
                      {id === null ? (
                        <span className="muted">Not proposed</span>
                      ) : (
                        <span className="decision">
                          {change ? <StateBadge state={change.state} testId={`state-${id}`} /> : <span className="muted">#{id}</span>}
                          {change?.state === 'proposed' && (
                            <span className="decision-buttons">
                              <button type="button" className="button button-small button-approve" disabled={pending.has(id)} onClick={() => onApprove([id])} data-testid={`approve-${id}`} aria-label={`Approve pausing ${p.adName}`}>
                                Approve
                              </button>
                              <button type="button" className="button button-small button-reject" disabled={pending.has(id)} onClick={() => onReject([id])} data-testid={`reject-${id}`} aria-label={`Reject pausing ${p.adName}`}>
                                Reject
                              </button>
                            </span>
                          )}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
