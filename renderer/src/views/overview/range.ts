import type { Input } from '../../../../contract';
import { windowStart } from '../../format/numbers';
import type { RangePreset } from '../../state/ui-store';

export type Filter = Input<'workspace.summary'>;

/** Relative ranges end on the last day with data, not today: imported history stays readable. */
export function rangeFilter(accountId: string | null, range: RangePreset, lastDay: string | null): Filter {
  const filter: Filter = accountId ? { accountId } : {};
  if (range === 'all' || !lastDay) return filter;
  return { ...filter, from: windowStart(lastDay, Number(range)), to: lastDay };
}
