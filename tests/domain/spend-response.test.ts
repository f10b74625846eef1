import { describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../../workers/domain/math/random';
import { addSpendDay, DEFAULT_CPM_ELASTICITY, emptySpendCurve, fitSpendResponse, type SpendCurve } from '../../workers/domain/sampler/spend-response';

/** A holder's days: budgets moving ±20 % around `base`, CPM = cpm0·(1 + κ·b)·noise. */
function curve(rng: () => number, base: number, kappa: number, days: number, noiseSd: number, cpm0 = 1200): SpendCurve {
  const c = emptySpendCurve();
  let b = base;
  for (let d = 0; d < days; d++) {
    const cpm = cpm0 * (1 + kappa * b) * Math.exp(noiseSd * sampleNormal(rng));
    addSpendDay(c, b, (1000 * b) / cpm, 1);
    b = Math.round(b * (0.8 + 0.4 * rng()));
  }
  return c;
}

describe('spend-response: CPM against daily spend', () => {
  it('recovers a shared κ from noise-free days within 3 %', () => {
    const rng = createRng(1);
    const kappa = 1 / 25_000; // CPM doubles at USD 250 a day
    const curves = Array.from({ length: 20 }, (_, i) => curve(rng, 5_000 + i * 1_000, kappa, 20, 0, 800 + 50 * i));
    const fit = fitSpendResponse(curves, 10_000);
    expect(fit.fromData).toBe(true);
    expect(Math.abs(fit.kappa0 / kappa - 1)).toBeLessThan(0.03);
    for (const k of fit.kappa) expect(Math.abs(k / kappa - 1)).toBeLessThan(0.05);
  });

  it('without any budget change it states its default: CPM elasticity 0.25 at the mean budget', () => {
    const flat = Array.from({ length: 5 }, () => {
      const c = emptySpendCurve();
      for (let d = 0; d < 7; d++) addSpendDay(c, 10_000, 8_000, 1);
      return c;
    });
    const fit = fitSpendResponse([...flat, undefined], 10_000);
    expect(fit.fromData).toBe(false);
    const e = (fit.kappa0 * 10_000) / (1 + fit.kappa0 * 10_000);
    expect(e).toBeCloseTo(DEFAULT_CPM_ELASTICITY, 9);
    // No evidence of its own: every holder keeps κ₀; a holder with no days has mean spend 0.
    for (const k of fit.kappa) expect(k).toBe(fit.kappa0);
    expect(fit.meanSpend[5]).toBe(0);
  });

  it('skips days without delivery; an account without any still gets a finite, positive κ', () => {
    const c = emptySpendCurve();
    addSpendDay(c, 0, 100, 1);
    addSpendDay(c, 100, 0, 1);
    addSpendDay(c, 100, 50, 0);
    expect(c).toEqual(emptySpendCurve());
    const fit = fitSpendResponse([c], 0);
    expect(Number.isFinite(fit.kappa0) && fit.kappa0 > 0).toBe(true);
  });

  it('shrinks a holder towards κ₀ by how much its own budget moved: noisy holders gain from the pool', () => {
    const rng = createRng(7);
    const truth: number[] = [];
    const curves: SpendCurve[] = [];
    for (let i = 0; i < 40; i++) {
      const k = (1 / 25_000) * Math.exp(0.6 * sampleNormal(rng));
      truth.push(k);
      curves.push(curve(rng, 10_000, k, 14, 0.13));
    }
    const fit = fitSpendResponse(curves, 10_000);
    // Each holder alone (ordinary least squares on the same linearisation, no pooling).
    let errPooled = 0;
    let errAlone = 0;
    curves.forEach((c, i) => {
      const sxx = c.xx - (c.x * c.x) / c.w;
      const sxy = c.xy - (c.x * c.y) / c.w;
      const f = 1 + fit.kappa0 * (c.x / c.w);
      const alone = Math.max(1e-9, (sxy / f) / (sxx / (f * f)));
      errAlone += Math.log(alone / truth[i]!) ** 2;
      errPooled += Math.log(fit.kappa[i]! / truth[i]!) ** 2;
    });
    expect(errPooled).toBeLessThan(errAlone);
    // The pooled κ₀ lands near the holders' typical κ (log-mean), not at the default.
    const logMean = truth.reduce((s, k) => s + Math.log(k), 0) / truth.length;
    expect(Math.abs(Math.log(fit.kappa0) - logMean)).toBeLessThan(0.35);
  });
});
