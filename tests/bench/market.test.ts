// The pure parts of the allocation-quality bench's simulated market: if these are wrong, the
// bench's ratios mean nothing.
import { describe, expect, it } from 'vitest';
import { activeOn, createMarket, DEFAULT_MARKET, expectedImpressions, expectedValue, marginalValue, type Rates } from '../../bench/lib/market/model';
import { emptyHistory, observeDay } from '../../bench/lib/market/observe';
import { holderEvidence } from '../../bench/lib/market/policies/adloop';
import { idealPosterior } from '../../bench/lib/market/policies/bayes-ideal';
import { evenSplit } from '../../bench/lib/market/policies/even';
import { createCappedOracle, oracle, oracleBudgets } from '../../bench/lib/market/policies/oracle';
import { createPrototype, prototypeAgeWeight, prototypeScore } from '../../bench/lib/market/policies/prototype';
import { roundToTotal, roundWithin } from '../../bench/lib/market/round';
import { runPolicy } from '../../bench/lib/market/simulate';

const rates = (over: Partial<Rates> = {}): Rates => ({ ctr: 0.015, cpm: 1200, capacity: 25_000, dealsPerClick: 0.006, dealValue: 50_000, ...over });
const sum = (xs: Iterable<number>) => [...xs].reduce((s, x) => s + x, 0);

describe('market', () => {
  it('is deterministic by seed and differs across seeds', () => {
    const a = createMarket(3);
    const b = createMarket(3);
    const c = createMarket(4);
    expect(b).toEqual(a);
    expect(c.holders.map((h) => h.cpm)).not.toEqual(a.holders.map((h) => h.cpm));
  });

  it('has 20–40 holders, a few launching mid-run, and a total of USD 100 per initial holder', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = createMarket(seed);
      const initial = m.holders.filter((h) => h.launchDay === 0).length;
      const launched = m.holders.filter((h) => h.launchDay > 0);
      expect(m.holders.length).toBeGreaterThanOrEqual(20);
      expect(m.holders.length).toBeLessThanOrEqual(40);
      expect(launched.length).toBeGreaterThanOrEqual(2);
      for (const h of launched) expect(h.launchDay).toBeGreaterThanOrEqual(5);
      expect(m.total).toBe(initial * DEFAULT_MARKET.budgetPerHolder);
      expect(activeOn(m, 0)).toHaveLength(initial);
      expect(activeOn(m, m.config.days - 1)).toHaveLength(m.holders.length);
    }
  });

  it('keeps CTR realistic and lead quality only loosely tied to CTR', () => {
    const ctr: number[] = [];
    const quality: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const m = createMarket(seed);
      m.planned[0]!.forEach((r) => {
        ctr.push(Math.log(r.ctr));
        quality.push(Math.log(r.dealsPerClick));
      });
    }
    const sorted = [...ctr].sort((x, y) => x - y).map(Math.exp);
    expect(sorted[Math.floor(sorted.length * 0.05)]!).toBeGreaterThan(0.004);
    expect(sorted[Math.floor(sorted.length * 0.95)]!).toBeLessThan(0.04);
    const mean = (xs: number[]) => sum(xs) / xs.length;
    const mc = mean(ctr);
    const mq = mean(quality);
    const cov = mean(ctr.map((c, i) => (c - mc) * (quality[i]! - mq)));
    const corr = cov / Math.sqrt(mean(ctr.map((c) => (c - mc) ** 2)) * mean(quality.map((q) => (q - mq) ** 2)));
    expect(corr).toBeLessThan(-0.1); // high-CTR holders tend to bring worse leads
    expect(corr).toBeGreaterThan(-0.6);
  });

  it('has diminishing returns: doubling a budget less than doubles impressions, and delivery saturates', () => {
    const r = rates();
    const at = (b: number) => expectedImpressions(r, b, 1);
    expect(at(20_000)).toBeLessThan(2 * at(10_000));
    expect(at(20_000)).toBeGreaterThan(at(10_000));
    expect(at(10_000_000)).toBeLessThan((r.capacity * 1000) / r.cpm);
    expect(expectedImpressions(r, 0, 1)).toBe(0);
  });

  it('marginalValue is the derivative of expectedValue (k = 1 and k = 0.5)', () => {
    for (const k of [1, 0.5]) {
      const r = rates({ capacity: 18_000 });
      for (const b of [100, 5_000, 30_000, 200_000]) {
        const h = 1e-3 * b;
        const numeric = (expectedValue(r, b + h, k) - expectedValue(r, b - h, k)) / (2 * h);
        expect(marginalValue(r, b, k)).toBeCloseTo(numeric, 6);
      }
    }
  });
});

describe('observations', () => {
  it('are noisy draws around the expectations, with deals created 0–5 days after their click', () => {
    const m = createMarket(5);
    const history = emptyHistory(m);
    const i = 0;
    let expected = 0;
    for (let day = 0; day < m.config.days; day++) {
      observeDay(m, day, new Map([[i, 10_000]]), history);
      expected += expectedImpressions(m.actual[day]![i]!, 10_000, 1);
    }
    const h = history[i]!;
    const impressions = sum(h.rows.map((r) => r.impressions));
    expect(h.rows).toHaveLength(m.config.days);
    expect(Math.abs(impressions / expected - 1)).toBeLessThan(0.02);
    for (const r of h.rows) {
      expect(r.spend).toBe(10_000);
      expect(r.clicks).toBeLessThanOrEqual(r.impressions);
    }
    expect(h.deals.length).toBeGreaterThan(0);
    for (const d of h.deals) {
      expect(d.createdDay).toBeGreaterThanOrEqual(0);
      expect(d.createdDay).toBeLessThanOrEqual(m.config.days - 1 + 5);
      expect(d.value).toBeGreaterThan(0);
    }
  });

  it("use common random numbers: a holder's draws do not depend on the other holders' budgets", () => {
    const m = createMarket(2);
    const a = emptyHistory(m);
    const b = emptyHistory(m);
    observeDay(m, 4, new Map([[0, 10_000], [1, 10_000]]), a);
    observeDay(m, 4, new Map([[0, 10_000], [1, 55_000], [2, 300]]), b);
    expect(b[0]).toEqual(a[0]);
    expect(b[1]!.rows[0]!.impressions).toBeGreaterThan(a[1]!.rows[0]!.impressions);
  });
});

describe('rounding', () => {
  it('roundToTotal is proportional, integer and exact', () => {
    expect(roundToTotal([1, 1, 1], 100)).toEqual([34, 33, 33]);
    expect(roundToTotal([3, 1], 10)).toEqual([8, 2]);
    expect(roundToTotal([0, 0], 5)).toEqual([3, 2]);
    const r = roundToTotal([0.1, 7.3, 2.2, 1e-9], 123_457);
    expect(sum(r)).toBe(123_457);
    for (const x of r) expect(Number.isInteger(x)).toBe(true);
  });

  it('roundWithin keeps the bounds and the total', () => {
    const r = roundWithin([10.9, 10.9, 5.5], [0, 0, 6], [11, 10, 100], 30);
    expect(sum(r)).toBe(30);
    expect(r[1]).toBeLessThanOrEqual(10);
    expect(r[2]).toBeGreaterThanOrEqual(6);
    expect(() => roundWithin([1, 1], [0, 0], [1, 1], 5)).toThrow();
  });
});

describe('oracle', () => {
  const rs = [rates({ ctr: 0.02 }), rates({ ctr: 0.01, capacity: 60_000 }), rates({ dealsPerClick: 0.0005 }), rates({ dealValue: 120_000, capacity: 8_000 })];
  const total = 100_000;

  for (const k of [1, 0.5]) {
    it(`equalises marginal value across funded holders and beats every perturbation (k = ${k})`, () => {
      const b = oracleBudgets(rs, total, k);
      expect(sum(b)).toBe(total);
      const value = (bs: number[]) => sum(bs.map((x, i) => expectedValue(rs[i]!, x, k)));
      const funded = b.map((x, i) => (x > 0 ? marginalValue(rs[i]!, x, k) : null)).filter((x): x is number => x !== null);
      const lambda = funded[0]!;
      for (const m of funded) expect(Math.abs(m / lambda - 1)).toBeLessThan(1e-3);
      b.forEach((x, i) => {
        if (x === 0) expect(marginalValue(rs[i]!, 0, k)).toBeLessThanOrEqual(lambda * 1.001);
      });
      expect(b[2]).toBe(0); // the holder with a tenth of the lead quality is not worth a cent here
      const best = value(b);
      for (let i = 0; i < rs.length; i++) {
        for (let j = 0; j < rs.length; j++) {
          if (i === j || b[i]! < 1000) continue;
          const moved = [...b];
          moved[i]! -= 1000;
          moved[j]! += 1000;
          expect(value(moved)).toBeLessThanOrEqual(best + 1e-6);
        }
      }
    });
  }

  it('does not put everything in the best holder (saturation)', () => {
    const b = oracleBudgets(rs, total, 1);
    expect(Math.max(...b)).toBeLessThan(total * 0.6);
  });

  it('capped: stays within ±cap of yesterday and above the minimum, and sums to the total', () => {
    const m = createMarket(1);
    const capped = createCappedOracle(0.2, 100);
    const active = activeOn(m, 3);
    const yesterday = new Map(active.map((i) => [i, m.total / active.length]));
    const b = capped({ market: m, day: 3, total: m.total, active, yesterday, history: emptyHistory(m) });
    expect(sum(b.values())).toBe(m.total);
    for (const [i, x] of b) {
      expect(x).toBeGreaterThanOrEqual(Math.ceil(yesterday.get(i)! * 0.8));
      expect(x).toBeLessThanOrEqual(Math.floor(yesterday.get(i)! * 1.2));
    }
  });
});

describe('prototype policy (DOMAIN.md §1)', () => {
  it('weights CTR by age: 1.0 under 6 h, 0.7 at 24 h, 0.3 at 72 h, then decaying to a 0.1 floor', () => {
    expect(prototypeAgeWeight(0)).toBe(1);
    expect(prototypeAgeWeight(5.9)).toBe(1);
    expect(prototypeAgeWeight(24)).toBeCloseTo(0.7, 12);
    expect(prototypeAgeWeight(72)).toBeCloseTo(0.3, 12);
    expect(prototypeAgeWeight(144)).toBeCloseTo(0.15, 12);
    expect(prototypeAgeWeight(2000)).toBe(0.1);
    for (let h = 0; h < 400; h += 3) expect(prototypeAgeWeight(h + 3)).toBeLessThanOrEqual(prototypeAgeWeight(h));
  });

  it('multiplies by its "fatigue" exp(−0.0001 × impressions): 50k impressions → ×0.007', () => {
    const o = { ageHours: 200, spend: 100_000, value: 300_000 }; // pROAS 3.0: its term saturates at 1
    const fresh = prototypeScore({ ...o, impressions: 1000, clicks: 30 });
    const tired = prototypeScore({ ...o, impressions: 51_000, clicks: 1530 }); // same 3 % CTR
    expect(tired / fresh).toBeCloseTo(Math.exp(-0.0001 * 50_000), 12);
    expect(tired / fresh).toBeLessThan(0.007);
    expect(fresh).toBeCloseTo((0.1 * 0.6 + 0.9 * 1) * Math.exp(-0.1), 12); // w = 0.1 at 200 h
  });

  it('spends exactly the total every day on a real run, with or without its kill/scale rules', () => {
    const m = createMarket(7);
    for (const rules of [true, false]) {
      const r = runPolicy(m, createPrototype(7, { rules }));
      for (const day of r.budgets) expect(sum(day.values())).toBe(m.total);
    }
  });
});

describe('Adloop evidence and the closed loop', () => {
  it('discounts from yesterday with the half-life and hides deals not yet created', () => {
    const h = {
      rows: [
        { day: 2, impressions: 1000, clicks: 20, spend: 5000 },
        { day: 9, impressions: 1000, clicks: 10, spend: 5000 },
      ],
      deals: [
        { createdDay: 3, value: 40_000 },
        { createdDay: 10, value: 99_000 }, // created today: not visible this morning
      ],
    };
    const e = holderEvidence('x', h, 10, 5000, 7, 100);
    expect(e.evidence.impressions).toBeCloseTo(1000 * 0.5 + 1000, 9); // day 2 is 7 days before day 9
    expect(e.evidence.clicks).toBeCloseTo(20 * 0.5 + 10, 9);
    expect(e.evidence.deals).toBeCloseTo(Math.pow(0.5, 6 / 7), 9);
    expect(e.evidence.value).toBeCloseTo(40_000 * Math.pow(0.5, 6 / 7), 6);
    expect(e.lifetimeSpend).toBe(10_000);
    expect(e.ageDays).toBe(8);
    expect(e.days).toBe(2);
    expect(e.currentBudget).toBe(5000);
    expect(holderEvidence('new', { rows: [], deals: [] }, 10, undefined, 7, 100)).toMatchObject({ currentBudget: null, ageDays: 0, days: 0 });
  });

  it('scores the true expected value of the budgets run, and refuses a policy that breaks the total', () => {
    const m = createMarket(11);
    const r = runPolicy(m, evenSplit);
    const day0 = evenSplit({ market: m, day: 0, total: m.total, active: activeOn(m, 0), yesterday: new Map(), history: emptyHistory(m) });
    expect(r.dailyValue[0]).toBeCloseTo(sum([...day0].map(([i, b]) => expectedValue(m.actual[0]![i]!, b, 1))), 6);
    expect(r.totalValue).toBeCloseTo(sum(r.dailyValue), 6);
    expect(() => runPolicy(m, ({ active }) => new Map(active.map((i) => [i, 1])))).toThrow(/spent/);
  });

  it('the oracle beats the even split on every seed (the market has headroom to find)', () => {
    for (const seed of [1, 2, 3]) {
      const m = createMarket(seed);
      expect(runPolicy(m, oracle).totalValue).toBeGreaterThan(runPolicy(m, evenSplit).totalValue * 1.1);
    }
  });
});

describe('ideal posterior (the learning ceiling in allocation-quality)', () => {
  // It is a ceiling only if it is a correct posterior: on holders it has watched, the truth should
  // sit where its intervals say — z-scores with mean ≈ 0 and sd ≈ 1 — and far closer than the prior.
  it('is calibrated on ln θ₀ after 20 even days, and discounting leaves it less sure', () => {
    const z: number[] = [];
    const err: number[] = [];
    const truth: number[] = [];
    const widen: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const m = createMarket(seed);
      const history = emptyHistory(m);
      for (let day = 0; day < 20; day++) {
        const active = activeOn(m, day);
        observeDay(m, day, evenSplit({ market: m, day, total: m.total, active, yesterday: new Map(), history }), history);
      }
      for (const i of activeOn(m, 19)) {
        const r = m.planned[20]![i]!;
        const t = Math.log((1000 / r.cpm) * r.ctr * r.dealsPerClick * r.dealValue);
        const p = idealPosterior(history[i]!, 19, m.config, null);
        z.push((t - p.mu) / p.sigma);
        err.push(Math.abs(t - p.mu));
        truth.push(t);
        widen.push(idealPosterior(history[i]!, 19, m.config, 7).sigma / p.sigma);
      }
    }
    const mean = (xs: number[]) => sum(xs) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    expect(z.length).toBeGreaterThan(100);
    expect(Math.abs(mean(z))).toBeLessThan(0.25);
    expect(sd(z)).toBeGreaterThan(0.8);
    expect(sd(z)).toBeLessThan(1.25);
    expect(mean(err)).toBeLessThan(0.6 * sd(truth));
    expect(Math.min(...widen)).toBeGreaterThanOrEqual(1); // a holder launched on day 19 has one day: nothing to discount
    expect(mean(widen)).toBeGreaterThan(1.1);
  });
});
