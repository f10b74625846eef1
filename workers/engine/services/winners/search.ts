// Similar-creative search over the winner index: pgvector HNSW (cosine, `<=>`) with iterative
// scanning in strict order, so filters (winners only, format, launch days, spend) still return k
// rows in true distance order (the walk goes on until k rows pass the filters); `exact` turns index scans off for a sequential exact scan, which is
// what the recall bench and the equality test compare against. Winners-only searches walk the
// partial index over winners (migration 0017) — the planner picks it because the query says
// `e.is_winner`, its predicate — instead of filtering ~85 % non-winners out of the full walk.
import { AdloopError, type ParsedInput, type WinnerSearch } from '../../../../contract';
import type { Dna } from '../../../../contract/dna';
import { compareDna, cosineFromDistance, similarityPercent } from '../../../domain/winners/compare';
import type { Database } from '../../db';
import { defaultEncoders, vectorLiteral, type EncoderRegistry } from './encoders';
import { activeVersion } from './index';
import { lenientDna } from './stored-dna';

type Db = Pick<Database, 'query' | 'exec'>;

export interface SearchRequest {
  adId?: string | undefined;
  dna?: Dna | undefined;
  k: number;
  winnersOnly: boolean;
  filters: ParsedInput<'winners.search'>['filters'];
  exact: boolean;
  efSearch: number;
  /** Only rows with impressions (the gate's neighbours must have results). */
  withResults?: boolean;
  /** Only ads launched strictly before this day (back-tests: learn from earlier launches only). */
  launchedBefore?: string | undefined;
  encoders?: EncoderRegistry;
}

/** The subject's DNA: the draft as given, or the ad's stored DNA (well-formed fields only). */
export async function subjectDna(db: Pick<Database, 'query'>, adId: string | undefined, dna: Dna | undefined): Promise<Dna> {
  if (dna) return dna;
  const res = await db.query<{ dna: unknown }>(`select dna from ads where id = $1`, [adId]);
  if (!res.rows[0]) throw new AdloopError('NotFound', `No ad with id ${adId}.`, { details: { adId } });
  return lenientDna(res.rows[0].dna).dna;
}

/** Clicks over impressions of the whole index (of ads launched before a day, when given). */
export async function accountCtr(db: Pick<Database, 'query'>, version: number, launchedBefore?: string): Promise<number | null> {
  const res = await db.query<{ ctr: number | null }>(
    `select sum(clicks)::float8 / nullif(sum(impressions), 0)::float8 as ctr from creative_embeddings
      where encoder_version = $1 and ($2::date is null or launched_on < $2::date)`,
    [version, launchedBefore ?? null],
  );
  return res.rows[0]?.ctr ?? null;
}

interface Row {
  ad_id: string;
  distance: number;
  is_winner: boolean;
  format: string | null;
  launched_on: string | null;
  impressions: number;
  clicks: number;
  spend: number;
  pipeline_value: number;
}

/** A string literal: doubled quotes are the whole escape with standard_conforming_strings (on). */
const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
const int = (x: number, what: string) => {
  if (!Number.isSafeInteger(x)) throw new RangeError(`${what} must be an integer, got ${x}`);
  return String(x);
};

/**
 * The search as one SQL string: SET LOCALs then the select. Sent as one simple-protocol message it
 * runs as one implicit transaction, so the settings apply to this select only and the whole search
 * is a single round trip (a BEGIN / SET / query / COMMIT sequence cost more than the HNSW walk at
 * 100,000 creatives). Every value is rendered from a number or quoted, never spliced raw.
 */
export function nearestSql(version: number, query: readonly number[], req: Omit<SearchRequest, 'encoders'>): { settings: string; select: string } {
  const q = `${text(vectorLiteral(query))}::vector`;
  const where = [`e.encoder_version = ${int(version, 'encoder version')}`];
  if (req.winnersOnly) where.push('e.is_winner');
  if (req.withResults) where.push('e.impressions > 0');
  if (req.filters.format) where.push(`e.format = ${text(req.filters.format)}`);
  if (req.filters.launchedFrom) where.push(`e.launched_on >= ${text(req.filters.launchedFrom)}::date`);
  if (req.filters.launchedTo) where.push(`e.launched_on <= ${text(req.filters.launchedTo)}::date`);
  if (req.filters.minSpend !== undefined) where.push(`e.spend >= ${int(req.filters.minSpend, 'minSpend')}`);
  if (req.launchedBefore) where.push(`e.launched_on < ${text(req.launchedBefore)}::date`);
  if (req.adId) where.push(`e.ad_id <> ${text(req.adId)}`);
  const select = `select e.ad_id, (e.embedding <=> ${q})::float8 as distance, e.is_winner, e.format, e.launched_on::text as launched_on,
                         e.impressions::float8 as impressions, e.clicks::float8 as clicks, e.spend::float8 as spend, e.pipeline_value::float8 as pipeline_value
                    from creative_embeddings e
                   where ${where.join(' and ')}
                   order by e.embedding <=> ${q}
                   limit ${int(req.k, 'k')}`;
  // Exact: no index scans, so a sequential scan and a sort. HNSW: always the index walk; on a small
  // or heavily filtered table the planner would pick a sort, which is exact but costs in proportion
  // to the table instead of to k. Iterative scan in strict order keeps walking until k rows pass
  // the filters, in true distance order.
  const settings = req.exact
    ? 'set local enable_indexscan = off'
    : `set local enable_seqscan = off; set local enable_bitmapscan = off; set local enable_sort = off;
       set local hnsw.ef_search = ${int(req.efSearch, 'efSearch')}; set local hnsw.iterative_scan = strict_order;
       set local hnsw.max_scan_tuples = 1000000`;
  return { settings, select };
}

/** Nearest rows only (no names, DNA or comparison): what the gate and the benches need. */
export async function nearestRows(db: Pick<Database, 'exec'>, version: number, query: readonly number[], req: Omit<SearchRequest, 'encoders'>): Promise<Row[]> {
  const { settings, select } = nearestSql(version, query, req);
  const results = await db.exec(`${settings}; ${select}`);
  return results.at(-1)!.rows as unknown as Row[];
}

export async function searchSimilar(db: Db, req: SearchRequest): Promise<WinnerSearch> {
  const t0 = performance.now();
  const encoders = req.encoders ?? defaultEncoders;
  const dna = await subjectDna(db, req.adId, req.dna);
  const version = await activeVersion(db, encoders);
  const encoder = encoders.byVersion(version)!;
  const rows = await nearestRows(db, version, encoder.encode(dna), req);
  const meta = await db.query<{ id: string; name: string; dna: unknown; currency: string; currency_offset: number }>(
    `select a.id, a.name, a.dna, acc.currency, acc.currency_offset from ads a join accounts acc on acc.id = a.account_id where a.id = any($1::text[])`,
    [rows.map((r) => r.ad_id)],
  );
  const byId = new Map(meta.rows.map((m) => [m.id, m]));
  const neighbours: WinnerSearch['neighbours'] = [];
  for (const r of rows) {
    const m = byId.get(r.ad_id);
    if (!m) continue; // deleted between the two reads
    const theirs = lenientDna(m.dna).dna;
    const similarity = cosineFromDistance(r.distance);
    neighbours.push({
      adId: r.ad_id,
      name: m.name,
      format: r.format,
      launchedOn: r.launched_on,
      isWinner: r.is_winner,
      similarity,
      similarityPct: similarityPercent(similarity),
      impressions: r.impressions,
      clicks: r.clicks,
      ctr: r.impressions > 0 ? r.clicks / r.impressions : null,
      spend: r.spend,
      pipelineValue: r.pipeline_value,
      pipelineRoas: r.spend > 0 ? r.pipeline_value / r.spend : null,
      currency: m.currency,
      currencyOffset: m.currency_offset,
      dna: theirs,
      comparison: compareDna(dna, theirs).map((c) => {
        const row: WinnerSearch['neighbours'][number]['comparison'][number] = { field: c.field, status: c.status, importance: c.importance };
        if (c.draft !== undefined) row.draft = c.draft;
        if (c.neighbour !== undefined) row.neighbour = c.neighbour;
        return row;
      }),
    });
  }
  return {
    encoderVersion: version,
    dna,
    adId: req.adId ?? null,
    accountCtr: await accountCtr(db, version),
    exact: req.exact,
    efSearch: req.efSearch,
    neighbours,
    ms: Math.round((performance.now() - t0) * 10) / 10,
  };
}
