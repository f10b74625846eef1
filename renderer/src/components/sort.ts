// One column-sort rule for every sortable table: a click on the sorted column flips it; a new
// column starts descending (the biggest numbers are what a buyer looks for first), except the
// columns named in `ascendingFirst` (names read A→Z).
export type SortDir = 'asc' | 'desc';
export interface SortState<K extends string> {
  key: K;
  dir: SortDir;
}

export function nextSort<K extends string>(current: SortState<K>, key: K, ascendingFirst: readonly K[] = []): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: ascendingFirst.includes(key) ? 'asc' : 'desc' };
}
