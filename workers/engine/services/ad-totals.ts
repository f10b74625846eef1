// Lifetime totals per ad (spend, clicks, impressions, CTR): the hot read behind tables of ads.
// They come from ad_lifetime_totals, which statement triggers keep in step with
// ad_daily_metrics (migrations/0012), so reading them costs 10k rows, not a GROUP BY over ~900k.
// `aggregateAdTotals` computes the same from the daily rows; tests hold the two equal and the
// bench (bench/simulator-load.bench.ts) reports both.
//  - the result comes back as four arrays in one row, not 10,000 row objects;
//  - sums travel as float8: every total is an integer far below 2^53, so the values are exact.
import type { Database } from '../db';

export interface AdTotals {
  adKey: Int32Array;
  spend: Float64Array;
  clicks: Float64Array;
  impressions: Float64Array;
  ctr: Float64Array;
}

type Columns = { k: number[] | null; s: number[] | null; c: number[] | null; i: number[] | null };

export async function readAdTotals(db: Pick<Database, 'query'>): Promise<AdTotals> {
  const res = await db.query<Columns>(
    `select array_agg(ad_key) as k, array_agg(spend::float8) as s, array_agg(clicks::float8) as c,
            array_agg(impressions::float8) as i
       from ad_lifetime_totals where days > 0`,
  );
  return toTotals(res.rows[0]);
}

/** The same totals straight from the daily rows (the reference; ~40× slower on 900k rows). */
export async function aggregateAdTotals(db: Pick<Database, 'query'>): Promise<AdTotals> {
  // sum(spend::float8): sum(bigint) accumulates in numeric, ~2× slower, and is exact here anyway.
  const res = await db.query<Columns>(
    `select array_agg(ad_key) as k, array_agg(s) as s, array_agg(c) as c, array_agg(i) as i
       from (select ad_key, sum(spend::float8) as s, sum(clicks)::float8 as c, sum(impressions)::float8 as i
               from ad_daily_metrics group by ad_key) t`,
  );
  return toTotals(res.rows[0]);
}

function toTotals(row: Columns | undefined): AdTotals {
  const adKey = Int32Array.from(row?.k ?? []);
  const impressions = Float64Array.from(row?.i ?? []);
  const clicks = Float64Array.from(row?.c ?? []);
  const ctr = new Float64Array(adKey.length);
  for (let j = 0; j < ctr.length; j++) ctr[j] = impressions[j]! > 0 ? clicks[j]! / impressions[j]! : 0;
  return { adKey, spend: Float64Array.from(row?.s ?? []), clicks, impressions, ctr };
}
