// Hand-built ad histories for the fatigue detector's tests: every series is a function of the
// day index, deterministic unless an rng is passed (then clicks are binomial draws).
import { dayNumber, dayString, type AccountCpmDay, type AdDay } from '../../workers/domain/fatigue';
import { sampleNormal } from '../../workers/domain/math/random';

export const START = '2024-03-01';
export const dayAt = (k: number) => dayString(dayNumber(START) + k);

export interface AdSpec {
  days: number;
  impressions?: (d: number) => number;
  ctr?: (d: number) => number;
  /** The ad's CPM in minor units. */
  cpm?: (d: number) => number;
  /** Daily frequency (impressions ÷ reach). */
  dailyFrequency?: (d: number) => number;
  rng?: () => number;
  /** Day-level CTR noise (log scale sd) on top of binomial noise, when rng is given. */
  overdispersion?: number;
}

export function binomial(rng: () => number, n: number, p: number): number {
  const mean = n * p;
  if (mean < 30) {
    // Poisson inversion: fine for the small p of click rates.
    const l = Math.exp(-mean);
    let k = 0;
    let prod = rng();
    while (prod > l) {
      k++;
      prod *= rng();
    }
    return Math.min(n, k);
  }
  return Math.max(0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * sampleNormal(rng))));
}

export function buildAd(spec: AdSpec): AdDay[] {
  const imp = spec.impressions ?? (() => 10_000);
  const ctr = spec.ctr ?? (() => 0.015);
  const cpm = spec.cpm ?? (() => 1_000);
  const freq = spec.dailyFrequency ?? (() => 1.2);
  const out: AdDay[] = [];
  for (let d = 0; d < spec.days; d++) {
    const impressions = Math.round(imp(d));
    let p = ctr(d);
    if (spec.rng && spec.overdispersion) p *= Math.exp(spec.overdispersion * sampleNormal(spec.rng));
    const clicks = spec.rng ? binomial(spec.rng, impressions, p) : Math.round(impressions * p);
    const reach = Math.max(1, Math.round(impressions / freq(d)));
    out.push({ day: dayAt(d), impressions, clicks, spend: Math.round((impressions * cpm(d)) / 1000), reach, frequency: impressions / reach });
  }
  return out;
}

export function accountCpm(days: number, cpm: (d: number) => number = () => 1_000): AccountCpmDay[] {
  return Array.from({ length: days }, (_, d) => ({ day: dayAt(d), cpm: cpm(d) }));
}
