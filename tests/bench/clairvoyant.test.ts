// The clairvoyant fatigue ceiling must itself be right: it finds a decay that is there, stays
// quiet on a flat ad, and the onset it implies is the true one.
import { describe, expect, it } from 'vitest';
import { clairvoyantGlr, firstCrossing } from '../../bench/lib/fatigue/clairvoyant';

function ad(days: number, onset: number | null, n = 20_000, p = 0.02) {
  const day = Int32Array.from({ length: days }, (_, d) => d);
  const impressions = new Float64Array(days).fill(n);
  // Expected counts (no noise): the statistic's drift is then exactly the KL divergence.
  const clicks = Float64Array.from(day, (d) => Math.round(n * p * (onset !== null && d >= onset ? 0.5 + 0.5 * Math.exp(-(d - onset) / 7) : 1)));
  return { offsets: Int32Array.from([0, days]), day, impressions, clicks };
}

describe('clairvoyant fatigue detector', () => {
  it('crosses its threshold within days of a true onset', () => {
    const glr = clairvoyantGlr(ad(60, 30), Float64Array.of(0.02), [{ floor: 0.5, tauDays: 7 }], 60);
    const first = firstCrossing(glr, 1, 60, 14, 8)[0]!;
    expect(first).toBeGreaterThanOrEqual(30);
    expect(first).toBeLessThanOrEqual(33);
  });

  it('stays at zero on an ad whose CTR never moves', () => {
    const glr = clairvoyantGlr(ad(60, null), Float64Array.of(0.02), [{ floor: 0.5, tauDays: 7 }], 60);
    expect(Math.max(...glr.subarray(14))).toBeLessThanOrEqual(1e-9);
    expect(firstCrossing(glr, 1, 60, 14, 2)[0]).toBe(-1);
  });
});
