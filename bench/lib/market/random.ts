// Seeded streams for the simulated market. Every (seed, label, index…) gets its own generator, so
// the market a seed describes does not depend on which policy runs on it or in what order, and
// observation noise for one holder on one day uses the same uniforms under every policy (common
// random numbers: the paired comparison then measures the policies, not the dice).
import { createRng, sampleNormal } from '../../../workers/domain/math/random';

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function streamRng(seed: number, label: string, ...index: number[]): () => number {
  let s = mix32((seed >>> 0) ^ hashString(label));
  for (const i of index) s = mix32(s ^ Math.imul(i + 1, 0x9e3779b9));
  return createRng(s);
}

/**
 * Poisson by inversion for small means (monotone in λ for a fixed uniform, which keeps common
 * random numbers aligned across policies) and by a rounded Normal above 50, where the
 * approximation error is far below the market's own noise.
 */
export function samplePoisson(rng: () => number, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * sampleNormal(rng)));
  const u = rng();
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** Index drawn from unnormalised weights. */
export function sampleIndex(rng: () => number, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}
