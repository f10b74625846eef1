// Scoring an earlier allocation against what happened. Each recommendation carries an expected
// value for its budget (pipeline value, or clicks when there is no pipeline yet); divided by the
// budget that is the value the allocator expected per unit of spend. What it actually spent in
// the following days, times that rate, is what it should have returned if it were calibrated;
// the ratio of actual to expected (1 = calibrated, > 1 = too pessimistic) is the calibration
// figure, and the spend-weighted relative error of the per-holder rates says how well it ranked.

export interface AllocationOutcome {
  holderId: string;
  /** Expected value per minor unit of spend at allocation time. */
  expectedRate: number;
  /** Spend over the scored days after the allocation (minor units). */
  spend: number;
  /** Value over the same days, in the allocation's objective. */
  value: number;
}

export interface AllocationCalibration {
  /** Σ actual value / Σ expected value at the actual spend. 1 = calibrated. */
  calibration: number;
  /** Spend-weighted mean |actual rate − expected rate| / expected rate. */
  relativeError: number;
  expected: number;
  actual: number;
  holders: number;
}

export function calibrateAllocation(outcomes: readonly AllocationOutcome[]): AllocationCalibration {
  let expected = 0;
  let actual = 0;
  let relErr = 0;
  let weight = 0;
  let holders = 0;
  for (const o of outcomes) {
    if (!(o.spend > 0) || !(o.expectedRate > 0) || !Number.isFinite(o.value)) continue;
    expected += o.expectedRate * o.spend;
    actual += o.value;
    relErr += o.spend * (Math.abs(o.value / o.spend - o.expectedRate) / o.expectedRate);
    weight += o.spend;
    holders++;
  }
  if (!(expected > 0)) return { calibration: Number.NaN, relativeError: Number.NaN, expected: 0, actual, holders: 0 };
  return { calibration: actual / expected, relativeError: relErr / weight, expected, actual, holders };
}
