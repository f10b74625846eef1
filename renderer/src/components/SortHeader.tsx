// A sortable column header: the button, its ▲/▼ mark and aria-sort, the same in every table.
import type { ReactNode } from 'react';
import type { SortState } from './sort';

interface Props<K extends string> {
  sortKey: K;
  sort: SortState<K>;
  onSort(key: K): void;
  children: ReactNode;
  className?: string;
  /** The virtualized Budget table lays out its header outside a plain <table> and names the role. */
  role?: 'columnheader';
  testId?: string;
}

export function SortHeader<K extends string>({ sortKey, sort, onSort, children, className, role, testId }: Props<K>) {
  const active = sort.key === sortKey;
  return (
    <th role={role} scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(sortKey)} data-testid={testId}>
        {children}
        <span className="sort-mark" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}
