// The prototype's fatigue rules (DOMAIN.md §2), given the benefit of the doubt: its history is
// sorted here (the prototype compared [−1] with [−3] on unsorted rows). Per ad as of day `asOf`:
// CTR of the last day more than 20 % below the day two before → FATIGUING; daily frequency > 3.5
// → SATURATED; CPM +50 % over the same two days → AUDIENCE_EXHAUSTED; impressions grew < 10 %
// over 7 days → FATIGUING.
import type { FatigueBatchInput } from '../../../workers/domain/fatigue';

export function prototypeFlags(c: FatigueBatchInput, asOf: number): Uint8Array {
  const nAds = c.offsets.length - 1;
  const out = new Uint8Array(nAds);
  for (let i = 0; i < nAds; i++) {
    let e = c.offsets[i + 1]!;
    const s = c.offsets[i]!;
    while (e > s && c.day[e - 1]! > asOf) e--;
    if (e - s < 3) continue;
    const last = e - 1;
    const prev = e - 3;
    const ctr = (r: number) => (c.impressions[r]! > 0 ? c.clicks[r]! / c.impressions[r]! : 0);
    const cpm = (r: number) => (c.impressions[r]! > 0 ? c.spend[r]! / c.impressions[r]! : 0);
    const freq = c.reach[last]! > 0 ? c.impressions[last]! / c.reach[last]! : 0;
    let flag = ctr(prev) > 0 && ctr(last) < 0.8 * ctr(prev);
    flag ||= freq > 3.5;
    flag ||= cpm(prev) > 0 && cpm(last) > 1.5 * cpm(prev);
    if (e - s >= 7) flag ||= c.impressions[last]! < 1.1 * c.impressions[e - 7]!;
    out[i] = flag ? 1 : 0;
  }
  return out;
}
