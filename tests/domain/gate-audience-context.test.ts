// The gate's audience context: neighbours' CTRs are moved to the target ad set's audience before
// they are pooled, and the prior is centred on that audience (workers/domain/winners/gate.ts).
import { describe, expect, it } from 'vitest';
import { recordedEvidence, replayGate } from '../../workers/domain/learning/gate-calibration';
import { addMoments, adMoments, contextRatio, MEASURED_CLICKS, NO_ADS, PSEUDO_ADS, subtractMoments } from '../../workers/domain/winners/audience-context';
import { gateCreative, movedCtr, type GateNeighbour } from '../../workers/domain/winners/gate';

const ACCOUNT = 0.01;
const many = (n: number, nb: GateNeighbour): GateNeighbour[] => Array.from({ length: n }, () => ({ ...nb }));

describe('audience context', () => {
  it("an ad set's ratio is its typical creative against the account's, pooled with two ads at the account mean", () => {
    const m = 0.01;
    const measured = (ctr: number) => adMoments(ctr * 1_000_000, 1_000_000, m); // weight ≈ 1
    const account = [0.01, 0.01, 0.02, 0.02].map(measured).reduce(addMoments, NO_ADS); // mean 1.5 %
    expect(contextRatio(NO_ADS, account)).toBe(1); // nothing known about the ad set
    expect(contextRatio(account, NO_ADS)).toBe(1); // nothing known about the account
    // Two ads at 2 % pooled with PSEUDO_ADS at 1.5 %: (2·2 + 2·1.5) / 4 = 1.75 % → 1.1667.
    expect(PSEUDO_ADS).toBe(2);
    expect(contextRatio(addMoments(measured(0.02), measured(0.02)), account)).toBeCloseTo(1.75 / 1.5, 3);
    // Leave-one-out: taking an ad back out of its ad set is exact.
    const two = addMoments(measured(0.02), measured(0.04));
    expect(subtractMoments(two, measured(0.04)).weightedCtr).toBeCloseTo(measured(0.02).weightedCtr, 15);
  });

  it('weighs an ad by how well its CTR is measured: a barely-run ad hardly counts, an unrun one not at all', () => {
    const m = 0.01;
    expect(adMoments(0, 0, m)).toEqual(NO_ADS);
    expect(adMoments(1, 100, m).weight).toBeCloseTo(100 / (100 + MEASURED_CLICKS / m), 12); // 3 % of an ad
    expect(adMoments(500, 50_000, m).weight).toBeGreaterThan(0.94);
    // Typical creative, not typical impression: one huge ad does not outvote three measured ones.
    const account = [adMoments(300, 30_000, m), adMoments(300, 30_000, m), adMoments(300, 30_000, m), adMoments(50_000, 1_000_000, m)].reduce(addMoments, NO_ADS);
    expect(account.weightedCtr / account.weight).toBeLessThan(0.022); // impression-weighted it would be 4.7 %
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

  it('a prediction recorded before the gate read audience context replays as it was made (ratio 1)', () => {
    const old = recordedEvidence(0.01, null, [[0.9, 5_000, 60]]);
    expect(old).toEqual({ accountCtr: 0.01, contextRatio: 1, neighbours: [{ similarity: 0.9, impressions: 5_000, clicks: 60, contextRatio: 1 }] });
    const now = recordedEvidence(0.01, 1.4, [[0.9, 5_000, 60, 0.8]]);
    expect(now.neighbours[0]!.contextRatio).toBe(0.8);
    const params = { priorClicks: 10, neighbourCapClicks: 30, similarityPower: 2, neighbours: 1 };
    expect(replayGate({ order: 1, ...old, impressions: 1, clicks: 0 }, params)).toBeCloseTo(gateCreative([{ similarity: 0.9, impressions: 5_000, clicks: 60 }], 0.01).predictedCtr, 14);
    expect(recordedEvidence(0.01, undefined, null).neighbours).toEqual([]);
  });
});
