// Held-out scoring of the sampler's CTR model: for each of the last days, forecast every holder's
// CTR from the days before it (exponentially discounted with the model's half-life, shrunk toward
// the account by the empirical-Bayes prior) and score the day's clicks against the forecast with
// the binomial log-loss per impression — a proper score, so a better-calibrated model wins.
import { discountWeight, fitCtrPrior } from '../sampler/posterior';

export interface HolderDays {
  /** Day numbers (any integer scale), ascending or not. */
  day: Int32Array | number[];
  impressions: Float64Array | number[];
  clicks: Float64Array | number[];
}

export interface ForecastScore {
  /** Mean log-loss per impression over the held-out days (nats). */
  logLoss: number;
  /** Impression-weighted mean |forecast − actual CTR|. */
  mae: number;
  /** Holder-days scored. */
  n: number;
}

export function scoreCtrForecast(holders: readonly HolderDays[], halfLifeDays: number, heldOutDays: number): ForecastScore {
  let lastDay = -Infinity;
  for (const h of holders) for (let k = 0; k < h.day.length; k++) lastDay = Math.max(lastDay, Number(h.day[k]));
  let loss = 0;
  let absErr = 0;
  let weight = 0;
  let n = 0;
  for (let target = lastDay - heldOutDays + 1; target <= lastDay; target++) {
    // Evidence strictly before the target day, discounted from the day before it.
    const evidence = holders.map((h) => {
      let i = 0;
      let c = 0;
      for (let k = 0; k < h.day.length; k++) {
        const d = Number(h.day[k]);
        if (d >= target) continue;
        const w = discountWeight(target - 1 - d, halfLifeDays);
        i += w * Number(h.impressions[k]);
        c += w * Number(h.clicks[k]);
      }
      return { impressions: i, clicks: c };
    });
    const prior = fitCtrPrior(evidence);
    holders.forEach((h, j) => {
      for (let k = 0; k < h.day.length; k++) {
        if (Number(h.day[k]) !== target) continue;
        const imp = Number(h.impressions[k]);
        const clk = Math.min(Number(h.clicks[k]), imp);
        if (imp <= 0) continue;
        const e = evidence[j]!;
        const p = Math.min(1 - 1e-9, Math.max(1e-9, (prior.alpha + e.clicks) / (prior.alpha + prior.beta + e.impressions)));
        loss += -(clk * Math.log(p) + (imp - clk) * Math.log(1 - p));
        absErr += imp * Math.abs(p - clk / imp);
        weight += imp;
        n++;
      }
    });
  }
  return weight > 0 ? { logLoss: loss / weight, mae: absErr / weight, n } : { logLoss: Number.NaN, mae: Number.NaN, n: 0 };
}
