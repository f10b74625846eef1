import { describe, expect, it } from 'vitest';
import { AUDIENCE_CODE, STATUSES, dayNumber, detectFatigue, detectFatigueBatch, findingAt, type AdDay } from '../../workers/domain/fatigue';
import { createRng } from '../../workers/domain/math/random';
import { START, accountCpm, buildAd, dayAt } from './fatigue-fixtures';

const DAYS = 40;

function pack(ads: AdDay[][], accounts: number[]) {
  const n = ads.reduce((s, a) => s + a.length, 0);
  const offsets = new Int32Array(ads.length + 1);
  const day = new Int32Array(n);
  const impressions = new Int32Array(n);
  const clicks = new Int32Array(n);
  const spend = new Float64Array(n);
  const reach = new Int32Array(n);
  let r = 0;
  ads.forEach((rows, i) => {
    offsets[i] = r;
    for (const row of rows) {
      day[r] = dayNumber(row.day) - dayNumber(START);
      impressions[r] = row.impressions;
      clicks[r] = row.clicks;
      spend[r] = row.spend;
      reach[r] = row.reach;
      r++;
    }
  });
  offsets[ads.length] = r;
  return { offsets, day, impressions, clicks, spend, reach, audience: new Uint8Array(ads.length).fill(AUDIENCE_CODE.cold), account: Int32Array.from(accounts) };
}

describe('detectFatigueBatch', () => {
  const flat = (d: number) => (d < 20 ? 1_000 : 1_000 * (1 + 0.04 * (d - 19)));
  const rising = flat;
  const ads = [
    buildAd({ days: DAYS, rng: createRng(1) }),
    buildAd({ days: DAYS, ctr: (d) => (d < 25 ? 0.015 : 0.009), rng: createRng(2) }),
    buildAd({ days: DAYS, impressions: () => 50 }),
    // The same CPM rise, in an account whose CPM rose too (account 1) and in a flat one (account 0).
    buildAd({ days: DAYS, cpm: rising, dailyFrequency: (d) => (d < 20 ? 1.2 : 1.2 + 0.05 * (d - 19)) }),
    buildAd({ days: DAYS, cpm: rising, dailyFrequency: (d) => (d < 20 ? 1.2 : 1.2 + 0.05 * (d - 19)) }),
  ];
  const accounts = [0, 0, 0, 1, 0];
  const cpm = new Float64Array(2 * DAYS);
  for (let d = 0; d < DAYS; d++) {
    cpm[d] = 1_000;
    cpm[DAYS + d] = flat(d);
  }

  it('matches the per-ad detector, with one CPM series per account', () => {
    const result = detectFatigueBatch(pack(ads, accounts), cpm, { dayCount: DAYS });
    expect([...result.status].map((s) => STATUSES[s])).toEqual(['HEALTHY', 'FATIGUING', 'WARMING', 'HEALTHY', 'AUDIENCE_EXHAUSTED']);
    ads.forEach((history, i) => {
      const single = detectFatigue({
        history,
        audience: 'cold',
        accountCpm: accountCpm(DAYS, accounts[i] === 1 ? flat : () => 1_000),
        asOf: dayAt(DAYS - 1),
      });
      expect(findingAt(result, i, dayNumber(START), 'cold')).toEqual(single);
    });
  });

  it('evaluates as of an earlier day without the later rows', () => {
    const result = detectFatigueBatch(pack(ads, accounts), cpm, { dayCount: DAYS, asOf: 24 });
    expect(STATUSES[result.status[1]!]).toBe('HEALTHY');
  });

  it('refuses rows that are not one per day in ascending order (the SQL must order them)', () => {
    const packed = pack([buildAd({ days: DAYS })], [0]);
    [packed.day[3], packed.day[4]] = [packed.day[4]!, packed.day[3]!];
    expect(() => detectFatigueBatch(packed, cpm, { dayCount: DAYS })).toThrow(/unsorted or duplicate/);
  });
});
