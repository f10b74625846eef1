import type { Policy } from '../policy';
import { roundToTotal } from '../round';

/** total / N every day, largest remainder so the sum is exact. */
export const evenSplit: Policy = ({ active, total }) => {
  const b = roundToTotal(active.map(() => 1), total);
  return new Map(active.map((i, k) => [i, b[k]!]));
};
