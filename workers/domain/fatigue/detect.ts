// The detector for one ad from its raw daily rows: cleans the history (restated days, order,
// days after the as-of day), packs it into the batch's columns and runs the same code.
import { detectFatigueBatch } from './batch';
import { dayNumber } from './days';
import { findingAt } from './finding';
import { AUDIENCE_CODE, type AccountCpmDay, type AdDay, type AudienceType, type FatigueFinding, type PartialFatigueSettings } from './types';

export interface DetectFatigueInput {
  history: readonly AdDay[];
  audience: AudienceType;
  accountCpm: readonly AccountCpmDay[];
  /** YYYY-MM-DD: the day the scan evaluates as of; later rows are ignored. */
  asOf: string;
  settings?: PartialFatigueSettings;
}

function fetchedMs(v: string | number | undefined): number {
  if (v === undefined) return NaN;
  return typeof v === 'number' ? v : Date.parse(v);
}

/**
 * One row per day, ascending, none after asOf. A day reported twice (Meta restates recent days)
 * keeps the LATEST write: the larger fetchedAt when both rows carry one, otherwise the row that
 * comes later in the input (the order the sync wrote them).
 */
export function cleanHistory(history: readonly AdDay[], asOf: number): { day: number; row: AdDay }[] {
  const byDay = new Map<number, { row: AdDay; at: number }>();
  for (const row of history) {
    const d = dayNumber(row.day);
    if (d > asOf) continue;
    const at = fetchedMs(row.fetchedAt);
    const prev = byDay.get(d);
    if (prev && !Number.isNaN(prev.at) && !Number.isNaN(at) && at < prev.at) continue;
    byDay.set(d, { row, at });
  }
  return [...byDay].map(([day, v]) => ({ day, row: v.row })).sort((a, b) => a.day - b.day);
}

export function detectFatigue(input: DetectFatigueInput): FatigueFinding {
  const asOf = dayNumber(input.asOf);
  const rows = cleanHistory(input.history, asOf);
  const origin = rows.length > 0 ? rows[0]!.day : asOf;
  const dayCount = asOf - origin + 1;
  const n = rows.length;
  const day = new Int32Array(n);
  const impressions = new Float64Array(n);
  const clicks = new Float64Array(n);
  const spend = new Float64Array(n);
  const reach = new Float64Array(n);
  const cumulativeReach = new Float64Array(n).fill(NaN);
  let hasCum = false;
  rows.forEach(({ day: d, row }, k) => {
    day[k] = d - origin;
    impressions[k] = row.impressions;
    clicks[k] = row.clicks;
    spend[k] = row.spend;
    reach[k] = row.reach > 0 ? row.reach : row.frequency && row.frequency > 0 ? Math.round(row.impressions / row.frequency) : 0;
    if (row.cumulativeReach !== undefined && row.cumulativeReach > 0) {
      cumulativeReach[k] = row.cumulativeReach;
      hasCum = true;
    }
  });
  const cpm = new Float64Array(dayCount).fill(NaN);
  for (const { day: d, cpm: v } of input.accountCpm) {
    const k = dayNumber(d) - origin;
    if (k >= 0 && k < dayCount) cpm[k] = v;
  }
  const result = detectFatigueBatch(
    {
      offsets: Int32Array.of(0, n),
      day,
      impressions,
      clicks,
      spend,
      reach,
      cumulativeReach: hasCum ? cumulativeReach : undefined,
      audience: Uint8Array.of(AUDIENCE_CODE[input.audience]),
    },
    cpm,
    { dayCount, asOf: dayCount - 1, settings: input.settings },
  );
  return findingAt(result, 0, origin, input.audience, input.settings);
}
