// The gate's recalibration math: the replay equals the gate, the fit finds the parameters that
// generated the data, and allocation calibration is actual ÷ expected at the spend that happened.
import { describe, expect, it } from 'vitest';
import { calibrateAllocation } from '../../workers/domain/learning/allocation-calibration';
import { defaultGateParams, fitGate, gateError, replayGate, scoreGatePrediction, splitHeldOut, type ScoredGateSample } from '../../workers/domain/learning/gate-calibration';
import { gateCreative } from '../../workers/domain/winners/gate';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Samples whose true CTR is the mean of two fairly similar neighbours' CTRs: the defaults shrink too much. */
function informative(n: number, seed: number, from = 0): ScoredGateSample[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const ctrs = [0.005 + r() * 0.045, 0.005 + r() * 0.045];
    const truth = (ctrs[0]! + ctrs[1]!) / 2;
    return { order: from + i, accountCtr: 0.02, neighbours: ctrs.map((c) => ({ similarity: 0.7, impressions: 5000, clicks: Math.round(c * 5000) })), impressions: 50_000, clicks: Math.round(truth * 50_000) };
  });
}

describe('gate replay', () => {
  it('equals gateCreative’s predicted CTR for any parameters', () => {
    const r = rng(3);
    for (let t = 0; t < 200; t++) {
      const s: ScoredGateSample = {
        order: t,
        accountCtr: 0.005 + r() * 0.05,
        neighbours: Array.from({ length: 1 + Math.floor(r() * 12) }, () => ({ similarity: r() * 1.2 - 0.1, impressions: Math.floor(r() * 20_000), clicks: Math.floor(r() * 400) })),
        impressions: 1000,
        clicks: 20,
      };
      const p = { priorClicks: 1 + r() * 50, neighbourCapClicks: 5 + r() * 100, similarityPower: 1 + Math.floor(r() * 4), neighbours: 1 + Math.floor(r() * 12) };
      const g = gateCreative(s.neighbours.slice(0, p.neighbours), s.accountCtr, p);
      expect(replayGate(s, p)).toBeCloseTo(g.predictedCtr, 14);
    }
  });

  it('scores a prediction by absolute CTR error and log-loss; rejects an unscoreable one', () => {
    const e = scoreGatePrediction(0.02, 10_000, 300);
    expect(e.absError).toBeCloseTo(0.01, 12);
    expect(e.logLoss).toBeGreaterThan(scoreGatePrediction(0.03, 10_000, 300).logLoss);
    expect(() => scoreGatePrediction(0.02, 0, 0)).toThrow(RangeError);
  });
});

describe('gate fit', () => {
  it('on informative neighbours, fits weaker shrinkage than the defaults and lowers held-out error', () => {
    const { fit, heldOut } = splitHeldOut(informative(300, 1));
    expect(heldOut.every((h) => h.order >= fit.at(-1)!.order)).toBe(true);
    const best = fitGate(fit, 2)!;
    expect(best.params.priorClicks).toBeLessThan(defaultGateParams(2).priorClicks);
    expect(gateError(heldOut, best.params).mae).toBeLessThan(gateError(heldOut, defaultGateParams(2)).mae * 0.8);
  });

  it('on neighbours that carry no information, fits stronger shrinkage toward the account', () => {
    const r = rng(9);
    const samples: ScoredGateSample[] = Array.from({ length: 300 }, (_, i) => ({
      order: i,
      accountCtr: 0.02,
      neighbours: [{ similarity: 0.9, impressions: 5000, clicks: Math.round((0.005 + r() * 0.045) * 5000) }],
      impressions: 50_000,
      clicks: 1000,
    }));
    expect(fitGate(samples, 1)!.params.priorClicks).toBeGreaterThan(defaultGateParams(1).priorClicks);
  });
});

describe('allocation calibration', () => {
  it('is Σ actual ÷ Σ expected at the actual spend, skipping unfunded holders', () => {
    const c = calibrateAllocation([
      { holderId: 'a', expectedRate: 0.01, spend: 10_000, value: 120 },
      { holderId: 'b', expectedRate: 0.02, spend: 5_000, value: 80 },
      { holderId: 'c', expectedRate: 0.02, spend: 0, value: 0 },
    ]);
    expect(c.holders).toBe(2);
    expect(c.expected).toBeCloseTo(200, 9);
    expect(c.calibration).toBeCloseTo(1, 9);
    expect(c.relativeError).toBeCloseTo((10_000 * 0.2 + 5_000 * 0.2) / 15_000, 9);
    expect(Number.isNaN(calibrateAllocation([]).calibration)).toBe(true);
  });
});
