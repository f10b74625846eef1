import { describe, expect, it } from 'vitest';
import { betaQuantile } from '../../workers/domain/math/beta';
import { gateCreative, type GateNeighbour } from '../../workers/domain/winners/gate';

const ACCOUNT = 0.01; // 1 % CTR
const many = (n: number, nb: GateNeighbour): GateNeighbour[] => Array.from({ length: n }, () => ({ ...nb }));

describe('pre-spend gate', () => {
  it('all-winner neighbourhood → PROCEED, prediction near the neighbours', () => {
    const g = gateCreative(many(10, { similarity: 0.9, impressions: 50_000, clicks: 1_500 }), ACCOUNT);
    expect(g.decision).toBe('PROCEED');
    expect(g.predictedCtr).toBeGreaterThan(0.025);
    expect(g.predictedCtr).toBeLessThan(0.03); // pulled a little toward the 1 % account mean
    expect(g.interval.lower).toBeGreaterThanOrEqual(g.threshold);
    expect(g.probAboveThreshold).toBeGreaterThan(0.999);
  });

  it('all-loser neighbourhood → REJECT, with advice that it can still be tested', () => {
    const g = gateCreative(many(10, { similarity: 0.9, impressions: 50_000, clicks: 150 }), ACCOUNT);
    expect(g.decision).toBe('REJECT');
    expect(g.interval.upper).toBeLessThan(g.threshold);
    expect(g.threshold).toBeCloseTo(0.007, 12);
    expect(g.advice).toMatch(/small test budget/);
    expect(g.advice).toMatch(/not a block/);
  });

  it('sparse neighbours (few impressions) → UNCERTAIN and shrunk to the account mean', () => {
    const g = gateCreative(many(5, { similarity: 0.95, impressions: 40, clicks: 0 }), ACCOUNT);
    expect(g.decision).toBe('UNCERTAIN');
    expect(g.shrinkage).toBeGreaterThan(0.8);
    // Raw neighbour CTR is 0 %; the prediction stays most of the way to 1 %.
    expect(g.predictedCtr).toBeGreaterThan(0.008);
    expect(g.predictedCtr).toBeLessThan(ACCOUNT);
  });

  it('a neighbourhood sitting on the 70 % line → UNCERTAIN (interval straddles)', () => {
    const g = gateCreative(many(3, { similarity: 0.8, impressions: 20_000, clicks: 140 }), ACCOUNT);
    expect(g.decision).toBe('UNCERTAIN');
    expect(g.interval.lower).toBeLessThan(g.threshold);
    expect(g.interval.upper).toBeGreaterThanOrEqual(g.threshold);
  });

  it('empty neighbourhood → the prior: account mean, UNCERTAIN', () => {
    const g = gateCreative([], ACCOUNT);
    expect(g.decision).toBe('UNCERTAIN');
    expect(g.predictedCtr).toBeCloseTo(ACCOUNT, 12);
    expect(g.shrinkage).toBe(1);
    expect(g.neighboursUsed).toBe(0);
    expect(g.posterior).toEqual({ alpha: 10, beta: 990 });
    expect(g.interval.lower).toBeCloseTo(betaQuantile(0.05, 10, 990), 12);
    expect(g.advice).toMatch(/No similar creative/);
  });

  it('caps what one well-measured neighbour can say', () => {
    const one = gateCreative([{ similarity: 1, impressions: 10_000_000, clicks: 300_000 }], ACCOUNT);
    expect(one.evidenceImpressions).toBeLessThan(3_000); // κ = 30 clicks / 1 % = 3,000 impressions
    expect(one.decision).not.toBe('REJECT');
    const ten = gateCreative(many(10, { similarity: 1, impressions: 10_000_000, clicks: 300_000 }), ACCOUNT);
    expect(ten.interval.upper - ten.interval.lower).toBeLessThan(one.interval.upper - one.interval.lower);
  });

  it('weights closer neighbours more and ignores dissimilar or empty ones', () => {
    const close = { similarity: 0.95, impressions: 5_000, clicks: 150 };
    const far = { similarity: 0.3, impressions: 5_000, clicks: 10 };
    const g = gateCreative([close, far], ACCOUNT);
    expect(g.predictedCtr).toBeGreaterThan(gateCreative([{ ...close, similarity: 0.3 }, { ...far, similarity: 0.95 }], ACCOUNT).predictedCtr);
    const ignored = gateCreative([{ similarity: -0.5, impressions: 5_000, clicks: 500 }, { similarity: 0.9, impressions: 0, clicks: 0 }], ACCOUNT);
    expect(ignored.neighboursUsed).toBe(0);
    expect(ignored.predictedCtr).toBeCloseTo(ACCOUNT, 12);
  });

  it('takes the reject ratio from the setting', () => {
    const nbs = many(10, { similarity: 0.9, impressions: 50_000, clicks: 400 }); // ≈ 0.8 % vs 1 %
    expect(gateCreative(nbs, ACCOUNT).decision).toBe('PROCEED');
    expect(gateCreative(nbs, ACCOUNT, { rejectRatio: 0.95 }).decision).toBe('REJECT');
  });

  it('refuses an impossible account CTR', () => {
    expect(() => gateCreative([], 0)).toThrow(RangeError);
    expect(() => gateCreative([], Number.NaN)).toThrow(RangeError);
  });
});
