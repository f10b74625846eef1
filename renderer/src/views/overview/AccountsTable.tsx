import type { Account } from '../../../../contract';
import { formatCount } from '../../format/numbers';

const SOURCE_LABEL: Record<Account['source'], string> = { demo: 'Demo', meta: 'Meta', csv: 'CSV import' };

export function AccountsTable({ accounts, selected, onSelect }: { accounts: readonly Account[]; selected: string | null; onSelect(id: string | null): void }) {
  return (
    <section className="panel" aria-labelledby="accounts-title">
      <div className="panel-head">
        <h2 id="accounts-title">Ad accounts</h2>
        <p className="muted">{accounts.length === 1 ? '1 account' : `${accounts.length} accounts`} in this workspace</p>
      </div>
      <div className="table-scroll">
        <table data-testid="accounts-table">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Currency</th>
              <th scope="col">Source</th>
              <th scope="col">Time zone</th>
              <th scope="col" className="num">Campaigns</th>
              <th scope="col" className="num">Ad sets</th>
              <th scope="col" className="num">Ads</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id} data-testid="account-row" data-account-id={a.id} data-selected={selected === a.id}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onSelect(selected === a.id ? null : a.id)} aria-pressed={selected === a.id}>
                    {a.name}
                  </button>
                  <span className="account-id">{a.id}</span>
                </th>
                <td>{a.currency}</td>
                <td>
                  <span className={`badge badge-${a.source}`}>{SOURCE_LABEL[a.source]}</span>
                </td>
                <td>{a.timezone}</td>
                <td className="num">{formatCount(a.campaigns)}</td>
                <td className="num">{formatCount(a.adSets)}</td>
                <td className="num">{formatCount(a.ads)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
