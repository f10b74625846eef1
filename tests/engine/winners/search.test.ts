import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../contract';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { refreshIndex } from '../../../workers/engine/services/winners/index';
import { nearestRows, nearestSql, searchSimilar, type SearchRequest } from '../../../workers/engine/services/winners/search';
import { encodeDna } from '../../../workers/domain/winners/encoder';
import { loadSimulationInto, simulate } from '../../../workers/simulator';
import { freshWorkspace } from '../../helpers/workspace';
import { baseVideo } from './seed';

const settings = settingsSchema.parse({});
let db: Database;
let adIds: string[];

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('winners-search')).pgdata });
  const sim = simulate({ seed: 3, ads: 400, days: 30, endDay: '2026-11-20' });
  await db.transaction((tx) => loadSimulationInto(tx, sim));
  await refreshIndex(db, settings);
  adIds = (await db.query<{ id: string }>(`select id from ads order by id`)).rows.map((r) => r.id);
}, 60_000);
afterAll(async () => db?.close());

const base: Omit<SearchRequest, 'adId' | 'dna'> = { k: 10, winnersOnly: true, filters: {}, exact: false, efSearch: settings.winnersEfSearch };

describe('similar-winner search', () => {
  it('the index has winners and losers to search', async () => {
    const res = await db.query<{ n: number; w: number }>(`select count(*)::int as n, count(*) filter (where is_winner)::int as w from creative_embeddings`);
    expect(res.rows[0]!.n).toBe(400);
    expect(res.rows[0]!.w).toBeGreaterThan(20);
    expect(res.rows[0]!.w).toBeLessThan(400);
  });

  it('walks the HNSW index unless asked for an exact scan', async () => {
    const plans: string[] = [];
    for (const req of [{ ...base, filters: { format: 'video' as const } }, { ...base, exact: true }]) {
      const { settings: set, select } = nearestSql(1, encodeDna(baseVideo), req);
      const res = await db.exec(`${set}; explain ${select}`);
      plans.push((res.at(-1)!.rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n'));
    }
    expect(plans).toHaveLength(2);
    expect(plans[0]).toContain('Index Scan using creative_embeddings_hnsw');
    expect(plans[1]).not.toContain('creative_embeddings_hnsw');
    // The settings end with the search: nothing leaks into the session.
    await nearestRows(db, 1, encodeDna(baseVideo), base);
    expect((await db.query(`select current_setting('enable_seqscan') as s, current_setting('hnsw.ef_search') as ef`)).rows).toEqual([{ s: 'on', ef: '40' }]);
  });

  it('winners-only searches walk the partial winners index, all-ads searches the full one', async () => {
    const plan = async (req: Omit<SearchRequest, 'encoders'>) => {
      const { settings: set, select } = nearestSql(1, encodeDna(baseVideo), req);
      const res = await db.exec(`${set}; explain ${select}`);
      return (res.at(-1)!.rows as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
    };
    expect(await plan(base)).toContain('Index Scan using creative_embeddings_hnsw_winners on');
    expect(await plan({ ...base, filters: { format: 'video' } })).toContain('Index Scan using creative_embeddings_hnsw_winners on');
    const all = await plan({ ...base, winnersOnly: false });
    expect(all).toContain('Index Scan using creative_embeddings_hnsw on');
    expect(all).not.toContain('hnsw_winners');
  });

  it('a winner flag change moves the ad in or out of winners-only results', async () => {
    const q = encodeDna(baseVideo);
    const before = await nearestRows(db, 1, q, base);
    const loser = (await nearestRows(db, 1, q, { ...base, winnersOnly: false, k: 50 })).find((r) => !r.is_winner)!;
    expect(loser).toBeDefined();
    expect(before.map((r) => r.ad_id)).not.toContain(loser.ad_id);
    try {
      // Closer than the 10th winner, so once flagged it must appear.
      await db.query(`update creative_embeddings set is_winner = true, embedding = $2::vector where ad_id = $1`, [loser.ad_id, `[${q.join(',')}]`]);
      const after = await nearestRows(db, 1, q, base);
      expect(after.map((r) => r.ad_id)).toContain(loser.ad_id);
      expect(after.map((r) => r.ad_id)).toEqual((await nearestRows(db, 1, q, { ...base, exact: true })).map((r) => r.ad_id));
      await db.query(`update creative_embeddings set is_winner = false where ad_id = $1`, [loser.ad_id]);
      expect((await nearestRows(db, 1, q, base)).map((r) => r.ad_id)).not.toContain(loser.ad_id);
    } finally {
      // Put the row back as refresh would have left it (its own DNA, its own flag).
      await db.query(`update creative_embeddings set dna_md5 = null where ad_id = $1`, [loser.ad_id]);
      await refreshIndex(db, settings);
    }
  });

  const cases: Array<[string, Partial<SearchRequest>]> = [
    ['winners only', {}],
    ['all ads, k = 25', { winnersOnly: false, k: 25 }],
    ['video winners', { filters: { format: 'video' } }],
    ['launched in a window, min spend', { winnersOnly: false, filters: { launchedFrom: '2026-10-25', launchedTo: '2026-11-10', minSpend: 5000 } }],
  ];
  for (const [label, extra] of cases) {
    it(`HNSW results equal an exact scan on small data: ${label}`, async () => {
      const dna = { ...baseVideo, hookSeconds: 3.1, offer: 'discount' as const };
      const q = encodeDna(dna);
      for (const req of [{ ...base, ...extra, dna }, { ...base, ...extra, adId: adIds[7]! }, { ...base, ...extra, adId: adIds[301]! }]) {
        const query = req.adId ? (await searchSimilar(db, { ...req, k: 1 })).dna : dna;
        const vec = req.adId ? encodeDna(query) : q;
        const hnsw = await nearestRows(db, 1, vec, req);
        const exact = await nearestRows(db, 1, vec, { ...req, exact: true });
        expect(hnsw.length).toBeGreaterThan(0);
        expect(hnsw.map((r) => r.ad_id)).toEqual(exact.map((r) => r.ad_id));
        // The exact scan really is distance-ordered and filtered.
        for (let i = 1; i < exact.length; i++) expect(exact[i]!.distance).toBeGreaterThanOrEqual(exact[i - 1]!.distance);
        if (req.winnersOnly) expect(exact.every((r) => r.is_winner)).toBe(true);
        if (req.filters.format) expect(exact.every((r) => r.format === req.filters.format)).toBe(true);
        if (req.filters.minSpend) expect(exact.every((r) => r.spend >= req.filters.minSpend!)).toBe(true);
        if (req.filters.launchedFrom) expect(exact.every((r) => r.launched_on! >= req.filters.launchedFrom! && r.launched_on! <= req.filters.launchedTo!)).toBe(true);
        if (req.adId) expect(exact.some((r) => r.ad_id === req.adId)).toBe(false);
      }
    });
  }

  it('returns each neighbour’s results, similarity % and a field-by-field DNA comparison', async () => {
    const out = await searchSimilar(db, { ...base, k: 5, dna: baseVideo });
    expect(out.neighbours).toHaveLength(5);
    expect(out.encoderVersion).toBe(1);
    expect(out.accountCtr).toBeGreaterThan(0.005);
    for (const n of out.neighbours) {
      expect(n.isWinner).toBe(true);
      expect(n.ctr).toBeCloseTo(n.clicks / n.impressions, 12);
      expect(n.pipelineRoas).toBeCloseTo(n.pipelineValue / n.spend, 12);
      expect(n.similarityPct).toBe(Math.round(Math.max(0, n.similarity) * 1000) / 10);
      // The similarity is the cosine of the two encodings.
      const a = encodeDna(baseVideo);
      const b = encodeDna(n.dna);
      expect(n.similarity).toBeCloseTo(a.reduce((s, x, i) => s + x * b[i]!, 0), 4);
      expect(n.comparison).toHaveLength(16);
      const fmt = n.comparison.find((c) => c.field === 'format')!;
      expect(fmt).toMatchObject({ draft: 'video', neighbour: n.dna.format, status: n.dna.format === 'video' ? 'same' : 'different' });
    }
    const sims = out.neighbours.map((n) => n.similarity);
    expect([...sims].sort((x, y) => y - x)).toEqual(sims);
  });

  it('quotes text filters instead of splicing them', async () => {
    const out = await nearestRows(db, 1, encodeDna(baseVideo), { ...base, winnersOnly: false, adId: "x' or 'a' = 'a", filters: { launchedFrom: "2026-01-01'; drop table ads; --" } }).catch((e: Error) => e);
    expect(out).toBeInstanceOf(Error);
    expect((out as Error).message).toMatch(/invalid input syntax for type date/);
    expect((await db.query(`select count(*)::int as n from ads`)).rows).toEqual([{ n: 400 }]);
  });

  it('an unknown ad id is NotFound', async () => {
    await expect(searchSimilar(db, { ...base, adId: 'nope' })).rejects.toMatchObject({ code: 'NotFound' });
  });
});
