// The simulator's daily rows as the detector's columns (per ad, days ascending), with the
// account CPM computed by the same function the engine's scan uses.
import type { FatigueBatchInput } from '../../../workers/domain/fatigue';
import { AUDIENCE_CODE } from '../../../workers/domain/fatigue';
import { accountCpmFrom } from '../../../workers/engine/services/fatigue/read';
import type { Simulation } from '../../../workers/simulator';

export interface SimColumns {
  input: FatigueBatchInput & { account: Int32Array; impressions: Float64Array; spend: Float64Array };
  accountCpm: Float64Array;
  dayCount: number;
}

export function simColumns(sim: Simulation): SimColumns {
  const nAds = sim.ads.length;
  const m = sim.metrics;
  const offsets = new Int32Array(nAds + 1);
  for (let r = 0; r < m.count; r++) offsets[m.ad[r]! + 1]!++;
  for (let i = 0; i < nAds; i++) offsets[i + 1] = offsets[i + 1]! + offsets[i]!;
  const fill = offsets.slice(0, nAds);
  const day = new Int32Array(m.count);
  const impressions = new Float64Array(m.count);
  const clicks = new Float64Array(m.count);
  const spend = new Float64Array(m.count);
  const reach = new Float64Array(m.count);
  // Rows come day by day, so a stable placement by ad keeps each ad's days ascending.
  for (let r = 0; r < m.count; r++) {
    const k = fill[m.ad[r]!]!++;
    day[k] = m.day[r]!;
    impressions[k] = m.impressions[r]!;
    clicks[k] = m.clicks[r]!;
    spend[k] = m.spend[r]!;
    reach[k] = m.reach[r]!;
  }
  const setOf = new Map(sim.adSets.map((s) => [s.id, s]));
  const accountIndex = new Map(sim.accounts.map((a, i) => [a.id, i]));
  const audience = Uint8Array.from(sim.ads, (a) => AUDIENCE_CODE[setOf.get(a.adSetId)!.audienceType]);
  const account = Int32Array.from(sim.ads, (a) => accountIndex.get(a.accountId)!);
  const dayCount = sim.days.length;
  const accountCpm = accountCpmFrom(account, sim.accounts.length, dayCount, offsets, day, impressions, spend);
  return { input: { offsets, day, impressions, clicks, spend, reach, audience, account }, accountCpm, dayCount };
}
