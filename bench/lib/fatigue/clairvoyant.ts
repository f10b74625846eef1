// A clairvoyant fatigue detector, the ceiling the real one is compared with: it knows each ad's
// true pre-fatigue CTR and the shape of its decay (the simulator's floor and τ; for ads that never
// fatigue, the population's mean shape), and only has to find the onset. Its statistic is the
// generalised likelihood ratio of "decay started on day s" against "no decay", maximised over s,
// on the binomial click counts — the most powerful test there is for this question. No real
// detector can alarm sooner at the same false-alarm rate, so its delay says what is possible on
// these volumes.
import type { FatigueBatchInput } from '../../../workers/domain/fatigue';

export interface DecayShape {
  floor: number;
  tauDays: number;
}

export const MEAN_SHAPE: DecayShape = { floor: 0.5, tauDays: 7 }; // the simulator's draws: floor U(0.4, 0.6), τ U(4, 10)

/**
 * GLR statistic per ad per scan day: out[i * dayCount + D] = max over onsets s ≤ D of the log
 * likelihood ratio of days s..D (days without delivery contribute nothing).
 */
export function clairvoyantGlr(input: Pick<FatigueBatchInput, 'offsets' | 'day' | 'impressions' | 'clicks'>, p0: Float64Array, shapes: DecayShape[], dayCount: number): Float64Array {
  const nAds = input.offsets.length - 1;
  const out = new Float64Array(nAds * dayCount).fill(-Infinity);
  const llr = new Float64Array(dayCount); // llr[s]: cumulative LLR of "onset at s" through the current day
  for (let i = 0; i < nAds; i++) {
    const from = input.offsets[i]!;
    const to = input.offsets[i + 1]!;
    if (from === to) continue;
    const p = Math.min(Math.max(p0[i]!, 1e-6), 0.5);
    const { floor, tauDays } = shapes[i]!;
    llr.fill(0);
    const first = input.day[from]!;
    let r = from;
    for (let D = first; D < dayCount; D++) {
      if (r < to && input.day[r] === D) {
        const n = input.impressions[r]!;
        const c = Math.min(input.clicks[r]!, n);
        for (let s = first; s <= D; s++) {
          const q = p * (floor + (1 - floor) * Math.exp(-(D - s) / tauDays));
          llr[s] = llr[s]! + c * Math.log(q / p) + (n - c) * Math.log((1 - q) / (1 - p));
        }
        r++;
      }
      let best = -Infinity;
      for (let s = first; s <= D; s++) if (llr[s]! > best) best = llr[s]!;
      out[i * dayCount + D] = best;
    }
  }
  return out;
}

/** First scan day (≥ firstScan) on which the statistic crosses the threshold, per ad; −1 if never. */
export function firstCrossing(glr: Float64Array, nAds: number, dayCount: number, firstScan: number, threshold: number): Int32Array {
  const first = new Int32Array(nAds).fill(-1);
  for (let i = 0; i < nAds; i++) {
    for (let D = firstScan; D < dayCount; D++) {
      if (glr[i * dayCount + D]! > threshold) {
        first[i] = D;
        break;
      }
    }
  }
  return first;
}
