// Winner-index speed (issue 5): 100,000 indexed creatives (random simulator DNA, encoder v1).
// Measures the embedding upsert rate, the HNSW build (pgvector defaults m = 16, ef_construction =
// 64), and top-10 queries through the engine's own query path (nearestRows: a transaction with
// SET LOCAL ef_search / iterative scan) — p50/p95 and recall@10 against the exact scan for several
// ef_search values, for all creatives and for winners only (15 % flagged) — beside the exact scan.
// Winners only is measured twice in the same run: first on the full index alone (the iterative
// scan filtering out non-winners, `winners_fullindex`: the reference), then with the partial
// winners-only index of migration 0017 that the engine ships (`winners`).
// Targets: p95 ≤ 5 ms, recall@10 ≥ 0.95.
import { settingsSchema } from '../contract';
import { openDatabase } from '../workers/engine/db';
import { migrate } from '../workers/engine/migrate';
import { refreshIndex } from '../workers/engine/services/winners/index';
import { nearestRows } from '../workers/engine/services/winners/search';
import { encodeDna } from '../workers/domain/winners/encoder';
import { createRng } from '../workers/domain/math/random';
import { randomDna } from '../workers/simulator/dna';
import { emit } from './lib';

const N = Number(process.env.BENCH_CREATIVES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const EXACT_QUERIES = Math.min(QUERIES, Number(process.env.BENCH_EXACT_QUERIES ?? 50));
const EF = [40, 64, 100, 200];
const settings = settingsSchema.parse({});
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

const db = await openDatabase({});
await migrate(db);
await db.exec(`
  insert into accounts (id, name, currency) values ('1', 'Bench', 'USD');
  insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'C', 'ABO');
  insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values ('s1', 'c1', '1', 'S', 10000);
  set maintenance_work_mem = '512MB';
`);
const rng = createRng(42);
for (let i = 0; i < N; i += 5000) {
  const batch = Array.from({ length: Math.min(5000, N - i) }, (_, j) => ({ id: `ad${i + j}`, dna: randomDna(rng), launchedOn: `2026-${String(1 + ((i + j) % 11)).padStart(2, '0')}-01` }));
  await db.query(
    `insert into ads (id, ad_set_id, campaign_id, account_id, name, dna, launched_on)
     select id, 's1', 'c1', '1', id, dna, "launchedOn"::date from jsonb_to_recordset($1::jsonb) as r(id text, dna jsonb, "launchedOn" text)`,
    [JSON.stringify(batch)],
  );
}

// Embed without the index, then build it in one go (what a rebuild costs).
await db.exec(`drop index creative_embeddings_hnsw; drop index creative_embeddings_hnsw_winners`);
let t = performance.now();
const r = await refreshIndex(db, settings, { batchSize: 5000 });
const embedMs = performance.now() - t;
emit('winners.embed_upsert_rate', (r.embedded / embedMs) * 1000, 'creatives/s', { creatives: r.embedded, ms: Math.round(embedMs) });
await db.exec(`update creative_embeddings set is_winner = (hashtext(ad_id) % 100 between 0 and 14), impressions = 10000, clicks = 200`);
t = performance.now();
await db.exec(`create index creative_embeddings_hnsw on creative_embeddings using hnsw (embedding vector_cosine_ops)`);
emit('winners.hnsw_build_s', (performance.now() - t) / 1000, 's', { creatives: N, m: 16, efConstruction: 64 });
await db.exec(`analyze creative_embeddings`);

const qrng = createRng(7);
const queries = Array.from({ length: QUERIES }, () => encodeDna(randomDna(qrng) as never));
const base = { k: 10, filters: {}, exact: false, efSearch: settings.winnersEfSearch };
const fullIndexP95 = new Map<number, number>();

const scopes = [
  { scope: 'all', winnersOnly: false },
  { scope: 'winners_fullindex', winnersOnly: true },
  { scope: 'winners', winnersOnly: true, partialIndex: true },
];
for (const { scope, winnersOnly, partialIndex } of scopes) {
  if (partialIndex) {
    t = performance.now();
    await db.exec(`create index creative_embeddings_hnsw_winners on creative_embeddings using hnsw (embedding vector_cosine_ops) where is_winner`);
    emit('winners.hnsw_winners_build_s', (performance.now() - t) / 1000, 's', { creatives: N, note: 'partial index, winners only (0017)' });
    await db.exec(`analyze creative_embeddings`);
  }
  const exactIds: string[][] = [];
  const exactMs: number[] = [];
  for (const q of queries.slice(0, EXACT_QUERIES)) {
    t = performance.now();
    const rows = await nearestRows(db, 1, q, { ...base, winnersOnly, exact: true });
    exactMs.push(performance.now() - t);
    exactIds.push(rows.map((x) => x.ad_id));
  }
  const exactP95 = pct(exactMs, 0.95);
  emit(`winners.exact_top10_${scope}_p50_ms`, pct(exactMs, 0.5), 'ms', { creatives: N, queries: EXACT_QUERIES });
  emit(`winners.exact_top10_${scope}_p95_ms`, exactP95, 'ms', { creatives: N, queries: EXACT_QUERIES });
  for (const ef of EF) {
    // One warm-up pass, then the timed pass over every query.
    for (const q of queries.slice(0, 10)) await nearestRows(db, 1, q, { ...base, winnersOnly, efSearch: ef });
    const ms: number[] = [];
    let hits = 0;
    for (const [i, q] of queries.entries()) {
      t = performance.now();
      const rows = await nearestRows(db, 1, q, { ...base, winnersOnly, efSearch: ef });
      ms.push(performance.now() - t);
      if (i < EXACT_QUERIES) {
        const truth = new Set(exactIds[i]);
        hits += rows.filter((x) => truth.has(x.ad_id)).length;
      }
    }
    const p95 = pct(ms, 0.95);
    const extra = { creatives: N, queries: QUERIES, efSearch: ef, default: ef === settings.winnersEfSearch };
    emit(`winners.hnsw_top10_${scope}_p50_ms`, pct(ms, 0.5), 'ms', extra);
    const vsFull = scope === 'winners' ? { fullIndexP95Ms: fullIndexP95.get(ef), ratioToFullIndex: Math.round((p95 / fullIndexP95.get(ef)!) * 1000) / 1000 } : {};
    if (scope === 'winners_fullindex') fullIndexP95.set(ef, p95);
    emit(`winners.hnsw_top10_${scope}_p95_ms`, p95, 'ms', { ...extra, target: '<= 5', reference: `winners.exact_top10_${scope}_p95_ms`, ratio: Math.round((p95 / exactP95) * 1000) / 1000, ...vsFull });
    emit(`winners.hnsw_recall_at_10_${scope}`, hits / (10 * EXACT_QUERIES), 'recall', { ...extra, queriesScored: EXACT_QUERIES, target: '>= 0.95' });
  }
}
await db.close();
