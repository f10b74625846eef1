import { useId } from 'react';
import { formatCount } from '../../format/numbers';
import type { ActionFilter, RowFilter } from './rows';

const ACTIONS: Array<{ id: ActionFilter; label: string }> = [
  { id: 'all', label: 'All changes' },
  { id: 'raise', label: 'Raise' },
  { id: 'cut', label: 'Cut' },
  { id: 'keep', label: 'Keep' },
];

export function BudgetFilters({ filter, onChange, shown, total }: { filter: RowFilter; onChange(f: RowFilter): void; shown: number; total: number }) {
  const id = useId();
  return (
    <div className="toolbar budget-filters" role="group" aria-label="Filter holders">
      <div className="filter">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          className="search-input"
          placeholder="Ad set or campaign name"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
          data-testid="budget-search"
        />
      </div>
      <div className="filter">
        <label htmlFor={`${id}-action`}>Action</label>
        <select id={`${id}-action`} value={filter.action} onChange={(e) => onChange({ ...filter, action: e.target.value as ActionFilter })} data-testid="budget-action-filter">
          {ACTIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input type="checkbox" checked={filter.learningOnly} onChange={(e) => onChange({ ...filter, learningOnly: e.target.checked })} data-testid="budget-learning-only" />
        Learning only
      </label>
      <label className="check">
        <input type="checkbox" checked={filter.needsDecision} onChange={(e) => onChange({ ...filter, needsDecision: e.target.checked })} data-testid="budget-needs-decision" />
        Needs decision
      </label>
      <p className="muted filter-count" role="status" data-testid="budget-shown">
        {shown === total ? `${formatCount(total)} holders` : `${formatCount(shown)} of ${formatCount(total)} holders`}
      </p>
    </div>
  );
}
