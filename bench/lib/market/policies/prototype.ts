// The prototype's budget sampler as DOMAIN.md §1 describes it, applied per budget holder on its
// lifetime numbers (what it could see: no discounting, deals as visible today):
//   score s = w·min(CTR / 5 %, 1) + (1 − w)·min(pROAS / 3, 1), pROAS = pipeline value ÷ spend
//   w by age: 1.0 under 6 h, linear to 0.7 at 24 h, linear to 0.3 at 72 h, then halving every
//     72 h, never below 0.1 (DOMAIN.md says only "decaying"; this is our reading)
//   s × exp(−0.0001 × lifetime impressions)   ("fatigue")
//   draw ~ Beta(n·s + 1, n·(1 − s) + 1), n = lifetime clicks capped at SAMPLE_SIZE_CAP
//   shares = softmax(draws, T = 1); budget = share × total, then ±50 % of yesterday, then the
//   1/day floor.
// Its rules on top (DOMAIN.md lists them; what "kill" and "scale" do is our reading): with at
// least 200 spent, pROAS < 0.5 kills the holder (down to the 1/day floor, caps bypassed);
// pROAS > 3.0 scales it (to yesterday + 50 %, the most its cap allows). Its ignorance zone (age
// < 2 days AND spend < 100) adds nothing here: 200 spent is already outside it.
// The caps and floor break the total (one of its documented bugs); here the result is scaled
// back to the total so every policy spends the same — which slightly re-breaks the caps.
import { sampleBeta } from '../../../../workers/domain/math/random';
import type { Policy } from '../policy';
import { streamRng } from '../random';
import { roundToTotal } from '../round';

export const SAMPLE_SIZE_CAP = 100;
const FLOOR = 100; // 1 a day, minor units
const MAX_CHANGE = 0.5;
const NO_KILL_UNDER = 20_000; // 200, minor units
const KILL_BELOW = 0.5;
const SCALE_ABOVE = 3;

export function prototypeAgeWeight(ageHours: number): number {
  if (ageHours < 6) return 1;
  if (ageHours < 24) return 1 - (0.3 * (ageHours - 6)) / 18;
  if (ageHours < 72) return 0.7 - (0.4 * (ageHours - 24)) / 48;
  return Math.max(0.1, 0.3 * Math.pow(0.5, (ageHours - 72) / 72));
}

export function prototypeScore(o: { ageHours: number; impressions: number; clicks: number; spend: number; value: number }): number {
  const w = prototypeAgeWeight(o.ageHours);
  const ctr = o.impressions > 0 ? o.clicks / o.impressions : 0;
  const roas = o.spend > 0 ? o.value / o.spend : 0;
  const s = w * Math.min(ctr / 0.05, 1) + (1 - w) * Math.min(roas / 3, 1);
  return s * Math.exp(-0.0001 * o.impressions);
}

export interface PrototypeOptions {
  /** Apply its kill / scale rules after the sampler (DOMAIN.md §1); false: the sampler alone. */
  rules: boolean;
}

export function createPrototype(seed: number, opts: PrototypeOptions = { rules: true }): Policy {
  const rng = streamRng(seed, 'prototype');
  return ({ market, day, active, total, yesterday, history }) => {
    const lifetime = active.map((i) => {
      const h = history[i]!;
      let impressions = 0;
      let clicks = 0;
      let spend = 0;
      for (const r of h.rows) {
        impressions += r.impressions;
        clicks += r.clicks;
        spend += r.spend;
      }
      let value = 0;
      for (const d of h.deals) if (d.createdDay < day) value += d.value;
      return { ageHours: (day - market.holders[i]!.launchDay) * 24, impressions, clicks, spend, value };
    });
    const draws = lifetime.map((o) => {
      const s = prototypeScore(o);
      const n = Math.min(o.clicks, SAMPLE_SIZE_CAP);
      return sampleBeta(rng, n * s + 1, n * (1 - s) + 1);
    });
    const m = Math.max(...draws);
    const e = draws.map((x) => Math.exp(x - m));
    const z = e.reduce((a, b) => a + b, 0);
    const raw = active.map((i, k) => {
      let b = (e[k]! / z) * total;
      const y = yesterday.get(i);
      if (y !== undefined) b = Math.min(y * (1 + MAX_CHANGE), Math.max(y * (1 - MAX_CHANGE), b));
      b = Math.max(FLOOR, b);
      if (!opts.rules) return b;
      const o = lifetime[k]!;
      const roas = o.spend > 0 ? o.value / o.spend : 0;
      if (o.spend >= NO_KILL_UNDER && roas < KILL_BELOW) return FLOOR;
      if (roas > SCALE_ABOVE && y !== undefined) return Math.max(b, y * (1 + MAX_CHANGE));
      return b;
    });
    const b = roundToTotal(raw, total);
    return new Map(active.map((i, k) => [i, b[k]!]));
  };
}
