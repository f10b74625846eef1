import type { Allocation } from '../../../../contract';
import { formatCount, formatMoney, type CurrencyOffset } from '../../format/numbers';

export function offsetOf(n: number): CurrencyOffset {
  return n === 1 ? 1 : 100;
}

/** A run's money formatter: its currency and Meta's offset for it. */
export function runMoney(run: Pick<Allocation, 'currency' | 'currencyOffset'>): (minor: number) => string {
  const offset = offsetOf(run.currencyOffset);
  return (minor) => formatMoney(Math.round(minor), run.currency, offset);
}

/** Expected value per day: pipeline value (money) or clicks, depending on the run's objective. */
export function formatExpected(value: number | null, run: Pick<Allocation, 'currency' | 'currencyOffset' | 'objective'>): string {
  if (value === null) return '—';
  if (run.objective === 'pipeline_roas') return runMoney(run)(value);
  return `${formatCount(value)} clicks`;
}
