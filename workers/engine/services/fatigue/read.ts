// Reads what a full fatigue scan needs: every daily row of every ad as packed binary, parsed here
// straight into typed columns. PGlite's slow part is per-row output (a JS object per row costs
// ~10 s on 900k rows; even one string per ad via string_agg cost ~2.8 s, mostly Postgres
// formatting numbers as text). So Postgres packs each row into 28 bytes with three int8send and
// one int4send, concatenates them into one bytea per 1,024 ads (bounded: a single bytea may not
// pass 1 GB), and ships those few rows with binary COPY to PGlite's /dev/blob — no text, no hex,
// no per-row JS value. The rows arrive in storage order; they are placed per ad here and sorted by
// day where an ad's rows are out of order (after a sync updated old days, say). The account's
// daily CPM (the reference for the ad's CPM drift) is summed from the same columns.
import { AUDIENCE_CODE, type AudienceType } from '../../../domain/fatigue';
import { parseCopyText } from '../../copy-binary';
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

/** Bytes per packed daily row: int8 (ad_key << 32 | day number), int8 (impressions << 32 | clicks), int8 spend, int4 reach. */
export const PACKED_ROW_BYTES = 28;

// COPY takes no bind parameters, and none are needed: every value is a column. The low word of
// the first int8 is the day number as a two's-complement int32 (masked so a pre-1970 day cannot
// spill into the key); impressions and clicks are non-negative int4 by the table's checks.
const PACKED_COPY = `copy (
  select string_agg(int8send((ad_key::int8 << 32) | ((day - date '1970-01-01')::int8 & 4294967295))
                    || int8send((impressions::int8 << 32) | clicks) || int8send(spend) || int4send(reach), ''::bytea)
    from ad_daily_metrics group by ad_key >> 10
) to '/dev/blob' with (format binary)`;

/** The packed rows' bytea values out of a one-column binary COPY stream, as views on its buffer. */
export function binaryCopyByteas(buf: ArrayBuffer): Uint8Array[] {
  const dv = new DataView(buf);
  const out: Uint8Array[] = [];
  if (buf.byteLength < 19) throw new Error(`binary COPY stream too short (${buf.byteLength} bytes)`);
  let o = 19 + dv.getInt32(15); // signature (11) + flags (4) + header extension length (4) + extension
  for (;;) {
    const fields = dv.getInt16(o);
    o += 2;
    if (fields === -1) return out;
    if (fields !== 1) throw new Error(`binary COPY: expected 1 field per row, got ${fields}`);
    const len = dv.getInt32(o);
    o += 4;
    if (len < 0) continue; // NULL
    out.push(new Uint8Array(buf, o, len));
    o += len;
  }
}

export async function readScanData(db: Tx): Promise<ScanData | null> {
  // The ads as COPY text too: 10,000 result rows as JS objects cost ~5× the same rows split here.
  const adsCopy = await db.query(
    `copy (select a.key, a.id, a.account_id, s.audience_type
             from ads a join ad_sets s on s.id = a.ad_set_id
            where a.status <> 'DELETED'
            order by a.key) to '/dev/blob'`,
  );
  const candidates = parseCopyText(adsCopy.blob ? await adsCopy.blob.text() : '').map(([key, id, accountId, audienceType]) => ({
    key: Number(key),
    id: id!,
    account_id: accountId!,
    audience_type: audienceType as AudienceType,
  }));
  const copied = await db.query(PACKED_COPY);
  const chunks = copied.blob ? binaryCopyByteas(await copied.blob.arrayBuffer()) : [];
  let total = 0;
  for (const c of chunks) {
    if (c.byteLength % PACKED_ROW_BYTES !== 0) throw new Error(`packed daily rows: ${c.byteLength} bytes is not a multiple of ${PACKED_ROW_BYTES}`);
    total += c.byteLength / PACKED_ROW_BYTES;
  }
  if (total === 0) return null;

  // Pass 1: the day range (over every row, as the scan's calendar) and each candidate ad's row count.
  const indexByKey = new Map<number, number>();
  for (let i = 0; i < candidates.length; i++) indexByKey.set(Number(candidates[i]!.key), i);
  const rowAd = new Int32Array(total); // candidate index of each row, -1 for a deleted ad
  const counts = new Int32Array(candidates.length);
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  let lastKey = -1;
  let lastIdx = -1;
  for (const c of chunks) {
    const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
    for (let o = 0; o < c.byteLength; o += PACKED_ROW_BYTES, n++) {
      const key = dv.getInt32(o);
      const d = dv.getInt32(o + 4);
      if (d < lo) lo = d;
      if (d > hi) hi = d;
      if (key !== lastKey) {
        lastKey = key;
        lastIdx = indexByKey.get(key) ?? -1;
      }
      rowAd[n] = lastIdx;
      if (lastIdx >= 0) counts[lastIdx]!++;
    }
  }
  const origin = lo;
  const dayCount = hi - lo + 1;

  // The ads with at least one row, in key order, and where each one's rows start.
  const slot = new Int32Array(candidates.length).fill(-1);
  const adIds: string[] = [];
  const audiences: AudienceType[] = [];
  const accountIds: string[] = [];
  const accountIndex = new Map<string, number>();
  const accountOf: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    if (counts[i] === 0) continue;
    const row = candidates[i]!;
    slot[i] = adIds.length;
    adIds.push(row.id);
    audiences.push(row.audience_type);
    let a = accountIndex.get(row.account_id);
    if (a === undefined) {
      a = accountIds.length;
      accountIds.push(row.account_id);
      accountIndex.set(row.account_id, a);
    }
    accountOf.push(a);
  }
  const nAds = adIds.length;
  const audience = new Uint8Array(nAds);
  const account = Int32Array.from(accountOf);
  for (let i = 0; i < nAds; i++) audience[i] = AUDIENCE_CODE[audiences[i]!] ?? 0;
  const offsets = new Int32Array(nAds + 1);
  for (let i = 0; i < candidates.length; i++) if (slot[i]! >= 0) offsets[slot[i]! + 1] = counts[i]!;
  for (let i = 0; i < nAds; i++) offsets[i + 1] = offsets[i + 1]! + offsets[i]!;
  const rows = offsets[nAds]!;

  // Pass 2: each row into its ad's segment, in arrival order.
  const day = new Int32Array(rows);
  const impressions = new Float64Array(rows);
  const clicks = new Float64Array(rows);
  const spend = new Float64Array(rows);
  const reach = new Float64Array(rows);
  const cursor = offsets.slice(0, nAds);
  n = 0;
  for (const c of chunks) {
    const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
    for (let o = 0; o < c.byteLength; o += PACKED_ROW_BYTES, n++) {
      const cand = rowAd[n]!;
      if (cand < 0) continue;
      const r = cursor[slot[cand]!]!++;
      day[r] = dv.getInt32(o + 4) - origin;
      impressions[r] = dv.getUint32(o + 8);
      clicks[r] = dv.getUint32(o + 12);
      spend[r] = dv.getUint32(o + 16) * 4294967296 + dv.getUint32(o + 20);
      reach[r] = dv.getInt32(o + 24);
    }
  }
  sortSegmentsByDay(offsets, day, [impressions, clicks, spend, reach]);
  const accountCpm = accountCpmFrom(account, accountIds.length, dayCount, offsets, day, impressions, spend);
  return { origin, dayCount, adIds, audiences, accountIds, account, audience, offsets, day, impressions, clicks, spend, reach, accountCpm };
}

/**
 * Puts each ad's rows in day order. They usually arrive in order already (the table is loaded day
 * by day per ad), so this is one comparison per row; an out-of-order segment gets an insertion
 * sort, which is cheap on a few hundred mostly ordered days.
 */
export function sortSegmentsByDay(offsets: Int32Array, day: Int32Array, cols: Float64Array[]): void {
  for (let i = 0; i + 1 < offsets.length; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    for (let r = from + 1; r < to; r++) {
      if (day[r]! >= day[r - 1]!) continue;
      const d = day[r]!;
      const vals = cols.map((c) => c[r]!);
      let k = r - 1;
      while (k >= from && day[k]! > d) {
        day[k + 1] = day[k]!;
        for (const c of cols) c[k + 1] = c[k]!;
        k--;
      }
      day[k + 1] = d;
      cols.forEach((c, j) => (c[k + 1] = vals[j]!));
    }
  }
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
