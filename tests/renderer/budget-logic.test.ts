import { describe, expect, it } from 'vitest';
import type { Allocation, Recommendation } from '../../contract';
import { minorToInput, parseMajorAmount } from '../../renderer/src/views/budget/amount';
import { formatExpected } from '../../renderer/src/views/budget/money';
import { chartData, curvesFor, densityGrid, displayPosterior, logNormalDensity, pickHolders } from '../../renderer/src/views/budget/posterior';
import {
  directionOf,
  filterRows,
  flagsOf,
  formatChangePct,
  formatCtrInterval,
  formatProbability,
  formatRoasInterval,
  noFilter,
  sortRows,
} from '../../renderer/src/views/budget/rows';
import { changeIdsOf, pickAllocation } from '../../renderer/src/views/budget/run';

function rec(over: Partial<Recommendation> = {}): Recommendation {
  return {
    holderType: 'ad_set',
    holderId: 'h1',
    holderName: 'Cold 1 · Launch',
    campaignName: 'ABO | Launch',
    action: 'set_budget',
    currentBudget: 10_000,
    recommendedBudget: 12_000,
    changePct: 20,
    pBest: 0.2,
    ctr: { mean: 0.015, low: 0.012, high: 0.018 },
    pipelineRoas: { mean: 1.2, low: 0.8, high: 1.7 },
    posterior: { mu: 0, sigma: 0.5 },
    pipelineWeight: 0.5,
    expectedValue: 14_400,
    ignorance: false,
    bindings: [],
    evidence: { impressions: 1000, clicks: 15, spend: 10_000, deals: 1, value: 12_000, days: 10 },
    reason: 'Raise.',
    changeId: null,
    ...over,
  };
}

function run(over: Partial<Allocation> = {}): Allocation {
  return {
    runId: 3,
    accountId: 'acc',
    currency: 'USD',
    currencyOffset: 100,
    total: 100_000,
    windowStart: '2026-10-01',
    windowEnd: '2026-11-24',
    halfLifeDays: 7,
    objective: 'pipeline_roas',
    method: 'quadrature',
    recommendations: [rec()],
    adPauses: [],
    notes: [],
    proposed: 0,
    queued: 0,
    ms: 1,
    ...over,
  };
}

describe('typed total → minor units', () => {
  it('converts exactly, without floating-point drift', () => {
    expect(parseMajorAmount('10481', 100, 'USD')).toEqual({ ok: true, minor: 1_048_100 });
    expect(parseMajorAmount('0.29', 100, 'USD')).toEqual({ ok: true, minor: 29 }); // 0.29 * 100 = 28.999… as floats
    expect(parseMajorAmount('1.1', 100, 'USD')).toEqual({ ok: true, minor: 110 });
    expect(parseMajorAmount(' 10,481.50 ', 100, 'USD')).toEqual({ ok: true, minor: 1_048_150 });
    expect(parseMajorAmount('1500', 1, 'JPY')).toEqual({ ok: true, minor: 1500 });
  });

  it('refuses more decimals than the currency has, naming the currency', () => {
    expect(parseMajorAmount('10.005', 100, 'USD')).toEqual({ ok: false, message: 'USD amounts have at most 2 decimals.' });
    expect(parseMajorAmount('1500.5', 1, 'JPY')).toEqual({ ok: false, message: 'JPY has no minor units here; enter a whole amount.' });
  });

  it('refuses what is not an amount: empty, negative, badly grouped, words', () => {
    for (const t of ['', '-5', '1,5', '12,34.00', 'abc', '1e5']) expect(parseMajorAmount(t, 100, 'USD').ok, t).toBe(false);
    expect(parseMajorAmount('99999999999999999', 100, 'USD')).toEqual({ ok: false, message: 'That amount is too large.' });
  });

  it('prints minor units back as an input value that parses to the same amount', () => {
    expect(minorToInput(1_048_105, 100)).toBe('10481.05');
    expect(minorToInput(1500, 1)).toBe('1500');
    expect(parseMajorAmount(minorToInput(123_456_789, 100), 100, 'USD')).toEqual({ ok: true, minor: 123_456_789 });
  });
});

describe('rows', () => {
  it('reads the direction of a change from the budgets', () => {
    expect(directionOf(rec())).toBe('raise');
    expect(directionOf(rec({ recommendedBudget: 9000 }))).toBe('cut');
    expect(directionOf(rec({ recommendedBudget: 10_000, action: 'keep' }))).toBe('keep');
    expect(directionOf(rec({ action: 'pause', recommendedBudget: 0 }))).toBe('cut');
  });

  it('turns the ignorance zone and binding constraints into badges', () => {
    expect(flagsOf(rec({ ignorance: true, bindings: ['cap_down', 'min_budget', 'edit_limit'] })).map((f) => f.label)).toEqual([
      'Learning',
      'Capped',
      'Min budget',
      'Edit limit',
    ]);
    expect(flagsOf(rec())).toEqual([]);
  });

  const rows = [
    rec({ holderId: 'a', holderName: 'Broad 1', campaignName: 'Promo', changeId: 1, pBest: 0.1 }),
    rec({ holderId: 'b', holderName: 'Cold 2', recommendedBudget: 8000, changePct: -20, changeId: 2, ignorance: true, pBest: 0.5 }),
    rec({ holderId: 'c', holderName: 'Lookalike', recommendedBudget: 10_000, changePct: 0, action: 'keep', pBest: 0.4 }),
  ];
  const states = new Map([
    [1, { state: 'approved' as const }],
    [2, { state: 'proposed' as const }],
  ]);

  it('filters by name or campaign, action, learning and needing a decision', () => {
    const ids = (f: Partial<typeof noFilter>) => filterRows(rows, { ...noFilter, ...f }, states).map((r) => r.holderId);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ text: 'promo' })).toEqual(['a']); // its campaign
    expect(ids({ text: 'launch' })).toEqual(['b', 'c']);
    expect(ids({ text: 'COLD' })).toEqual(['b']);
    expect(ids({ action: 'raise' })).toEqual(['a']);
    expect(ids({ action: 'cut' })).toEqual(['b']);
    expect(ids({ action: 'keep' })).toEqual(['c']);
    expect(ids({ learningOnly: true })).toEqual(['b']);
    expect(ids({ needsDecision: true })).toEqual(['b']);
  });

  it('sorts stably in both directions, holders without a change % last', () => {
    expect(sortRows(rows, 'pBest', 'desc').map((r) => r.holderId)).toEqual(['b', 'c', 'a']);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.holderId)).toEqual(['a', 'b', 'c']);
    const withNew = [...rows, rec({ holderId: 'n', changePct: null, currentBudget: null })];
    expect(sortRows(withNew, 'change', 'desc').map((r) => r.holderId)).toEqual(['a', 'c', 'b', 'n']);
    const ties = [rec({ holderId: 'x', pBest: 0.3 }), rec({ holderId: 'y', pBest: 0.3 })];
    expect(sortRows(ties, 'pBest', 'asc').map((r) => r.holderId)).toEqual(['x', 'y']);
  });

  it('formats probabilities, changes and intervals for the table', () => {
    expect(formatProbability(0.0004)).toBe('<0.1%');
    expect(formatProbability(0.0245)).toBe('2.5%');
    expect(formatProbability(0.219)).toBe('22%');
    expect(formatChangePct(20)).toBe('+20.0%');
    expect(formatChangePct(-94.063)).toBe('−94.1%');
    expect(formatChangePct(0.01)).toBe('0.0%');
    expect(formatChangePct(null)).toBe('new');
    expect(formatCtrInterval({ low: 0.01696, high: 0.02068 })).toBe('1.70–2.07%');
    expect(formatRoasInterval({ low: 0.1938, high: 1.497 })).toBe('0.19–1.50×');
    expect(formatRoasInterval(null)).toBe('—');
  });

  it('shows expected value as money on pipeline ROAS, as clicks otherwise', () => {
    expect(formatExpected(172_505.04, run())).toBe('$1,725.05');
    expect(formatExpected(1234.4, run({ objective: 'clicks_per_spend' }))).toBe('1,234 clicks');
    expect(formatExpected(null, run())).toBe('—');
  });
});

describe('posterior chart', () => {
  it('draws the log-normal density: it integrates to 1 and peaks at exp(mu − σ²)', () => {
    const p = { mu: -0.6, sigma: 0.6 };
    const step = 0.0005;
    let area = 0;
    let best = { x: 0, y: 0 };
    for (let x = step; x < 40; x += step) {
      const y = logNormalDensity(x, p);
      area += y * step;
      if (y > best.y) best = { x, y };
    }
    expect(area).toBeCloseTo(1, 3);
    expect(best.x).toBeCloseTo(Math.exp(p.mu - p.sigma ** 2), 2);
    expect(logNormalDensity(0, p)).toBe(0);
    expect(logNormalDensity(-1, p)).toBe(0);
  });

  it('puts clicks per minor unit on a per-major-unit scale by shifting mu by ln(offset)', () => {
    expect(displayPosterior({ mu: -5, sigma: 0.3 }, 'clicks_per_spend', 100)).toEqual({ mu: -5 + Math.log(100), sigma: 0.3 });
    expect(displayPosterior({ mu: -5, sigma: 0.3 }, 'pipeline_roas', 100)).toEqual({ mu: -5, sigma: 0.3 });
  });

  it('spans every curve on one grid, from 0 when the curves start near it', () => {
    const ps = [
      { mu: 0, sigma: 0.2 },
      { mu: 1, sigma: 0.1 },
    ];
    const grid = densityGrid(ps, 50);
    expect(grid).toHaveLength(50);
    expect(grid[0]).toBe(Math.exp(0 - 4 * 0.2)); // 0.45: far from zero, so the grid starts there
    expect(grid[49]).toBeCloseTo(Math.exp(1 + 2.054 * 0.1), 10);
    const wide = densityGrid([{ mu: 0, sigma: 1 }], 10);
    expect(wide[0]).toBe(0);
    expect(densityGrid([], 10)).toEqual([]);
  });

  it('draws the chosen holders, or the five most likely to be best', () => {
    const rows = Array.from({ length: 8 }, (_, i) => rec({ holderId: `h${i}`, pBest: i / 28 }));
    expect(pickHolders(rows, new Set()).map((r) => r.holderId)).toEqual(['h7', 'h6', 'h5', 'h4', 'h3']);
    expect(pickHolders(rows, new Set(['h1', 'h2'])).map((r) => r.holderId)).toEqual(['h1', 'h2']);
    const curves = curvesFor(rows.slice(0, 2), 'pipeline_roas', 100);
    const data = chartData(curves, 20);
    expect(data).toHaveLength(20);
    expect(Object.keys(data[5]!).sort()).toEqual(['h0', 'h1', 'x']);
    expect(data[5]!.h0).toBeCloseTo(logNormalDensity(data[5]!.x, rows[0]!.posterior), 12);
    expect(curves[0]!.median).toBe(1);
  });
});

describe('which run, and its parts', () => {
  it('prefers the run made in this window while it is the latest for the account', () => {
    const stored = run({ runId: 3, adPauses: [] });
    const mine = run({ runId: 3, adPauses: [{ adId: 'ad', adName: 'Ad', holderId: 'h1', pBestInHolder: 0, reason: 'r', changeId: 9 }] });
    expect(pickAllocation(stored, mine, 'acc')).toBe(mine);
    expect(pickAllocation(run({ runId: 4 }), mine, 'acc')!.runId).toBe(4); // someone ran a newer one
    expect(pickAllocation(null, mine, 'acc')).toBe(mine);
    expect(pickAllocation(stored, run({ accountId: 'other', runId: 9 }), 'acc')).toBe(stored);
    expect(pickAllocation(undefined, null, 'acc')).toBeNull();
  });

  it('lists the run’s change ids, proposals and pauses, without the unproposed', () => {
    const r = run({
      recommendations: [rec({ holderId: 'h1', changeId: 17 }), rec({ holderId: 'h2', changeId: null }), rec({ holderId: 'h3', changeId: 5 })],
      adPauses: [{ adId: 'x', adName: 'X', holderId: 'h1', pBestInHolder: 0, reason: 'r', changeId: 9 }],
    });
    expect(changeIdsOf(r)).toEqual([5, 9, 17]);
    expect(changeIdsOf(run({ recommendations: [], adPauses: [] }))).toEqual([]);
  });
});
