// Reads what a full fatigue scan needs in one aggregate: per ad, its days in order as one string
// built by Postgres (string_agg … order by day), parsed here straight into typed columns. No JS
// object per daily row: on 900k rows PGlite spends ~10 s materialising row objects, while one
// string per ad costs ~1.6 s (int[] arrays via array_agg ~2 s; binary COPY or bytea more). The
// account's daily CPM (the reference for the ad's CPM drift) is summed from the same columns.
import { AUDIENCE_CODE, dayNumber, type AudienceType } from '../../../domain/fatigue';
import type { Database } from '../../db';

export interface ScanData {
  /** Day number (days since 1970-01-01) of grid index 0. */
  origin: number;
  dayCount: number;
  adIds: string[];
  audiences: AudienceType[];
  accountIds: string[];
  /** Ad i's account as an index into accountIds. */
  account: Int32Array;
  audience: Uint8Array;
  offsets: Int32Array;
  day: Int32Array;
  impressions: Float64Array;
  clicks: Float64Array;
  spend: Float64Array;
  reach: Float64Array;
  /** accountIds.length × dayCount, minor units per 1,000 impressions; NaN where nothing delivered. */
  accountCpm: Float64Array;
}

type Tx = Pick<Database, 'query'>;

export async function readScanData(db: Tx): Promise<ScanData | null> {
  const range = await db.query<{ lo: string | null; hi: string | null }>(
    `select min(day)::text as lo, max(day)::text as hi from ad_daily_metrics`,
  );
  const lo = range.rows[0]?.lo;
  const hi = range.rows[0]?.hi;
  if (!lo || !hi) return null;
  const origin = dayNumber(lo);
  const dayCount = dayNumber(hi) - origin + 1;
  const res = await db.query<{ id: string; account_id: string; audience_type: AudienceType; n: number; v: string }>(
    `select a.id, a.account_id, s.audience_type, x.n, x.v
       from (select ad_key, count(*)::int as n,
                    string_agg((day - $1::date) || ' ' || impressions || ' ' || clicks || ' ' || spend || ' ' || reach, ' ' order by day) as v
               from ad_daily_metrics group by ad_key) x
       join ads a on a.key = x.ad_key
       join ad_sets s on s.id = a.ad_set_id
      where a.status <> 'DELETED'`,
    [lo],
  );
  const nAds = res.rows.length;
  let rows = 0;
  for (const r of res.rows) rows += r.n;
  const offsets = new Int32Array(nAds + 1);
  const day = new Int32Array(rows);
  const impressions = new Float64Array(rows);
  const clicks = new Float64Array(rows);
  const spend = new Float64Array(rows);
  const reach = new Float64Array(rows);
  const cols = [impressions, clicks, spend, reach];
  const adIds: string[] = new Array(nAds);
  const audiences: AudienceType[] = new Array(nAds);
  const audience = new Uint8Array(nAds);
  const account = new Int32Array(nAds);
  const accountIds: string[] = [];
  const accountIndex = new Map<string, number>();
  let r = 0;
  for (let i = 0; i < nAds; i++) {
    const row = res.rows[i]!;
    offsets[i] = r;
    adIds[i] = row.id;
    audiences[i] = row.audience_type;
    audience[i] = AUDIENCE_CODE[row.audience_type] ?? 0;
    let a = accountIndex.get(row.account_id);
    if (a === undefined) {
      a = accountIds.length;
      accountIds.push(row.account_id);
      accountIndex.set(row.account_id, a);
    }
    account[i] = a;
    // "d i c s r d i c s r …": non-negative integers separated by single spaces.
    const s = row.v;
    let field = 0;
    let acc = 0;
    for (let k = 0, len = s.length; k <= len; k++) {
      const ch = k < len ? s.charCodeAt(k) : 32;
      if (ch !== 32) {
        acc = acc * 10 + (ch - 48);
        continue;
      }
      if (field === 0) day[r] = acc;
      else cols[field - 1]![r] = acc;
      acc = 0;
      if (++field === 5) {
        field = 0;
        r++;
      }
    }
  }
  offsets[nAds] = r;
  const accountCpm = accountCpmFrom(account, accountIds.length, dayCount, offsets, day, impressions, spend);
  return { origin, dayCount, adIds, audiences, accountIds, account, audience, offsets, day, impressions, clicks, spend, reach, accountCpm };
}

/** The account's CPM per day from every ad's rows: Σspend × 1000 ÷ Σimpressions. */
export function accountCpmFrom(
  account: Int32Array,
  nAccounts: number,
  dayCount: number,
  offsets: Int32Array,
  day: Int32Array,
  impressions: Float64Array,
  spend: Float64Array,
): Float64Array {
  const sumSpend = new Float64Array(nAccounts * dayCount);
  const sumImp = new Float64Array(nAccounts * dayCount);
  for (let i = 0; i < account.length; i++) {
    const base = account[i]! * dayCount;
    for (let r = offsets[i]!; r < offsets[i + 1]!; r++) {
      const k = base + day[r]!;
      sumSpend[k] = sumSpend[k]! + spend[r]!;
      sumImp[k] = sumImp[k]! + impressions[r]!;
    }
  }
  const cpm = new Float64Array(nAccounts * dayCount);
  for (let k = 0; k < cpm.length; k++) cpm[k] = sumImp[k]! > 0 ? (sumSpend[k]! * 1000) / sumImp[k]! : NaN;
  return cpm;
}
