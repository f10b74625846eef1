import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile } from '../../workers/domain/math/beta';
import { digamma, logGamma, normalQuantile, trigamma } from '../../workers/domain/math/special';
import { pBestExact, pBestMonteCarlo, type Posterior } from '../../workers/domain/sampler/p-best';
import refs from './reference/sampler-references.json';

describe('special functions against scipy', () => {
  it('digamma, trigamma, ln Γ', () => {
    for (const [x, v] of refs.digamma) expect(digamma(x!)).toBeCloseTo(v!, 9);
    for (const [x, v] of refs.trigamma) expect(trigamma(x!)).toBeCloseTo(v!, 9);
    for (const [x, v] of refs.logGamma) expect(logGamma(x!)).toBeCloseTo(v!, 9);
  });
  it('Beta CDF and quantiles, normal quantiles', () => {
    for (const [x, a, b, v] of refs.betaCdf) expect(betaCdf(x!, a!, b!)).toBeCloseTo(v!, 8);
    for (const [p, a, b, v] of refs.betaQuantile) expect(betaQuantile(p!, a!, b!)).toBeCloseTo(v!, 8);
    for (const [p, v] of refs.normalQuantile) expect(normalQuantile(p!)).toBeCloseTo(v!, 6);
  });
});

describe('P(best)', () => {
  it('quadrature matches scipy for Normal posteriors (including a very narrow one)', () => {
    for (const c of refs.pBestNormal) {
      const p = pBestExact(c.mu.map((mu, i) => ({ kind: 'normal', mu, sigma: c.sigma[i]! })));
      p.forEach((v, i) => expect(Math.abs(v - c.p[i]!)).toBeLessThan(0.001));
    }
  });

  it('quadrature matches scipy for Beta posteriors', () => {
    for (const c of refs.pBestBeta) {
      const p = pBestExact(c.alpha.map((alpha, i) => ({ kind: 'beta', alpha, beta: c.beta[i]! })));
      p.forEach((v, i) => expect(Math.abs(v - c.p[i]!)).toBeLessThan(0.001));
    }
  });

  it('exact and Monte Carlo agree within 0.005 against a 10^6-draw reference', () => {
    const normals: Posterior[] = [
      { kind: 'normal', mu: -3.2, sigma: 0.2 },
      { kind: 'normal', mu: -3.1, sigma: 0.25 },
      { kind: 'normal', mu: -3.0, sigma: 0.3 },
      { kind: 'normal', mu: -2.5, sigma: 0.8 },
      { kind: 'normal', mu: -4.0, sigma: 0.05 },
    ];
    const betas: Posterior[] = [
      { kind: 'beta', alpha: 30, beta: 970 },
      { kind: 'beta', alpha: 5, beta: 150 },
      { kind: 'beta', alpha: 300, beta: 9700 },
    ];
    for (const set of [normals, betas]) {
      const exact = pBestExact(set);
      const mc = pBestMonteCarlo(set, 1_000_000, 42);
      exact.forEach((v, i) => expect(Math.abs(v - mc[i]!)).toBeLessThanOrEqual(0.005));
      expect(exact.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    }
  });

  it('identical posteriors share P(best) equally; a dominated holder gets ~0', () => {
    const same = pBestExact(Array.from({ length: 50 }, () => ({ kind: 'normal' as const, mu: 1, sigma: 0.2 })));
    for (const v of same) expect(v).toBeCloseTo(1 / 50, 3);
    const dom = pBestExact([
      { kind: 'normal', mu: 0, sigma: 0.1 },
      { kind: 'normal', mu: 5, sigma: 0.1 },
    ]);
    expect(dom[0]).toBeLessThan(1e-12);
    expect(dom[1]).toBeCloseTo(1, 12);
  });

  it('handles 10,000 holders', () => {
    let seed = 7;
    const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const many: Posterior[] = Array.from({ length: 10_000 }, () => ({ kind: 'normal', mu: -1 + r() * 0.5, sigma: 0.05 + r() * 0.4 }));
    const p = pBestExact(many);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    const best = many.reduce((b, q, i) => (q.kind === 'normal' && q.mu + q.sigma > (many[b] as { mu: number; sigma: number }).mu + (many[b] as { sigma: number }).sigma ? i : b), 0);
    expect(p[best]!).toBeGreaterThan(0);
  });
});
