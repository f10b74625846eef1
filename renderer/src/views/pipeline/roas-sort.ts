// Sorting the Pipeline ROAS table by any column. Rows without a value (no spend → no ROAS, no deals
// → no confidence) go last in either direction: "best ROAS" should not open on a row that has none.
import type { RoasRow } from '../../../../contract';
import type { SortState } from '../../components/sort';

export type RoasSortKey = 'name' | 'spend' | 'deals' | 'pipelineValue' | 'pipelineRoas' | 'confidence';
export type RoasSort = SortState<RoasSortKey>;

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
