// What a buyer (and every policy) gets to see: Meta's daily rows — impressions, clicks, spend —
// and CRM deals, each created 0–5 days after the click that led to it and visible from then on.
// Spend is the budget (Meta paces to it; the saturation shows up as fewer impressions, i.e. a
// higher CPM). Counts are noisy draws around the day's expectations; a deal shows the value the CRM puts on
// it (its holder's expected deal value times a per-deal amount factor). The score never uses
// these draws (see expectedValue).
import { sampleNormal } from '../../../workers/domain/math/random';
import { expectedImpressions, type Market } from './model';
import { sampleIndex, samplePoisson, streamRng } from './random';

export interface DayRow {
  day: number;
  impressions: number;
  clicks: number;
  spend: number;
}

export interface Deal {
  /** The day the deal appears in the CRM (its create date); policies see it from the next morning. */
  createdDay: number;
  value: number;
}

export interface HolderHistory {
  rows: DayRow[];
  deals: Deal[];
}

export function emptyHistory(m: Market): HolderHistory[] {
  return m.holders.map(() => ({ rows: [], deals: [] }));
}

/** Deliver one day's budgets (by holder index) and append what it produced to the history. */
export function observeDay(m: Market, day: number, budgets: ReadonlyMap<number, number>, history: HolderHistory[]): void {
  const c = m.config;
  for (const [i, budget] of budgets) {
    if (budget <= 0) continue;
    const r = m.actual[day]![i]!;
    // One stream per (seed, day, holder): equal budgets see equal draws under any policy.
    const rng = streamRng(m.seed, 'observe', day, i);
    const impressions = samplePoisson(rng, expectedImpressions(r, budget, c.saturation));
    const clicks = Math.min(impressions, samplePoisson(rng, impressions * r.ctr));
    const deals = samplePoisson(rng, clicks * r.dealsPerClick);
    const h = history[i]!;
    h.rows.push({ day, impressions, clicks, spend: budget });
    for (let k = 0; k < deals; k++) {
      const lag = sampleIndex(rng, c.dealLag);
      const s = c.dealAmountLogSd;
      h.deals.push({ createdDay: day + lag, value: Math.round(r.dealValue * Math.exp(s * sampleNormal(rng) - (s * s) / 2)) });
    }
  }
}
