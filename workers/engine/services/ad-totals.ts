// Lifetime totals per ad (spend, clicks, impressions, CTR) over the whole metrics table. This is
// the hot aggregate behind tables of ads: shaped for speed, measured in bench/ad-totals.bench.ts.
//  - spend is summed as float8: sum(bigint) accumulates in numeric, ~2× slower here; every value
//    and partial sum is an integer far below 2^53, so the float8 sum is exact;
//  - the result comes back as four arrays in one row, not 10,000 row objects.
import type { Database } from '../db';

export interface AdTotals {
  adKey: Int32Array;
  spend: Float64Array;
  clicks: Float64Array;
  impressions: Float64Array;
  ctr: Float64Array;
}

export async function readAdTotals(db: Pick<Database, 'query'>): Promise<AdTotals> {
  const res = await db.query<{ k: number[] | null; s: number[] | null; c: number[] | null; i: number[] | null }>(
    `select array_agg(ad_key) as k, array_agg(s) as s, array_agg(c) as c, array_agg(i) as i
       from (select ad_key, sum(spend::float8) as s, sum(clicks)::float8 as c, sum(impressions)::float8 as i
               from ad_daily_metrics group by ad_key) t`,
  );
  const row = res.rows[0];
  const adKey = Int32Array.from(row?.k ?? []);
  const impressions = Float64Array.from(row?.i ?? []);
  const clicks = Float64Array.from(row?.c ?? []);
  const ctr = new Float64Array(adKey.length);
  for (let j = 0; j < ctr.length; j++) ctr[j] = impressions[j]! > 0 ? clicks[j]! / impressions[j]! : 0;
  return { adKey, spend: Float64Array.from(row?.s ?? []), clicks, impressions, ctr };
}
