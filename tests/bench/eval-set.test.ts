// The learning-quality bench's evaluation set: if held-out ads leaked into the workspace (or their
// truth were attached to the wrong ad), the gate's weekly error would mean nothing.
import { describe, expect, it } from 'vitest';
import { audienceShares, ctrErrors, dnaCeilingCtr, holdOutAds, pickHeldOut, SIM_AUDIENCE_BOOST, SIM_CTR_NOISE_SD } from '../../bench/lib/learning/eval-set';
import { createRng, sampleNormal } from '../../workers/domain/math/random';
import { simulate } from '../../workers/simulator';
import { dnaLogOdds } from '../../workers/simulator/dna';

const sim = simulate({ seed: 5, ads: 300, days: 20, endDay: '2026-10-31' });

describe('pickHeldOut', () => {
  it('marks about the share, only among ads running from day 0, the same for the same seed', () => {
    const held = pickHeldOut(sim, 0.25, 7);
    expect(held).toHaveLength(sim.ads.length);
    expect(held.every((h, i) => !h || sim.ads[i]!.launchDay === 0)).toBe(true);
    const n = held.filter(Boolean).length;
    expect(n).toBeGreaterThan(40);
    expect(n).toBeLessThan(110);
    expect(pickHeldOut(sim, 0.25, 7)).toEqual(held);
    expect(pickHeldOut(sim, 0.25, 8)).not.toEqual(held);
  });

  it('refuses a share outside (0, 1)', () => {
    expect(() => pickHeldOut(sim, 0, 1)).toThrow(RangeError);
    expect(() => pickHeldOut(sim, 1, 1)).toThrow(RangeError);
  });
});

describe('holdOutAds', () => {
  const held = pickHeldOut(sim, 0.2, 3);
  const { sim: rest, evalAds } = holdOutAds(sim, held);
  const heldIds = new Set(sim.ads.filter((_, i) => held[i]).map((a) => a.id));

  it('removes the held-out ads, their rows and their deals, and keeps everything else as it was', () => {
    expect(evalAds.length).toBe(heldIds.size);
    expect(rest.ads.length + evalAds.length).toBe(sim.ads.length);
    expect(rest.ads.some((a) => heldIds.has(a.id))).toBe(false);
    expect(rest.truth.map((t) => t.adId)).toEqual(rest.ads.map((a) => a.id));
    // Every remaining row and deal points at the same ad as before the remapping.
    const before = new Map<string, number>();
    for (let r = 0; r < sim.metrics.count; r++) {
      const id = sim.ads[sim.metrics.ad[r]!]!.id;
      if (!heldIds.has(id)) before.set(`${id}|${sim.metrics.day[r]}`, sim.metrics.clicks[r]!);
    }
    const after = new Map<string, number>();
    for (let r = 0; r < rest.metrics.count; r++) after.set(`${rest.ads[rest.metrics.ad[r]!]!.id}|${rest.metrics.day[r]}`, rest.metrics.clicks[r]!);
    expect(after).toEqual(before);
    expect(rest.deals.map((d) => rest.ads[d.ad]!.id)).toEqual(sim.deals.filter((d) => !heldIds.has(sim.ads[d.ad]!.id)).map((d) => sim.ads[d.ad]!.id));
    expect(rest.deals.length).toBeLessThan(sim.deals.length);
  });

  it("carries each held-out ad's DNA, latent CTR and realised totals", () => {
    for (const e of evalAds) {
      const i = sim.ads.findIndex((a) => a.id === e.id);
      expect(e.dna).toEqual(sim.ads[i]!.dna);
      expect(e.trueCtr).toBe(sim.truth[i]!.latentCtr);
      let imp = 0;
      let clk = 0;
      for (let r = 0; r < sim.metrics.count; r++) {
        if (sim.metrics.ad[r] !== i) continue;
        imp += sim.metrics.impressions[r]!;
        clk += sim.metrics.clicks[r]!;
      }
      expect([e.impressions, e.clicks]).toEqual([imp, clk]);
    }
    expect(evalAds.some((e) => e.impressions > 0)).toBe(true);
  });

  it('needs one flag per ad', () => {
    expect(() => holdOutAds(sim, held.slice(1))).toThrow(RangeError);
  });
});

describe('ctrErrors', () => {
  it('computes MAE and RMSE in basis points and the mean absolute log ratio', () => {
    const e = ctrErrors([0.01, 0.02], [0.02, 0.02]);
    expect(e.n).toBe(2);
    expect(e.maeBp).toBeCloseTo(50, 9);
    expect(e.rmseBp).toBeCloseTo(Math.sqrt(0.01 ** 2 / 2) * 10_000, 9);
    expect(e.logError).toBeCloseTo(Math.log(2) / 2, 12);
  });

  it('refuses mismatched, empty or out-of-range input', () => {
    expect(() => ctrErrors([0.01], [0.01, 0.02])).toThrow(RangeError);
    expect(() => ctrErrors([], [])).toThrow(RangeError);
    expect(() => ctrErrors([0], [0.01])).toThrow(RangeError);
    expect(() => ctrErrors([0.01], [1])).toThrow(RangeError);
  });
});

describe('the DNA ceiling', () => {
  const big = simulate({ seed: 9, ads: 2000, days: 3, endDay: '2026-10-31' });
  const audience = new Map(big.adSets.map((s) => [s.id, s.audienceType]));
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  it("mirrors the simulator's audience shifts and noise: its latent CTRs less DNA and audience are N(0, 0.25²) in every audience", () => {
    const residual = { cold: [] as number[], lookalike: [] as number[], broad: [] as number[], retargeting: [] as number[] };
    big.ads.forEach((a, i) => {
      const p = big.truth[i]!.latentCtr;
      const t = audience.get(a.adSetId)!;
      residual[t].push(Math.log(p / (1 - p)) - dnaLogOdds(a.dna) - SIM_AUDIENCE_BOOST[t]);
    });
    for (const xs of Object.values(residual)) {
      expect(xs.length).toBeGreaterThan(300);
      expect(Math.abs(mean(xs))).toBeLessThan(0.05); // se ≈ 0.25 / √500 ≈ 0.011
      const sd = Math.sqrt(mean(xs.map((x) => x * x)) - mean(xs) ** 2);
      expect(sd).toBeGreaterThan(SIM_CTR_NOISE_SD * 0.9);
      expect(sd).toBeLessThan(SIM_CTR_NOISE_SD * 1.1);
    }
  });

  it('is the expectation over the noise for one audience', () => {
    const dna = big.ads[0]!.dna;
    const rng = createRng(1);
    let s = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) s += 1 / (1 + Math.exp(-(dnaLogOdds(dna) + 0.55 + SIM_CTR_NOISE_SD * sampleNormal(rng))));
    expect(dnaCeilingCtr(dna, { cold: 0, lookalike: 0, broad: 0, retargeting: 1 })).toBeCloseTo(s / n, 4);
  });

  it("is unbiased over the account's ads and beats one CTR for all", () => {
    const shares = audienceShares(big);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const truth = big.truth.map((t) => t.latentCtr);
    const ceiling = big.ads.map((a) => dnaCeilingCtr(a.dna, shares));
    expect(mean(ceiling) / mean(truth)).toBeGreaterThan(0.97);
    expect(mean(ceiling) / mean(truth)).toBeLessThan(1.03);
    const flat = truth.map(() => mean(truth));
    expect(ctrErrors(ceiling, truth).maeBp).toBeLessThan(ctrErrors(flat, truth).maeBp);
  });
});
