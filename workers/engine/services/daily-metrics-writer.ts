// Writes daily ad metrics (ad_daily_metrics) from column arrays, for every bulk writer (the CSV
// import and the Meta sync's upsertInsights). Three paths, chosen
// by what the table already holds, all by binary COPY from an in-memory blob:
//  - the table is empty: COPY with the key and indexes rebuilt after (METRICS_CONSTRAINTS);
//  - none of these ads has rows yet: COPY straight into the table;
//  - otherwise: COPY into a temporary table, then one statement that joins it to the table once
//    and inserts the new (ad, day) rows and updates only those whose numbers differ — so a
//    re-import of unchanged data writes nothing and the counts say what changed.
// The per-ad totals (migrations/0012) follow by their statement triggers on every path.
// Runs inside the caller's transaction; rows must be unique on (adKey, day).
import type { Database } from '../db';
import { METRICS_CONSTRAINTS } from '../../simulator/load';

type Tx = Pick<Database, 'query' | 'exec'>;

export interface DailyMetricColumns {
  count: number;
  adKey: Int32Array;
  /** Days since 2000-01-01 (PostgreSQL's date epoch). */
  day: Int32Array;
  impressions: ArrayLike<number>;
  reach: ArrayLike<number>;
  frequency: ArrayLike<number>;
  clicks: ArrayLike<number>;
  /** Minor units. */
  spend: ArrayLike<number>;
  /** Conversions, when the source has them (the sync); left at their stored value otherwise. */
  conversions?: { leads: ArrayLike<number>; purchases: ArrayLike<number>; purchaseValue: ArrayLike<number> };
}

export interface DailyMetricsWrite {
  inserted: number;
  updated: number;
  path: 'empty-table' | 'new-ads' | 'merge';
}

const BASE = ['ad_key', 'day', 'impressions', 'reach', 'frequency', 'clicks', 'spend'];
const CONVERSIONS = ['leads', 'purchases', 'purchase_value'];

/**
 * PostgreSQL's binary COPY stream for the columns (signature, flags, extension; per row a field
 * count then length + big-endian value per field; -1 at the end). int8 is written as two int32
 * halves: BigInt per value made the generic encoder the slowest step of a 1M-row import.
 */
export function encodeDailyMetrics(m: DailyMetricColumns): Uint8Array<ArrayBuffer> {
  const conv = m.conversions;
  const fields = conv ? 10 : 7;
  const rowBytes = 2 + (4 + 4) * 2 + (4 + 4) * 2 + (4 + 8) + (4 + 4) + (4 + 8) + (conv ? 8 + 8 + 12 : 0);
  const buf = new ArrayBuffer(19 + m.count * rowBytes + 2);
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  u8.set([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00], 0);
  const int8 = (o: number, v: number) => {
    dv.setInt32(o, 8);
    dv.setInt32(o + 4, Math.floor(v / 4294967296));
    dv.setUint32(o + 8, v >>> 0);
  };
  let o = 19;
  for (let r = 0; r < m.count; r++) {
    dv.setInt16(o, fields);
    dv.setInt32(o + 2, 4);
    dv.setInt32(o + 6, m.adKey[r]!);
    dv.setInt32(o + 10, 4);
    dv.setInt32(o + 14, m.day[r]!);
    dv.setInt32(o + 18, 4);
    dv.setInt32(o + 22, m.impressions[r]!);
    dv.setInt32(o + 26, 4);
    dv.setInt32(o + 30, m.reach[r]!);
    dv.setInt32(o + 34, 8);
    dv.setFloat64(o + 38, m.frequency[r]!);
    dv.setInt32(o + 46, 4);
    dv.setInt32(o + 50, m.clicks[r]!);
    int8(o + 54, m.spend[r]!);
    o += 66;
    if (conv) {
      dv.setInt32(o, 4);
      dv.setInt32(o + 4, conv.leads[r]!);
      dv.setInt32(o + 8, 4);
      dv.setInt32(o + 12, conv.purchases[r]!);
      int8(o + 16, conv.purchaseValue[r]!);
      o += 28;
    }
  }
  dv.setInt16(o, -1);
  return u8;
}

export async function writeDailyMetrics(tx: Tx, m: DailyMetricColumns): Promise<DailyMetricsWrite> {
  if (m.count === 0) return { inserted: 0, updated: 0, path: 'new-ads' };
  // Memory for this write only: with the default 4 MB, a million-row merge's hash join and the
  // key rebuild's sort spill to temporary files, which cost more than the join itself here.
  const saved = (await tx.query<{ w: string; m: string }>(`select current_setting('work_mem') as w, current_setting('maintenance_work_mem') as m`)).rows[0]!;
  await tx.query(`select set_config('work_mem', '256MB', true), set_config('maintenance_work_mem', '256MB', true)`);
  // Restored on success only: after a failure the transaction is aborted and rolls the settings
  // back with everything else (a query now would only hide the real error).
  const out = await write(tx, m);
  await tx.query(`select set_config('work_mem', $1, true), set_config('maintenance_work_mem', $2, true)`, [saved.w, saved.m]);
  return out;
}

async function write(tx: Tx, m: DailyMetricColumns): Promise<DailyMetricsWrite> {
  const columns = m.conversions ? [...BASE, ...CONVERSIONS] : BASE;
  const payload = encodeDailyMetrics(m);
  const copyInto = (table: string) => tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format binary)`, [], { blob: new Blob([payload]) });

  if ((await tx.query('select 1 from ad_daily_metrics limit 1')).rows.length === 0) {
    // Building the btrees once after the load is ~6× cheaper than row by row; the rebuild still
    // refuses a duplicate or an unknown ad, failing the whole transaction.
    await tx.exec(METRICS_CONSTRAINTS.drop);
    await copyInto('ad_daily_metrics');
    await tx.exec(METRICS_CONSTRAINTS.add);
    return { inserted: m.count, updated: 0, path: 'empty-table' };
  }
  const keys = [...new Set(m.adKey)];
  if ((await tx.query('select 1 from ad_daily_metrics where ad_key = any($1::int4[]) limit 1', [keys])).rows.length === 0) {
    await copyInto('ad_daily_metrics');
    return { inserted: m.count, updated: 0, path: 'new-ads' };
  }
  await tx.exec(`create temp table if not exists daily_metrics_in (ad_key int4, day date, impressions int4, reach int4, frequency float8,
                   clicks int4, spend int8, leads int4, purchases int4, purchase_value int8) on commit delete rows;
                 truncate daily_metrics_in`);
  await copyInto('daily_metrics_in');
  const numbers = m.conversions ? ['impressions', 'reach', 'frequency', 'clicks', 'spend', ...CONVERSIONS] : ['impressions', 'reach', 'frequency', 'clicks', 'spend'];
  // One join decides every row: absent → insert, different → update, same → nothing.
  const res = await tx.query<{ inserted: number; updated: number }>(`
    with diff as (
      select i.*, m.ad_key is null as is_new
        from daily_metrics_in i left join ad_daily_metrics m on m.ad_key = i.ad_key and m.day = i.day
       where m.ad_key is null or (${numbers.map((c) => `m.${c}`).join(', ')}) is distinct from (${numbers.map((c) => `i.${c}`).join(', ')})),
    upd as (
      update ad_daily_metrics m set ${numbers.map((c) => `${c} = d.${c}`).join(', ')}, fetched_at = now()
        from diff d where not d.is_new and m.ad_key = d.ad_key and m.day = d.day
      returning 1),
    ins as (
      insert into ad_daily_metrics (${columns.join(', ')}, fetched_at)
      select ${columns.join(', ')}, now() from diff where is_new
      returning 1)
    select (select count(*) from ins)::int as inserted, (select count(*) from upd)::int as updated`);
  await tx.exec('truncate daily_metrics_in');
  return { inserted: res.rows[0]!.inserted, updated: res.rows[0]!.updated, path: 'merge' };
}
