import type { Account } from '../../../../contract';
import type { RangePreset } from '../../state/ui-store';

const RANGES: Array<{ id: RangePreset; label: string }> = [
  { id: 'all', label: 'All data' },
  { id: '7', label: 'Last 7 days' },
  { id: '30', label: 'Last 30 days' },
  { id: '90', label: 'Last 90 days' },
];

interface Props {
  accounts: readonly Account[];
  accountId: string | null;
  range: RangePreset;
  onAccount(id: string | null): void;
  onRange(range: RangePreset): void;
}

export function Filters({ accounts, accountId, range, onAccount, onRange }: Props) {
  return (
    <div className="toolbar" role="group" aria-label="Filters">
      <div className="filter">
        <label htmlFor="filter-account">Account</label>
        <select id="filter-account" value={accountId ?? ''} onChange={(e) => onAccount(e.target.value || null)} data-testid="account-select">
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.currency})
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-period">Period</label>
        <select id="filter-period" value={range} onChange={(e) => onRange(e.target.value as RangePreset)} data-testid="range-select">
          {RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
