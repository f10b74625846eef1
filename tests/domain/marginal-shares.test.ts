import { describe, expect, it } from 'vitest';
import { createRng, sampleNormal } from '../../workers/domain/math/random';
import { expectedOptimalBudget, MEAN_FIELD_FROM, marginalShares, meanFieldShares, SAMPLED_UP_TO, samplerWeight, thompsonShares } from '../../workers/domain/sampler/marginal-shares';

/** The exact optimum for known θ₀: b_i = c_i(√(θ_i/λ) − 1)⁺ with Σ b = total (bisection on ln λ). */
function waterFill(theta: number[], cap: number[], total: number): number[] {
  const at = (l: number) => theta.map((t, i) => Math.max(0, cap[i]! * (Math.sqrt(t / Math.exp(l)) - 1)));
  let lo = Math.log(Math.min(...theta)) - 40;
  let hi = Math.log(Math.max(...theta));
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (at(mid).reduce((s, b) => s + b, 0) > total) lo = mid;
    else hi = mid;
  }
  return at(hi);
}

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('marginal shares: expected optimal budgets under the posterior', () => {
  it('sums to the total; identical holders split evenly', () => {
    // Sampled (3 holders): within 0.1 % of even; mean field (100 holders): even to rounding.
    const b = marginalShares(f64([-1, -1, -1]), f64([0.3, 0.3, 0.3]), f64([1e-4, 1e-4, 1e-4]), 30_000);
    expect(b.reduce((s, x) => s + x, 0)).toBeCloseTo(30_000, 3);
    for (const x of b) expect(Math.abs(x / 10_000 - 1)).toBeLessThan(0.001);
    const many = marginalShares(new Float64Array(100).fill(-1), new Float64Array(100).fill(0.3), new Float64Array(100).fill(1e-4), 1_000_000);
    for (const x of many) expect(x).toBeCloseTo(10_000, 3);
  });

  it('with certain posteriors it is the equal-marginal-value optimum', () => {
    const theta = [0.5, 1, 2, 4];
    const cap = [20_000, 5_000, 10_000, 3_000];
    const want = waterFill(theta, cap, 40_000);
    const got = marginalShares(f64(theta.map(Math.log)), f64([0, 0, 0, 0]), f64(cap.map((c) => 1 / c)), 40_000);
    got.forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThan(1));
    // At the optimum every funded holder's next unit is worth the same: θ/(1 + b/c)².
    const margins = want.map((b, i) => theta[i]! / (1 + b / cap[i]!) ** 2).filter((_, i) => want[i]! > 0);
    for (const m of margins) expect(m).toBeCloseTo(margins[0]!, 6);
  });

  it('a better holder gets more; so does a roomier one; a saturating favourite does not take everything', () => {
    const b = marginalShares(f64([0, 0.3, 0.3]), f64([0.2, 0.2, 0.2]), f64([1 / 10_000, 1 / 10_000, 1 / 40_000]), 60_000);
    expect(b[1]!).toBeGreaterThan(b[0]!);
    expect(b[2]!).toBeGreaterThan(b[1]!);
    expect(b[0]!).toBeGreaterThan(0);
  });

  it('mean field matches a Thompson sampler that draws every θ and water-fills, within 0.5 % of the total per holder at 40 holders', () => {
    const rng = createRng(11);
    const n = 40;
    const mu = Array.from({ length: n }, () => -1 + 0.5 * sampleNormal(rng));
    const sigma = Array.from({ length: n }, () => 0.1 + 0.5 * rng());
    const cap = Array.from({ length: n }, () => 10_000 + 40_000 * rng());
    const total = n * 10_000;
    const draws = 4_000;
    const mean = new Array<number>(n).fill(0);
    for (let d = 0; d < draws; d++) {
      const b = waterFill(mu.map((m, i) => Math.exp(m + sigma[i]! * sampleNormal(rng))), cap, total);
      b.forEach((x, i) => (mean[i]! += x / draws));
    }
    const got = meanFieldShares(f64(mu), f64(sigma), f64(cap.map((c) => 1 / c)), total);
    let worst = 0;
    got.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - mean[i]!) / total)));
    expect(worst).toBeLessThan(0.005); // measured 0.1 %: λ hardly moves between draws at 40 holders
  });

  it('small accounts are sampled: 3 holders within 1 % of an independent sampler, where mean field is 2–3 % off', () => {
    const rng = createRng(4);
    const mu = [-1, -0.8, -1.3];
    const sigma = [0.5, 0.3, 0.6];
    const cap = [20_000, 8_000, 30_000];
    const total = 30_000;
    const draws = 20_000;
    const mean = [0, 0, 0];
    for (let d = 0; d < draws; d++) {
      const b = waterFill(mu.map((m, i) => Math.exp(m + sigma[i]! * sampleNormal(rng))), cap, total);
      b.forEach((x, i) => (mean[i]! += x / draws));
    }
    const kappa = f64(cap.map((c) => 1 / c));
    expect(3).toBeLessThanOrEqual(SAMPLED_UP_TO);
    const sampled = marginalShares(f64(mu), f64(sigma), kappa, total);
    expect(Array.from(sampled)).toEqual(Array.from(thompsonShares(f64(mu), f64(sigma), kappa, total)));
    sampled.forEach((x, i) => expect(Math.abs(x - mean[i]!) / total).toBeLessThan(0.01));
    const mf = meanFieldShares(f64(mu), f64(sigma), kappa, total);
    const mfWorst = Math.max(...Array.from(mf, (x, i) => Math.abs(x - mean[i]!) / total));
    expect(mfWorst).toBeGreaterThan(0.01);
  });

  it('adding an ad set that gets nothing barely moves the others, across the sampler → mean-field range', () => {
    // A hard switch at SAMPLED_UP_TO made every other holder's budget jump by the two methods'
    // difference (up to 2 % of the total) when the 17th ad set was added.
    const rng = createRng(21);
    const mu: number[] = [];
    const sigma: number[] = [];
    const kappa: number[] = [];
    const total = 300_000;
    const add = (m: number) => {
      mu.push(m);
      sigma.push(0.2 + 0.5 * rng());
      kappa.push(1 / (10_000 + 40_000 * rng()));
    };
    for (let i = 0; i < SAMPLED_UP_TO; i++) add(-1 + 0.5 * sampleNormal(rng));
    const at16 = { mu: f64(mu), sigma: f64(sigma), kappa: f64(kappa) };
    const methodGap = Math.max(...Array.from(thompsonShares(at16.mu, at16.sigma, at16.kappa, total), (x, i) => Math.abs(x - meanFieldShares(at16.mu, at16.sigma, at16.kappa, total)[i]!) / total));
    expect(methodGap).toBeGreaterThan(0.001); // what a hard switch would have moved someone by
    let before = marginalShares(f64(mu), f64(sigma), f64(kappa), total);
    let worst = 0;
    while (mu.length < MEAN_FIELD_FROM + 2) {
      add(-30); // so far below the others that it is never funded
      const after = marginalShares(f64(mu), f64(sigma), f64(kappa), total);
      expect(after[mu.length - 1]!).toBeLessThan(1e-6 * total);
      for (let i = 0; i < before.length; i++) worst = Math.max(worst, Math.abs(after[i]! - before[i]!) / total);
      before = after;
    }
    expect(worst).toBeLessThan(methodGap / 10); // measured: 0.003 % of the total, against a 0.15 % gap
    expect(samplerWeight(SAMPLED_UP_TO)).toBe(1);
    expect(samplerWeight(MEAN_FIELD_FROM)).toBe(0);
  });

  it('the closed form agrees with sampling one holder', () => {
    const rng = createRng(5);
    let s = 0;
    const draws = 200_000;
    for (let d = 0; d < draws; d++) s += Math.max(0, 8_000 * (Math.sqrt(Math.exp(-0.7 + 0.4 * sampleNormal(rng)) / Math.exp(-1.2)) - 1));
    // Monte Carlo error ≈ 0.15 % at this many draws.
    expect(Math.abs(expectedOptimalBudget(-0.7, 0.4, 8_000, -1.2) / (s / draws) - 1)).toBeLessThan(0.006);
  });

  it('10,000 holders, zero total, one holder', () => {
    const n = 10_000;
    const rng = createRng(3);
    const b = marginalShares(
      Float64Array.from({ length: n }, () => sampleNormal(rng)),
      Float64Array.from({ length: n }, () => 0.05 + rng()),
      Float64Array.from({ length: n }, () => 1 / (1_000 + 50_000 * rng())),
      n * 5_000,
    );
    expect(b.reduce((s, x) => s + x, 0) / (n * 5_000)).toBeCloseTo(1, 9);
    expect(b.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
    expect(Array.from(marginalShares(f64([0, 1]), f64([0.2, 0.2]), f64([1e-4, 1e-4]), 0))).toEqual([0, 0]);
    expect(marginalShares(f64([0]), f64([0.2]), f64([1e-4]), 12_345)[0]).toBeCloseTo(12_345, 6);
  });
});
