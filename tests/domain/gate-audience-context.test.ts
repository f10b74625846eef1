// The gate's audience context: neighbours' CTRs are moved to the target ad set's audience before
// they are pooled, and the prior is centred on that audience (workers/domain/winners/gate.ts).
import { describe, expect, it } from 'vitest';
import { replayGate } from '../../workers/domain/learning/gate-calibration';
import { contextRatio, CONTEXT_PRIOR_CLICKS, gateCreative, movedCtr, type GateNeighbour } from '../../workers/domain/winners/gate';

const ACCOUNT = 0.01;
const many = (n: number, nb: GateNeighbour): GateNeighbour[] => Array.from({ length: n }, () => ({ ...nb }));

describe('audience context', () => {
  it("an ad set's ratio is shrunk toward 1 by the pseudo-clicks: nothing known → 1, well measured → what it measured", () => {
    expect(contextRatio(0, 0, ACCOUNT)).toBe(1);
    expect(contextRatio(20, 1_000, ACCOUNT)).toBeCloseTo((20 + CONTEXT_PRIOR_CLICKS) / (10 + CONTEXT_PRIOR_CLICKS), 12); // 2 % measured on 1,000 → 1.25
    expect(contextRatio(20_000, 1_000_000, ACCOUNT)).toBeCloseTo(2, 2);
    expect(contextRatio(-5, -1, ACCOUNT)).toBe(1); // negative totals count as nothing
  });

  it('moves a neighbour from its audience to the target: 4 % in a 2× ad set is 2 % in an average one, 3 % in a 1.5× one', () => {
    expect(movedCtr(0.04, 2, 1)).toBeCloseTo(0.02, 12);
    expect(movedCtr(0.04, 2, 1.5)).toBeCloseTo(0.03, 12);
    expect(movedCtr(0.04, undefined, 1)).toBeCloseTo(0.04, 12); // no context: as measured
    expect(movedCtr(0.5, 0.2, 2)).toBeLessThan(1); // never a CTR of 1 or more
  });

  it('the same neighbours predict twice the CTR for a creative headed to an ad set that runs at 2× the account', () => {
    const nbs = many(10, { similarity: 0.9, impressions: 50_000, clicks: 1_000, contextRatio: 1 });
    const average = gateCreative(nbs, ACCOUNT);
    const hot = gateCreative(nbs, ACCOUNT, { contextRatio: 2 });
    expect(average.contextRatio).toBe(1);
    expect(hot.predictedCtr / average.predictedCtr).toBeCloseTo(2, 1);
    expect(hot.threshold).toBe(average.threshold); // the REJECT line stays 70 % of the account, not of the ad set
    expect(hot.advice).toMatch(/Its ad set runs at 2\.00× the account CTR/);
    expect(average.advice).not.toMatch(/Its ad set runs/);
  });

  it('neighbours that looked good only because they ran in retargeting are discounted for a cold ad set', () => {
    const retargeting = many(10, { similarity: 0.9, impressions: 50_000, clicks: 1_750, contextRatio: 1.75 }); // 3.5 % there
    const blind = gateCreative(retargeting.map(({ contextRatio: _, ...n }) => n), ACCOUNT);
    const moved = gateCreative(retargeting, ACCOUNT, { contextRatio: 0.9 });
    expect(blind.predictedCtr).toBeGreaterThan(0.03);
    expect(moved.predictedCtr).toBeGreaterThan(0.016);
    expect(moved.predictedCtr).toBeLessThan(0.019); // 3.5 % ÷ 1.75 × 0.9 = 1.8 %, a little shrunk toward 0.9 %
  });

  it('replaying a recorded prediction with its context gives exactly the gate’s prediction', () => {
    const neighbours: GateNeighbour[] = [
      { similarity: 0.95, impressions: 8_000, clicks: 240, contextRatio: 1.6 },
      { similarity: 0.7, impressions: 120_000, clicks: 1_100, contextRatio: 0.8 },
      { similarity: 0.4, impressions: 900, clicks: 4, contextRatio: 1 },
    ];
    const params = { priorClicks: 5, neighbourCapClicks: 100, similarityPower: 1, neighbours: 3 };
    const g = gateCreative(neighbours, 0.012, { contextRatio: 1.3, priorClicks: 5, neighbourCapClicks: 100, similarityPower: 1 });
    expect(replayGate({ order: 1, accountCtr: 0.012, contextRatio: 1.3, neighbours, impressions: 1, clicks: 0 }, params)).toBeCloseTo(g.predictedCtr, 14);
  });
});
