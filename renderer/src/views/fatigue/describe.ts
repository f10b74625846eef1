// Pure helpers of the Fatigue view: labels, the evidence in words, the chart's rows.
import type { FatigueAd, FatigueStatusName } from '../../../../contract';

export const ALL_STATUSES: readonly FatigueStatusName[] = ['AUDIENCE_EXHAUSTED', 'SATURATED', 'FATIGUING', 'HEALTHY', 'WARMING'];
export const DEFAULT_STATUSES: readonly FatigueStatusName[] = ['AUDIENCE_EXHAUSTED', 'SATURATED', 'FATIGUING'];

export const STATUS_LABEL: Record<FatigueStatusName, string> = {
  AUDIENCE_EXHAUSTED: 'Audience exhausted',
  SATURATED: 'Saturated',
  FATIGUING: 'Fatiguing',
  HEALTHY: 'Healthy',
  WARMING: 'Warming up',
};

export const REMEDY: Record<FatigueStatusName, string> = {
  AUDIENCE_EXHAUSTED: 'A new audience (and a fresh creative): this one is used up.',
  SATURATED: 'A fresh creative or a wider audience: people have seen this ad too often.',
  FATIGUING: 'A fresh creative: clicks per impression are falling against the launch baseline.',
  HEALTHY: 'Nothing to do.',
  WARMING: 'Wait: too little data to judge yet.',
};

export function toggleStatus(cur: readonly FatigueStatusName[], s: FatigueStatusName): FatigueStatusName[] {
  const next = cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s];
  return ALL_STATUSES.filter((x) => next.includes(x));
}

const pct = (v: number, digits = 2) => `${(v * 100).toFixed(digits)} %`;
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(0)} %`;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The finding's numbers as short sentences, only those the finding has. */
export function evidenceLines(f: NonNullable<FatigueAd['finding']>): string[] {
  const e = f.evidence;
  const lines: string[] = [];
  const base = num(e.baselineCtr);
  const cur = num(e.currentCtr);
  const change = num(e.ctrChange);
  if (f.baseline) lines.push(`Launch baseline ${f.baseline.fromDay} – ${f.baseline.toDay}: CTR ${pct(f.baseline.ctr)} on ${Math.round(f.baseline.impressions).toLocaleString('en-US')} impressions.`);
  if (base !== null && cur !== null) lines.push(`CTR now ${pct(cur)}${change !== null ? ` (${signed(change)} against the baseline)` : ''}.`);
  const p = num(e.pMaterialDrop);
  if (p !== null && f.status !== 'WARMING') lines.push(`Probability the CTR fell by 20 % or more: ${p.toFixed(2)}.`);
  const cusum = num(e.cusum);
  const thr = num(e.cusumThreshold);
  if (cusum !== null && thr !== null) lines.push(`CUSUM on clicks per impression: ${cusum.toFixed(1)} (alarm at ${thr}).`);
  const freq = num(e.frequency);
  if (freq !== null) {
    const band = num(e.frequencyWarn) !== null ? ` — the audience's band is ${e.frequencyWarn}–${e.frequencyCritical}` : '';
    lines.push(`${e.frequencySource === 'lifetime' ? 'Lifetime' : '7-day'} frequency ${freq.toFixed(1)}${band}.`);
  }
  const cpm = num(e.relativeCpmChange);
  if (cpm !== null) lines.push(`CPM relative to the account's CPM: ${signed(cpm)} since launch (an auction-wide rise cancels out).`);
  const reach = num(e.reachShareChange);
  if (reach !== null) lines.push(`Share of new reach: ${signed(reach)} since launch.`);
  if (f.onsetDay) lines.push(`Onset: ${f.onsetDay}.`);
  if (f.daysToCritical !== null) lines.push(f.daysToCritical <= 0 ? 'CTR is already at half its baseline or below.' : `At this trend CTR reaches half its baseline in about ${Math.ceil(f.daysToCritical)} day(s).`);
  return lines;
}

export interface ChartRow {
  day: string;
  ctr: number | null;
  frequency: number | null;
  cpm: number | null;
  accountCpm: number | null;
}

/** CTR in percent; CPM in major units per 1,000 impressions. */
export function chartRows(ad: FatigueAd, currencyOffset: number): ChartRow[] {
  return ad.series.map((d) => ({
    day: d.day,
    ctr: d.ctr === null ? null : d.ctr * 100,
    frequency: d.frequency,
    cpm: d.cpm === null ? null : d.cpm / currencyOffset,
    accountCpm: d.accountCpm === null ? null : d.accountCpm / currencyOffset,
  }));
}
