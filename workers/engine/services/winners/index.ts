// The winner index: every ad's DNA embedded in creative_embeddings (pgvector, HNSW cosine), with
// its lifetime results and a winner flag by the settings' bar (DOMAIN.md §3).
//
// refresh() is incremental and idempotent: it embeds only ads that have no row for the encoder
// version or whose DNA changed since (md5 of the jsonb text), in batches of one multi-row upsert
// each, then brings every row's results and winner flag up to date in one UPDATE that touches only
// rows whose values moved. The learning cycle calls it after metrics or pipeline values change;
// demo generation calls it after loading.
//
// An encoder version change: rows of the new version are built batch by batch in the background
// (each batch its own statement, so engine calls interleave) while searches keep using the newest
// version that is fully built; when the new one is complete it becomes active and older rows go.
import type { Settings } from '../../../../contract';
import type { Database } from '../../db';
import { defaultEncoders, vectorLiteral, type DnaEncoder, type EncoderRegistry } from './encoders';
import { lenientDna } from './stored-dna';

type Db = Pick<Database, 'query'>;
export type WinnerBar = Pick<Settings, 'winnerMinCtr' | 'winnerMinPipelineRoas' | 'winnerMinImpressions' | 'winnerMinClicks' | 'winnerMinSpend' | 'winnerMinLiveHours'>;

export interface RefreshResult {
  encoderVersion: number;
  /** Ads (re-)embedded by this refresh: new or with changed DNA. */
  embedded: number;
  /** Rows whose results or winner flag changed. */
  updated: number;
  /** Fields dropped from malformed stored DNA, over the embedded ads. */
  droppedFields: number;
  indexed: number;
  winners: number;
  /** False when stopped early (engine closing); the next refresh continues. */
  complete: boolean;
  ms: number;
}

export interface RefreshOptions {
  encoder?: DnaEncoder;
  batchSize?: number;
  /** Checked between batches. */
  shouldStop?: () => boolean;
  /** Awaited between batches: background work yields here to let engine calls run. */
  betweenBatches?: () => Promise<void>;
  onProgress?: (embedded: number) => void;
}

/** Embeds up to `limit` new or changed ads; returns how many. */
export async function embedBatch(db: Db, encoder: DnaEncoder, limit: number): Promise<{ n: number; dropped: number }> {
  const res = await db.query<{ id: string; dna: unknown; md5: string; launched_on: string | null }>(
    `select a.id, a.dna, md5(a.dna::text) as md5, a.launched_on::text as launched_on
       from ads a
       left join creative_embeddings e on e.ad_id = a.id and e.encoder_version = $1
      where e.ad_id is null or e.dna_md5 is distinct from md5(a.dna::text)
      order by a.id
      limit $2`,
    [encoder.version, limit],
  );
  if (res.rows.length === 0) return { n: 0, dropped: 0 };
  const ids: string[] = [];
  const vectors: string[] = [];
  const md5s: string[] = [];
  const formats: Array<string | null> = [];
  const launched: Array<string | null> = [];
  let dropped = 0;
  for (const row of res.rows) {
    const { dna, dropped: bad } = lenientDna(row.dna);
    dropped += bad.length;
    ids.push(row.id);
    vectors.push(vectorLiteral(encoder.encode(dna)));
    md5s.push(row.md5);
    formats.push(dna.format ?? null);
    launched.push(row.launched_on);
  }
  await db.query(
    `insert into creative_embeddings (ad_id, encoder_version, embedding, dna_md5, format, launched_on, updated_at)
     select t.id, $1, t.emb::vector, t.md5, t.fmt, t.lo, now()
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::date[]) as t(id, emb, md5, fmt, lo)
     on conflict (ad_id, encoder_version) do update
       set embedding = excluded.embedding, dna_md5 = excluded.dna_md5, format = excluded.format,
           launched_on = excluded.launched_on, updated_at = now()`,
    [encoder.version, ids, vectors, md5s, formats, launched],
  );
  return { n: ids.length, dropped };
}

/** Lifetime results and the winner flag of every row of a version; returns rows changed. */
export async function updateResults(db: Db, version: number, bar: WinnerBar): Promise<number> {
  const res = await db.query(
    `with m as (
       select ad_key, sum(impressions)::bigint as imp, sum(clicks)::bigint as clk, sum(spend)::bigint as sp,
              count(*) filter (where impressions > 0)::int as live
         from ad_daily_metrics group by ad_key
     ), p as (
       select ad_id, sum(value)::bigint as v from deal_pipeline_values where ad_id is not null group by ad_id
     ), r as (
       select a.id, a.launched_on, coalesce(m.imp, 0) as imp, coalesce(m.clk, 0) as clk, coalesce(m.sp, 0) as sp,
              coalesce(m.live, 0) as live, coalesce(p.v, 0) as pv, acc.currency_offset as off
         from ads a
         join accounts acc on acc.id = a.account_id
         left join m on m.ad_key = a.key
         left join p on p.ad_id = a.id
     ), w as (
       select r.*, (r.imp >= $2 and r.clk >= $3 and r.sp >= $4 * r.off and r.live * 24 >= $5
                    and ((r.imp > 0 and r.clk::float8 / r.imp >= $6) or (r.sp > 0 and r.pv::float8 / r.sp >= $7))) as win
         from r
     )
     update creative_embeddings e
        set impressions = w.imp, clicks = w.clk, spend = w.sp, pipeline_value = w.pv, live_days = w.live,
            launched_on = w.launched_on, is_winner = w.win, updated_at = now()
       from w
      where e.ad_id = w.id and e.encoder_version = $1
        and (e.impressions, e.clicks, e.spend, e.pipeline_value, e.live_days, e.launched_on, e.is_winner)
            is distinct from (w.imp, w.clk, w.sp, w.pv, w.live, w.launched_on, w.win)`,
    [version, bar.winnerMinImpressions, bar.winnerMinClicks, bar.winnerMinSpend, bar.winnerMinLiveHours, bar.winnerMinCtr, bar.winnerMinPipelineRoas],
  );
  return res.affectedRows ?? 0;
}

/** Embeds new/changed ads for the encoder's version, updates results, and activates the version. */
export async function refreshIndex(db: Db, bar: WinnerBar, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const t0 = performance.now();
  const encoder = opts.encoder ?? defaultEncoders.current;
  const batchSize = opts.batchSize ?? 1000;
  await db.query(`insert into winner_index_versions (encoder_version, state) values ($1, 'building') on conflict (encoder_version) do nothing`, [encoder.version]);
  let embedded = 0;
  let droppedFields = 0;
  let complete = true;
  for (;;) {
    if (opts.shouldStop?.()) {
      complete = false;
      break;
    }
    const { n, dropped } = await embedBatch(db, encoder, batchSize);
    embedded += n;
    droppedFields += dropped;
    if (n > 0) opts.onProgress?.(embedded);
    if (n < batchSize) break;
    await opts.betweenBatches?.();
  }
  let updated = 0;
  if (complete) {
    updated = await updateResults(db, encoder.version, bar);
    // This version now covers every ad: make it the active one and drop the others' rows.
    await db.query(`update winner_index_versions set state = 'ready', finished_at = now() where encoder_version = $1 and state <> 'ready'`, [encoder.version]);
    await db.query(`delete from creative_embeddings where encoder_version <> $1`, [encoder.version]);
    await db.query(`delete from winner_index_versions where encoder_version <> $1`, [encoder.version]);
    // Fresh statistics after a bulk change, so the planner knows the table's size.
    if (embedded > 0) await db.query(`analyze creative_embeddings`);
  }
  const counts = await db.query<{ n: number; w: number }>(
    `select count(*)::int as n, count(*) filter (where is_winner)::int as w from creative_embeddings where encoder_version = $1`,
    [encoder.version],
  );
  return {
    encoderVersion: encoder.version,
    embedded,
    updated,
    droppedFields,
    indexed: counts.rows[0]!.n,
    winners: counts.rows[0]!.w,
    complete,
    ms: Math.round(performance.now() - t0),
  };
}

/**
 * The version searches use: the newest fully built one, else (first build still running, or
 * nothing built) the registry's current version.
 */
export async function activeVersion(db: Db, encoders: EncoderRegistry = defaultEncoders): Promise<number> {
  const res = await db.query<{ v: number | null }>(`select max(encoder_version) as v from winner_index_versions where state = 'ready'`);
  const v = res.rows[0]?.v;
  return v !== null && v !== undefined && encoders.byVersion(v) ? v : encoders.current.version;
}

/**
 * True when the current encoder version still has to be built for a workspace that has ads: after
 * an encoder version change, or on a workspace whose ads predate the index.
 */
export async function needsRebuild(db: Db, encoders: EncoderRegistry = defaultEncoders): Promise<boolean> {
  const res = await db.query<{ current: string | null; ads: boolean }>(
    `select (select state from winner_index_versions where encoder_version = $1) as current,
            exists (select 1 from ads) as ads`,
    [encoders.current.version],
  );
  const row = res.rows[0]!;
  return row.current !== 'ready' && row.ads;
}
