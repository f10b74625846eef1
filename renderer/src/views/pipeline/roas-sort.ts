// Sorting the Pipeline ROAS table by any column. Rows without a value (no spend → no ROAS, no deals
// → no confidence) go last in either direction: "best ROAS" should not open on a row that has none.
import type { RoasRow } from '../../../../contract';

export type RoasSortKey = 'name' | 'spend' | 'deals' | 'pipelineValue' | 'pipelineRoas' | 'confidence';
export interface RoasSort {
  key: RoasSortKey;
  dir: 'asc' | 'desc';
}

/** The engine's own order (pipeline value, highest first). */
export const DEFAULT_ROAS_SORT: RoasSort = { key: 'pipelineValue', dir: 'desc' };

export function sortRoasRows(rows: readonly RoasRow[], sort: RoasSort): RoasRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.key === 'name') return sign * a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === null || y === null) return x === y ? a.id.localeCompare(b.id) : x === null ? 1 : -1;
    return sign * (x - y) || a.id.localeCompare(b.id);
  });
}

/** A click on a column: the same column flips; a new one starts descending (names ascending). */
export function nextRoasSort(current: RoasSort, key: RoasSortKey): RoasSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'name' ? 'asc' : 'desc' };
}
