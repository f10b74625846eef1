import { describe, expect, it } from 'vitest';
import { dayNumber, detectFatigue, type AdDay, type AudienceType, type PartialFatigueSettings } from '../../workers/domain/fatigue';
import { createRng } from '../../workers/domain/math/random';
import { accountCpm, buildAd, dayAt, type AdSpec } from './fatigue-fixtures';

function run(spec: AdSpec, opts: { audience?: AudienceType; acct?: (d: number) => number; asOf?: number; settings?: PartialFatigueSettings; history?: AdDay[] } = {}) {
  const history = opts.history ?? buildAd(spec);
  return detectFatigue({
    history,
    audience: opts.audience ?? 'cold',
    accountCpm: accountCpm(spec.days, opts.acct),
    asOf: dayAt(opts.asOf ?? spec.days - 1),
    settings: opts.settings,
  });
}
const daysBetween = (a: string, b: string) => dayNumber(a) - dayNumber(b);

describe('fatigue detector: one status each', () => {
  it('HEALTHY: a flat budget with steady CTR (the prototype flagged every one of these)', () => {
    const f = run({ days: 45 });
    expect(f.status).toBe('HEALTHY');
    expect(f.onsetDay).toBeNull();
    expect(f.daysToCritical).toBeNull();
    expect(f.confidence).toBeGreaterThan(0.99);
    expect(f.baseline).toMatchObject({ fromDay: dayAt(2), toDay: dayAt(6), impressions: 50_000, clicks: 750 });
    expect(f.evidence.sentence).toMatch(/no sustained decline/);
  });

  it('FATIGUING: a 35 % step down in CTR, onset on the change day, evidence from the CUSUM', () => {
    const f = run({ days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.00975) });
    expect(f.status).toBe('FATIGUING');
    expect(f.onsetDay).toBe(dayAt(25));
    expect(f.confidence).toBeGreaterThan(0.95);
    expect(f.evidence.test).toBe('bernoulli-cusum');
    expect(f.evidence.ctrChange).toBeCloseTo(-0.35, 2);
    expect(f.evidence.cusum).toBeGreaterThan(f.evidence.cusumThreshold);
    expect(f.evidence.sentence).toContain(`since ${dayAt(25)}`);
  });

  it('SATURATED: 7-day frequency past the cold band with steady CTR; the same frequency is fine for retargeting', () => {
    const spec: AdSpec = { days: 40, dailyFrequency: (d) => (d < 30 ? 1.3 : 4.5) };
    const cold = run(spec);
    expect(cold.status).toBe('SATURATED');
    expect(cold.evidence.test).toBe('frequency');
    expect(cold.evidence.frequencySource).toBe('rolling-7d');
    expect(cold.evidence.frequency).toBeGreaterThanOrEqual(4);
    expect(cold.onsetDay).not.toBeNull();
    expect(cold.confidence).toBe(1);
    const retargeting = run(spec, { audience: 'retargeting' });
    expect(retargeting.status).toBe('HEALTHY');
  });

  it('SATURATED also at the warn line when CTR is falling, and frequency bands are configurable', () => {
    const spec: AdSpec = { days: 40, dailyFrequency: (d) => (d < 30 ? 1.3 : 3.4), ctr: (d) => (d < 30 ? 0.015 : 0.01) };
    expect(run(spec).status).toBe('SATURATED');
    // Warn at 3.4 alone (steady CTR) is not enough.
    expect(run({ ...spec, ctr: () => 0.015 }).status).toBe('HEALTHY');
    const custom = run({ ...spec, ctr: () => 0.015 }, { settings: { frequency: { cold: { warn: 2, critical: 3 } } } });
    expect(custom.status).toBe('SATURATED');
  });

  it("AUDIENCE_EXHAUSTED: the ad's CPM rises against a flat account CPM while new reach dries up", () => {
    const f = run({
      days: 40,
      cpm: (d) => (d < 25 ? 1_000 : 1_000 * (1 + 0.05 * (d - 24))),
      dailyFrequency: (d) => (d < 25 ? 1.2 : 1.2 + 0.08 * (d - 24)),
    });
    expect(f.status).toBe('AUDIENCE_EXHAUSTED');
    expect(f.evidence.test).toBe('relative-cpm-and-reach');
    expect(f.evidence.relativeCpmChange!).toBeGreaterThan(0.25);
    expect(f.evidence.reachShareChange!).toBeLessThan(-0.25);
    expect(f.onsetDay).not.toBeNull();
    expect(f.confidence).toBeGreaterThan(0.5);
  });

  it('WARMING: tiny delivery, or too young, or too few clicks in the baseline', () => {
    const tiny = run({ days: 30, impressions: () => 100 });
    expect(tiny.status).toBe('WARMING');
    expect(tiny.evidence.sentence).toMatch(/Not enough data/);
    expect(run({ days: 6 }).status).toBe('WARMING');
    expect(run({ days: 30, impressions: () => 2_000, ctr: () => 0.0005 }).status).toBe('WARMING');
    expect(run({ days: 0 }, { history: [] }).status).toBe('WARMING');
    // Thresholds are settings.
    expect(run({ days: 30, impressions: () => 100 }, { settings: { warmup: { minImpressions: 1_000, minSpend: 1, minBaselineClicks: 2 } } }).status).toBe('HEALTHY');
  });
});

describe('fatigue detector: the traps', () => {
  it('an account-wide CPM rise is not fatigue, even with reach per impression falling', () => {
    const rise = (d: number) => (d < 20 ? 1_000 : 1_000 * (1 + 0.04 * (d - 19)));
    const f = run({ days: 40, cpm: rise, dailyFrequency: (d) => (d < 20 ? 1.2 : 1.2 + 0.05 * (d - 19)) }, { acct: rise });
    expect(f.status).toBe('HEALTHY');
    expect(Math.abs(f.evidence.relativeCpmChange!)).toBeLessThan(0.01);
    // Against a flat account the same ad is exhausted: the account series is what makes the difference.
    expect(run({ days: 40, cpm: rise, dailyFrequency: (d) => (d < 20 ? 1.2 : 1.2 + 0.05 * (d - 19)) }).status).toBe('AUDIENCE_EXHAUSTED');
  });

  it('unsorted input gives the same finding as sorted input', () => {
    const spec: AdSpec = { days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.0095), rng: createRng(3) };
    const history = buildAd(spec);
    const shuffled = [...history];
    const rng = createRng(11);
    for (let k = shuffled.length - 1; k > 0; k--) {
      const j = Math.floor(rng() * (k + 1));
      [shuffled[k], shuffled[j]] = [shuffled[j]!, shuffled[k]!];
    }
    expect(shuffled.map((r) => r.day)).not.toEqual(history.map((r) => r.day));
    const a = run(spec, { history });
    expect(a.status).toBe('FATIGUING');
    expect(run(spec, { history: shuffled })).toEqual(a);
  });

  it('missing days: gaps neither create nor hide a decline', () => {
    const drop = (d: number) => d % 4 === 1 || d === 26; // a quarter of the days, including the one after the change
    const fat = buildAd({ days: 45, ctr: (d) => (d < 25 ? 0.015 : 0.0095), rng: createRng(5) }).filter((_, d) => !drop(d));
    const f = run({ days: 45 }, { history: fat });
    expect(f.status).toBe('FATIGUING');
    expect(Math.abs(daysBetween(f.onsetDay!, dayAt(25)))).toBeLessThanOrEqual(2);
    const healthy = buildAd({ days: 45, rng: createRng(6) }).filter((_, d) => !drop(d));
    expect(run({ days: 45 }, { history: healthy }).status).toBe('HEALTHY');
    // A missing last week is not a decline either: no row, no evidence.
    expect(run({ days: 45 }, { history: buildAd({ days: 38 }) }).status).toBe('HEALTHY');
  });

  it('restated days: the latest fetch of a day replaces the earlier one', () => {
    const history = buildAd({ days: 40 });
    // Meta first reported the last four days with clicks still missing, then restated them.
    const early = history.slice(36).map((r) => ({ ...r, clicks: Math.round(r.clicks * 0.3), fetchedAt: '2024-04-10T08:00:00Z' }));
    const restated = history.slice(36).map((r) => ({ ...r, fetchedAt: '2024-04-10T20:00:00Z' }));
    const base = history.slice(0, 36);
    expect(run({ days: 40 }, { history: [...base, ...early] }).status).toBe('FATIGUING');
    expect(run({ days: 40 }, { history: [...base, ...early, ...restated] }).status).toBe('HEALTHY');
    // fetchedAt decides even when the restatement comes first in the input…
    expect(run({ days: 40 }, { history: [...base, ...restated, ...early] }).status).toBe('HEALTHY');
    // …and without fetchedAt the later row in the input wins.
    const strip = (rows: AdDay[]) => rows.map(({ fetchedAt: _f, ...r }) => r);
    expect(run({ days: 40 }, { history: [...base, ...strip(early), ...strip(restated)] }).status).toBe('HEALTHY');
    expect(run({ days: 40 }, { history: [...base, ...strip(restated), ...strip(early)] }).status).toBe('FATIGUING');
  });

  it('rows after the as-of day are ignored', () => {
    const history = buildAd({ days: 40, ctr: (d) => (d < 30 ? 0.015 : 0.008) });
    expect(run({ days: 40 }, { history, asOf: 29 }).status).toBe('HEALTHY');
    expect(run({ days: 40 }, { history, asOf: 39 }).status).toBe('FATIGUING');
  });

  it('a gradual decline (decay toward a floor, as in the simulator) is caught with its onset near the change point', () => {
    const errors: number[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const ctr = (d: number) => (d < 30 ? 0.012 : 0.012 * (0.5 + 0.5 * Math.exp(-(d - 29) / 7)));
      const f = run({ days: 50, ctr, rng: createRng(seed), impressions: () => 15_000 });
      expect(f.status).toBe('FATIGUING');
      errors.push(Math.abs(daysBetween(f.onsetDay!, dayAt(30))));
    }
    expect(errors.filter((e) => e <= 2).length).toBeGreaterThanOrEqual(32);
    expect(errors.sort((a, b) => a - b)[20]).toBeLessThanOrEqual(1);
  });
});

describe('fatigue detector: daysToCritical and priority', () => {
  it('daysToCritical shrinks as the decline steepens, and is null without a downward trend', () => {
    const decline = (rate: number) =>
      run({ days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.015 * 0.85 * Math.exp(-rate * (d - 25))), impressions: () => 20_000 });
    const results = [0.01, 0.02, 0.03].map(decline);
    for (const r of results) expect(r.status).toBe('FATIGUING');
    const dtc = results.map((r) => r.daysToCritical!);
    expect(dtc[0]).toBeGreaterThan(dtc[1]!);
    expect(dtc[1]).toBeGreaterThan(dtc[2]!);
    // ln(0.5 / (0.85·e^{−0.03·14})) / −0.03 ≈ 3.7 days from the as-of day.
    expect(dtc[2]).toBeCloseTo(Math.log(0.5 / (0.85 * Math.exp(-0.03 * 14))) / -0.03, 0);
    // A step down that then holds flat is fatigue, but not heading anywhere: no extrapolation.
    const step = run({ days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.0095) });
    expect(step.status).toBe('FATIGUING');
    expect(step.daysToCritical).toBeNull();
    // Already below the critical level: 0.
    expect(run({ days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.006 * Math.exp(-0.03 * (d - 25))) }).daysToCritical).toBe(0);
  });

  it('AUDIENCE_EXHAUSTED outranks SATURATED, which outranks FATIGUING', () => {
    const fatiguing: AdSpec = { days: 40, ctr: (d) => (d < 25 ? 0.015 : 0.009) };
    expect(run(fatiguing).status).toBe('FATIGUING');
    const saturated: AdSpec = { ...fatiguing, dailyFrequency: (d) => (d < 25 ? 1.2 : 4.2) };
    expect(run(saturated).status).toBe('SATURATED');
    const exhausted: AdSpec = { ...saturated, cpm: (d) => (d < 25 ? 1_000 : 1_600) };
    const f = run(exhausted);
    expect(f.status).toBe('AUDIENCE_EXHAUSTED');
    // The CTR onset came with it, and the CTR trend is still reported.
    expect(f.onsetDay).toBe(dayAt(25));
  });

  it('uses lifetime reach for frequency and new reach when the sync provides it', () => {
    // 10,000 impressions a day into an audience that stops growing at 60,000 people.
    const history = buildAd({ days: 40 }).map((r, d) => ({ ...r, cumulativeReach: Math.min(60_000, 8_000 * (d + 1)) }));
    const f = run({ days: 40 }, { history });
    expect(f.evidence.frequencySource).toBe('lifetime');
    expect(f.evidence.frequency).toBeCloseTo(400_000 / 60_000, 5);
    expect(f.status).toBe('SATURATED');
    expect(f.onsetDay).toBe(dayAt(17)); // 180,000 / 60,000 = 3 on the 18th day
  });
});
