// Turns one row of the batch's columns into the finding object, with the evidence in words.
// Only called for the ads someone looks at (or the flagged ones), never in the hot loop.
import type { FatigueBatchResult } from './batch';
import { dayString } from './days';
import {
  STATUSES,
  TESTS,
  resolveSettings,
  type AudienceType,
  type FatigueEvidence,
  type FatigueFinding,
  type PartialFatigueSettings,
} from './types';

const num = (v: number): number | null => (Number.isNaN(v) ? null : v);
const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)}%`;
const signedPct = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(0)}%`;
const int = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * @param firstDay the calendar day of grid index 0 (YYYY-MM-DD converted by dayNumber, or as a day number).
 */
export function findingAt(
  r: FatigueBatchResult,
  i: number,
  firstDay: number,
  audience: AudienceType,
  settingsIn: PartialFatigueSettings = {},
): FatigueFinding {
  const st = resolveSettings(settingsIn);
  const band = st.frequency[audience];
  const status = STATUSES[r.status[i]!]!;
  const test = TESTS[r.test[i]!]!;
  const day = (d: number) => (d < 0 ? null : dayString(firstDay + d));
  const onsetDay = day(r.onsetDay[i]!);
  const freqSource = r.frequencySource[i] === 1 ? 'lifetime' : r.frequencySource[i] === 2 ? 'rolling-7d' : null;
  const evidence: FatigueEvidence = {
    test,
    sentence: '',
    baselineCtr: num(r.baselineCtr[i]!),
    currentCtr: num(r.currentCtr[i]!),
    ctrChange: num(r.ctrChange[i]!),
    pMaterialDrop: num(r.pMaterialDrop[i]!),
    cusum: r.cusum[i]!,
    cusumThreshold: st.cusumThreshold,
    dispersion: r.dispersion[i]!,
    frequency: num(r.frequency[i]!),
    frequencySource: freqSource,
    frequencyWarn: band.warn,
    frequencyCritical: band.critical,
    relativeCpmChange: num(r.relativeCpmChange[i]!),
    reachShareChange: num(r.reachShareChange[i]!),
    lifetimeImpressions: r.lifetimeImpressions[i]!,
    lifetimeClicks: r.lifetimeClicks[i]!,
    lifetimeSpend: r.lifetimeSpend[i]!,
    daysLive: r.daysLive[i]!,
  };
  const baseline =
    r.baselineFrom[i]! >= 0
      ? {
          fromDay: day(r.baselineFrom[i]!)!,
          toDay: day(r.baselineTo[i]!)!,
          impressions: r.baselineImpressions[i]!,
          clicks: r.baselineClicks[i]!,
          ctr: r.baselineCtr[i]!,
        }
      : null;
  evidence.sentence = sentence(status, test, evidence, onsetDay, audience, st);
  return {
    status,
    confidence: r.confidence[i]!,
    onsetDay,
    daysToCritical: num(r.daysToCritical[i]!),
    evidence,
    baseline,
  };
}

function sentence(
  status: FatigueFinding['status'],
  test: FatigueEvidence['test'],
  e: FatigueEvidence,
  onset: string | null,
  audience: AudienceType,
  st: ReturnType<typeof resolveSettings>,
): string {
  const w = st.warmup;
  const ctrPart =
    e.baselineCtr !== null && e.currentCtr !== null
      ? `CTR ${pct(e.currentCtr, 2)} against a launch baseline of ${pct(e.baselineCtr, 2)} (${signedPct(e.ctrChange ?? 0)})`
      : null;
  switch (status) {
    case 'WARMING':
      return (
        `Not enough data yet: ${e.daysLive} of ${w.minDays} days, ${int(e.lifetimeImpressions)} of ${int(w.minImpressions)} impressions, ` +
        `${int(e.lifetimeSpend)} of ${int(w.minSpend)} spend (minor units)` +
        (e.baselineCtr !== null ? `, baseline clicks below ${w.minBaselineClicks} or no day after the baseline yet.` : '.')
      );
    case 'HEALTHY':
      return `${ctrPart ?? 'CTR steady'} over the last ${st.recentDays} days; no sustained decline (CUSUM ${e.cusum.toFixed(1)} of ${e.cusumThreshold}).`;
    case 'FATIGUING':
      return (
        `${ctrPart} since ${onset}: the Bernoulli CUSUM on clicks per impression reached its threshold of ${e.cusumThreshold}, ` +
        `P(drop ≥ ${pct(st.ctrDrop)}) = ${(e.pMaterialDrop ?? 0).toFixed(2)}.`
      );
    case 'SATURATED':
      return (
        `${e.frequencySource === 'lifetime' ? 'Lifetime' : '7-day'} frequency ${(e.frequency ?? 0).toFixed(1)} is past the ${audience} audience's ` +
        `band of ${e.frequencyWarn}–${e.frequencyCritical}${test === 'frequency' && ctrPart && e.ctrChange !== null && e.ctrChange < 0 ? `; ${ctrPart}` : ''}.`
      );
    case 'AUDIENCE_EXHAUSTED':
      return (
        `CPM relative to the account's CPM ${signedPct(e.relativeCpmChange ?? 0)} and share of new reach ${signedPct(e.reachShareChange ?? 0)} ` +
        `against the launch baseline: this audience is used up (an auction-wide CPM rise would have cancelled out).`
      );
  }
}

