// Reads what a full fatigue scan needs: every daily row of every ad as binary columns, parsed here
// straight into typed arrays. PGlite's slow part is per-row work inside Postgres (a JS object per
// row costs ~10 s on 900k rows; text formatting of numbers ~2.8 s), so each column is sent as one
// bytea: `string_agg(int4send(x), '')` per column over one group, shipped with binary COPY to
// PGlite's /dev/blob — no text, no hex, no per-row JS value. Ad key and day share one int4 when
// they fit (key × 65536 + day). Measured against the earlier single packed bytea per row (four
// sends, shifts and three concatenations per row, grouped by ad_key >> 10) this is ~30 % less
// Postgres CPU: fewer function calls per row and no hash aggregate. All aggregates advance on the
// same input row, so position k of every column is the same row. The rows arrive in storage
// order; they are placed per ad here and sorted by day where an ad's rows are out of order (after
// a sync updated old days, say). The account's daily CPM (the reference for the ad's CPM drift)
// is summed from the same columns.
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

export interface ReadOptions {
  /**
   * Most rows one aggregate group may hold. A bytea (and a COPY row) cannot pass 1 GB, so past
   * this the rows are split into groups by ad_key modulo a bucket count. Tests lower it to cover
   * the split path.
   */
  maxRowsPerGroup?: number;
  /** false: never pack ad key and day into one column (tests cover the unpacked path with it). */
  packKeyAndDay?: boolean;
}

/** 28 bytes a row over all columns; 16M rows is ~450 MB of COPY row, well under the 1 GB limit. */
const MAX_ROWS_PER_GROUP = 16_000_000;
/** A heap row of ad_daily_metrics takes more than this many bytes (header, 12 columns, line pointer): bounds the row count from the table size. */
const MIN_HEAP_BYTES_PER_ROW = 64;
/** date_send counts days from 2000-01-01; the detector from 1970-01-01. */
const PG_EPOCH_DAY = 10_957;

/** What decides the read's shape: the table's size, and the ranges of ad keys and days (both by index). */
export interface DailyBounds {
  bytes: number;
  minKey: number | null;
  maxKey: number | null;
  /** Days since 2000-01-01 of the first and last daily row. */
  firstDay: number | null;
  lastDay: number | null;
}

/**
 * Whether ad key and day fit one int4 as key × 65536 + day (days since 2000-01-01): keys below
 * 32,768 and days from 2000 to 2179. Then one column carries both, which saves Postgres one
 * send and one aggregate step per row (~10 % of the read); otherwise they go as two columns.
 */
export function canPackKeyAndDay(b: DailyBounds): boolean {
  return b.minKey !== null && b.maxKey !== null && b.firstDay !== null && b.lastDay !== null && b.minKey >= 0 && b.maxKey < 32_768 && b.firstDay >= 0 && b.lastDay < 65_536;
}

const columnBytes = (packed: boolean): number[] => (packed ? [4, 4, 4, 8, 4] : [4, 4, 4, 4, 8, 4]);

/**
 * The daily rows as bytea columns, one output row per group (one group unless the table is huge):
 * ad key and day (packed into one int4, or two), impressions, clicks, spend (int8), reach.
 */
export function dailyColumnsCopy(groups: number, packed = false): string {
  const agg = (expr: string) => `string_agg(${expr}, ''::bytea)`;
  const keyAndDay = packed ? [agg(`int4send(ad_key * 65536 + (day - date '2000-01-01'))`)] : [agg('int4send(ad_key)'), agg('date_send(day)')];
  const cols = [...keyAndDay, agg('int4send(impressions)'), agg('int4send(clicks)'), agg('int8send(spend)'), agg('int4send(reach)')];
  // Group count is an integer we computed, never input: safe to inline (COPY takes no parameters).
  const groupBy = groups > 1 ? ` group by ad_key % ${Math.floor(groups)}` : '';
  return `copy (select ${cols.join(', ')} from ad_daily_metrics${groupBy}) to '/dev/blob' with (format binary)`;
}

/** The rows of a binary COPY stream with `fields` columns each, as views on its buffer (null for NULL). */
export function binaryCopyRows(buf: ArrayBuffer, fields: number): Array<Array<Uint8Array | null>> {
  const dv = new DataView(buf);
  const out: Array<Array<Uint8Array | null>> = [];
  if (buf.byteLength < 19) throw new Error(`binary COPY stream too short (${buf.byteLength} bytes)`);
  let o = 19 + dv.getInt32(15); // signature (11) + flags (4) + header extension length (4) + extension
  for (;;) {
    const n = dv.getInt16(o);
    o += 2;
    if (n === -1) return out;
    if (n !== fields) throw new Error(`binary COPY: expected ${fields} fields per row, got ${n}`);
    const row: Array<Uint8Array | null> = [];
    for (let f = 0; f < n; f++) {
      const len = dv.getInt32(o);
      o += 4;
      if (len < 0) {
        row.push(null);
        continue;
      }
      row.push(new Uint8Array(buf, o, len));
      o += len;
    }
    out.push(row);
  }
}

/** Big-endian int4 values as an Int32Array: copied once into an aligned buffer, bytes swapped in place by Node's native swap32 (~10× a JS loop). */
export function int32BigEndian(bytes: Uint8Array): Int32Array {
  const aligned = Buffer.allocUnsafeSlow(bytes.byteLength);
  aligned.set(bytes);
  aligned.swap32();
  return new Int32Array(aligned.buffer, aligned.byteOffset, bytes.byteLength >> 2);
}

interface DailyColumns {
  key: Int32Array;
  /** Days since 2000-01-01 (as date_send writes them). */
  day: Int32Array;
  impressions: Int32Array;
  clicks: Int32Array;
  /** Each int8 as two int32 words, high first. */
  spendWords: Int32Array;
  reach: Int32Array;
}

const BOUNDS = `select pg_relation_size('ad_daily_metrics') as bytes,
                        (select min(key) from ads) as min_key, (select max(key) from ads) as max_key,
                        (select min(day) - date '2000-01-01' from ad_daily_metrics) as first_day,
                        (select max(day) - date '2000-01-01' from ad_daily_metrics) as last_day`;

async function readDailyColumns(db: Pick<Database, 'transaction'>, opts: ReadOptions): Promise<DailyColumns> {
  // Bounds and COPY in one transaction: PGlite runs nothing else in between, so no ad or day
  // outside the bounds can appear before the COPY (a key past 32,767 would make the packed int4
  // overflow, which Postgres refuses rather than wraps).
  const { packed, buf } = await db.transaction(async (tx) => {
    const r = (await tx.query<Record<string, string | number | null>>(BOUNDS)).rows[0] ?? {};
    const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    const bounds: DailyBounds = { bytes: num(r.bytes) ?? 0, minKey: num(r.min_key), maxKey: num(r.max_key), firstDay: num(r.first_day), lastDay: num(r.last_day) };
    const groups = Math.max(1, Math.ceil(bounds.bytes / MIN_HEAP_BYTES_PER_ROW / (opts.maxRowsPerGroup ?? MAX_ROWS_PER_GROUP)));
    const pack = opts.packKeyAndDay !== false && canPackKeyAndDay(bounds);
    const copied = await tx.query(dailyColumnsCopy(groups, pack));
    return { packed: pack, buf: copied.blob ? await copied.blob.arrayBuffer() : null };
  });
  const widths = columnBytes(packed);
  const rows = buf ? binaryCopyRows(buf, widths.length) : [];
  // Concatenate each column over the groups (one group: a single copy).
  const parts: Uint8Array[][] = widths.map(() => []);
  let total = 0;
  for (const row of rows) {
    if (row[0] === null) continue; // no rows at all: one group of NULLs
    const n = row[0]!.byteLength / 4;
    row.forEach((field, c) => {
      if (field === null || field.byteLength !== n * widths[c]!) {
        throw new Error(`daily columns: column ${c} has ${field?.byteLength ?? 'no'} bytes for ${n} rows`);
      }
      parts[c]!.push(field);
    });
    total += n;
  }
  const joined = parts.map((p, c) => {
    if (p.length === 1) return p[0]!;
    const out = new Uint8Array(total * widths[c]!);
    let o = 0;
    for (const x of p) {
      out.set(x, o);
      o += x.byteLength;
    }
    return out;
  });
  const [key, day] = packed ? unpackKeyAndDay(int32BigEndian(joined[0]!)) : [int32BigEndian(joined[0]!), int32BigEndian(joined[1]!)];
  const k = packed ? 1 : 2;
  return {
    key,
    day,
    impressions: int32BigEndian(joined[k]!),
    clicks: int32BigEndian(joined[k + 1]!),
    spendWords: int32BigEndian(joined[k + 2]!),
    reach: int32BigEndian(joined[k + 3]!),
  };
}

/** key × 65536 + day → [key, day]; the day is written over the packed values in place. */
function unpackKeyAndDay(packed: Int32Array): [Int32Array, Int32Array] {
  const key = new Int32Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const v = packed[i]!;
    key[i] = v >>> 16;
    packed[i] = v & 0xffff;
  }
  return [key, packed];
}

export async function readScanData(db: Pick<Database, 'query' | 'transaction'>, opts: ReadOptions = {}): Promise<ScanData | null> {
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
  const cols = await readDailyColumns(db, opts);
  const total = cols.key.length;
  if (total === 0) return null;

  // Pass 1: each row's candidate ad, each candidate's row count, and the day range (over every
  // row, as the scan's calendar). Small functions over typed arrays: V8 optimises them whole.
  const rowAd = candidateOfRows(cols.key, candidates.map((c) => c.key)); // -1 for a deleted ad
  const counts = countPer(rowAd, candidates.length);
  const [lo, hi] = range(cols.day);
  const origin = lo + PG_EPOCH_DAY;
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

  // Pass 2: each row into its ad's segment, in arrival order. The columns live in shared memory:
  // the pool threads read their chunk in place instead of getting a copy of ~30 MB per scan.
  const day = new Int32Array(new SharedArrayBuffer(rows * 4));
  const impressions = sharedFloat64(rows);
  const clicks = sharedFloat64(rows);
  const spend = sharedFloat64(rows);
  const reach = sharedFloat64(rows);
  // lo is in date_send's days, as cols.day: the grid index is the difference.
  scatter(cols, rowTargets(rowAd, slot, offsets), lo, { day, impressions, clicks, spend, reach });
  sortSegmentsByDay(offsets, day, [impressions, clicks, spend, reach]);
  const accountCpm = accountCpmFrom(account, accountIds.length, dayCount, offsets, day, impressions, spend);
  return { origin, dayCount, adIds, audiences, accountIds, account, audience, offsets, day, impressions, clicks, spend, reach, accountCpm };
}

const sharedFloat64 = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));

/** Each row's index among the candidate ads by its ad key, -1 where the key is not a candidate. */
export function candidateOfRows(keys: Int32Array, candidateKeys: number[]): Int32Array {
  const out = new Int32Array(keys.length);
  let maxKey = 0;
  for (const k of candidateKeys) if (k > maxKey) maxKey = k;
  // Ad keys come from a serial, so a dense table is small; a Map serves if they are sparse.
  if (maxKey <= 4 * candidateKeys.length + 1_000_000) {
    const byKey = new Int32Array(maxKey + 1).fill(-1);
    candidateKeys.forEach((k, i) => (byKey[k] = i));
    for (let n = 0; n < keys.length; n++) {
      const k = keys[n]!;
      out[n] = k >= 0 && k <= maxKey ? byKey[k]! : -1;
    }
    return out;
  }
  const byKey = new Map<number, number>();
  candidateKeys.forEach((k, i) => byKey.set(k, i));
  for (let n = 0; n < keys.length; n++) out[n] = byKey.get(keys[n]!) ?? -1;
  return out;
}

function countPer(rowAd: Int32Array, n: number): Int32Array {
  const counts = new Int32Array(n);
  for (let r = 0; r < rowAd.length; r++) if (rowAd[r]! >= 0) counts[rowAd[r]!]!++;
  return counts;
}

/** Each row's position in the per-ad columns (arrival order within an ad), -1 for a row of no ad. */
function rowTargets(rowAd: Int32Array, slot: Int32Array, offsets: Int32Array): Int32Array {
  const target = new Int32Array(rowAd.length);
  const cursor = offsets.slice(0, offsets.length - 1);
  for (let r = 0; r < rowAd.length; r++) target[r] = rowAd[r]! >= 0 ? cursor[slot[rowAd[r]!]!]!++ : -1;
  return target;
}

function range(xs: Int32Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Row n of the arrival-order columns to position target[n] of the per-ad columns (skipped where -1); days become grid indexes from `firstDay`. */
function scatter(
  cols: DailyColumns,
  target: Int32Array,
  firstDay: number,
  out: { day: Int32Array; impressions: Float64Array; clicks: Float64Array; spend: Float64Array; reach: Float64Array },
): void {
  const { day, impressions, clicks, spendWords, reach } = cols;
  for (let n = 0; n < target.length; n++) {
    const r = target[n]!;
    if (r < 0) continue;
    out.day[r] = day[n]! - firstDay;
    out.impressions[r] = impressions[n]!;
    out.clicks[r] = clicks[n]!;
    // spend >= 0 by the table's check: the high word is the unsigned multiple of 2^32.
    out.spend[r] = (spendWords[2 * n]! >>> 0) * 4294967296 + (spendWords[2 * n + 1]! >>> 0);
    out.reach[r] = reach[n]!;
  }
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
