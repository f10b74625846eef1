import { describe, expect, it } from 'vitest';
import { allocateBudgets, AllocationError, type AllocationHolder } from '../../workers/domain/sampler/allocate';

const holder = (id: string, over: Partial<AllocationHolder> = {}): AllocationHolder => ({
  id,
  pBest: 0.25,
  currentBudget: 10_000,
  minBudget: 100,
  editsLastHour: 0,
  ignorance: false,
  ...over,
});
const opts = { maxChange: 0.2, maxEditsPerHour: 4 };
const total = (r: { results: Array<{ recommended: number }> }) => r.results.reduce((s, x) => s + x.recommended, 0);

describe('allocateBudgets', () => {
  it('sums exactly to the total in minor units and follows P(best) within the ±20 % cap', () => {
    const hs = [holder('a', { pBest: 0.7 }), holder('b', { pBest: 0.2 }), holder('c', { pBest: 0.1 })];
    const r = allocateBudgets(hs, { ...opts, total: 30_001 });
    expect(total(r)).toBe(30_001);
    const [a, b, c] = r.results;
    expect(a!.recommended).toBe(12_000); // capped at +20 %
    expect(a!.bindings).toContain('cap_up');
    expect(b!.recommended).toBeGreaterThan(c!.recommended);
    for (const x of r.results) {
      expect(Number.isInteger(x.recommended)).toBe(true);
      expect(x.recommended).toBeGreaterThanOrEqual(8_000);
      expect(x.recommended).toBeLessThanOrEqual(12_000);
    }
  });

  it('one holder gets the whole total (caps relaxed, with a note)', () => {
    const r = allocateBudgets([holder('only', { pBest: 1 })], { ...opts, total: 50_000 });
    expect(r.results[0]!.recommended).toBe(50_000);
    expect(r.notes.join(' ')).toMatch(/relaxed/);
  });

  it('10,000 holders: exact total, integer budgets, all within bounds', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const hs = Array.from({ length: 10_000 }, (_, i) =>
      holder(`h${i}`, { pBest: rnd() ** 8, currentBudget: 1000 + Math.floor(rnd() * 50_000), minBudget: 100 + Math.floor(rnd() * 500) }),
    );
    const sumP = hs.reduce((s, h) => s + h.pBest, 0);
    for (const h of hs) h.pBest /= sumP;
    const current = hs.reduce((s, h) => s + h.currentBudget!, 0);
    const r = allocateBudgets(hs, { ...opts, total: current + 12_345 });
    expect(total(r)).toBe(current + 12_345);
    r.results.forEach((x, i) => {
      expect(x.recommended).toBeGreaterThanOrEqual(Math.max(hs[i]!.minBudget, Math.ceil(hs[i]!.currentBudget! * 0.8)));
      expect(x.recommended).toBeLessThanOrEqual(Math.floor(hs[i]!.currentBudget! * 1.2));
    });
  });

  it('a holder with no data and no budget gets an even-share exploration floor; zero P(best) still gets its minimum', () => {
    const hs = [
      holder('new', { pBest: 0, currentBudget: null, ignorance: true }),
      holder('winner', { pBest: 1, currentBudget: 20_000 }),
      holder('loser', { pBest: 0, currentBudget: 20_000 }),
    ];
    const r = allocateBudgets(hs, { ...opts, total: 52_000 });
    expect(total(r)).toBe(52_000);
    expect(r.results[0]!.recommended).toBeGreaterThanOrEqual(52_000 / 3 - 1);
    expect(r.results[0]!.bindings).toContain('exploration_floor');
    expect(r.results[2]!.recommended).toBe(16_000); // -20 % cap, not a kill
    // When the total cannot cover the cut caps, those give way before the exploration floor.
    const tight = allocateBudgets(hs, { ...opts, total: 40_000 });
    expect(total(tight)).toBe(40_000);
    expect(tight.results[0]!.recommended).toBeGreaterThanOrEqual(Math.floor(40_000 / 3));
    expect(tight.results[2]!.bindings).toContain('caps_relaxed');
  });

  it('a young holder in the ignorance zone is not cut even with a low P(best)', () => {
    const hs = [holder('young', { pBest: 0.01, ignorance: true }), holder('old', { pBest: 0.99 })];
    const r = allocateBudgets(hs, { ...opts, total: 21_000 });
    expect(r.results[0]!.recommended).toBe(10_000);
    expect(r.results[1]!.recommended).toBe(11_000);
  });

  it('never edits a holder that already had 4 budget edits this hour', () => {
    const hs = [holder('busy', { pBest: 0.9, editsLastHour: 4 }), holder('free', { pBest: 0.1 })];
    const r = allocateBudgets(hs, { ...opts, total: 21_000 });
    expect(r.results[0]!.recommended).toBe(10_000);
    expect(r.results[0]!.bindings).toEqual(['edit_limit']);
    expect(total(r)).toBe(21_000);
  });

  it('a total below Meta minimums leaves the least promising holders unfunded, still exact', () => {
    const hs = [holder('a', { pBest: 0.6, minBudget: 5_000 }), holder('b', { pBest: 0.3, minBudget: 5_000 }), holder('c', { pBest: 0.1, minBudget: 5_000 })];
    const r = allocateBudgets(hs, { ...opts, total: 11_000 });
    expect(total(r)).toBe(11_000);
    expect(r.results[2]!.recommended).toBe(0);
    expect(r.results[2]!.bindings).toContain('unfundable');
    for (const x of r.results.slice(0, 2)) expect(x.recommended).toBeGreaterThanOrEqual(5_000);
  });

  it('JPY (no minor units): budgets stay whole yen and the total is exact', () => {
    const hs = [holder('a', { pBest: 0.5, currentBudget: 3_333, minBudget: 150 }), holder('b', { pBest: 0.5, currentBudget: 3_334, minBudget: 150 })];
    const r = allocateBudgets(hs, { ...opts, total: 7_001 });
    expect(total(r)).toBe(7_001);
    for (const x of r.results) expect(Number.isInteger(x.recommended)).toBe(true);
  });

  it('zero total and zero spend are handled; a bad total is a clear error', () => {
    const r = allocateBudgets([holder('a', { currentBudget: 0, minBudget: 0 }), holder('b', { currentBudget: 0, minBudget: 0 })], { ...opts, total: 0 });
    expect(total(r)).toBe(0);
    expect(() => allocateBudgets([holder('a')], { ...opts, total: 10.5 })).toThrow(AllocationError);
    expect(() => allocateBudgets([holder('a', { editsLastHour: 9 })], { ...opts, total: 50_000 })).toThrow(/frozen/);
  });
});
