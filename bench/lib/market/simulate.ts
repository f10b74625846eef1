// The closed loop: each morning a policy sets budgets from what it has seen, the market delivers
// the day, and the policy sees the day's rows (and, later, its deals). The score is the TRUE
// expected pipeline value of the budgets actually run — expectations, not the noisy draws — so
// the paired comparison is not blurred by deal-count luck.
import { activeOn, expectedValue, type Market } from './model';
import { emptyHistory, observeDay } from './observe';
import type { Policy } from './policy';

export interface RunResult {
  /** Σ over days of true expected pipeline value, minor units. */
  totalValue: number;
  dailyValue: number[];
  /** Budgets per day by holder index, for inspection. */
  budgets: Array<Map<number, number>>;
}

export function runPolicy(m: Market, policy: Policy): RunResult {
  const history = emptyHistory(m);
  const k = m.config.saturation;
  // The account starts even across the holders live on day 0.
  const start = activeOn(m, 0);
  let yesterday = new Map<number, number>();
  const even = Math.floor(m.total / start.length);
  start.forEach((i, n) => yesterday.set(i, even + (n < m.total - even * start.length ? 1 : 0)));

  const dailyValue: number[] = [];
  const budgets: Array<Map<number, number>> = [];
  for (let day = 0; day < m.config.days; day++) {
    const active = activeOn(m, day);
    const today = policy({ market: m, day, total: m.total, active, yesterday, history });
    let spent = 0;
    for (const i of active) {
      const b = today.get(i);
      if (b === undefined || !Number.isInteger(b) || b < 0) throw new Error(`policy gave holder ${i} an invalid budget ${b} on day ${day}`);
      spent += b;
    }
    if (spent !== m.total || today.size !== active.length) throw new Error(`policy spent ${spent} of ${m.total} on day ${day}`);
    let value = 0;
    for (const [i, b] of today) value += expectedValue(m.actual[day]![i]!, b, k);
    dailyValue.push(value);
    budgets.push(today);
    observeDay(m, day, today, history);
    yesterday = today;
  }
  return { totalValue: dailyValue.reduce((s, v) => s + v, 0), dailyValue, budgets };
}
