// Meta insights pulled from the emulator over HTTP with real pagination (cursor + absolute next,
// empty pages), validated and converted by the client (target ≥ 30,000 rows/s end to end), then
// upserted into a fresh on-disk PGlite. Reported: client-only rate, upsert rate, and end to end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetaClient, type MetaInsightRecord } from '../sync';
import { startMetaEmulator } from '../tests/emulators';
import { openDatabase } from '../workers/engine/db';
import { migrate } from '../workers/engine/migrate';
import { upsertInsights, upsertMetaStructure } from '../workers/engine/services/sync/store-meta';
import { simulate } from '../workers/simulator';
import { emit } from './lib';

const ADS = Number(process.env.BENCH_ADS ?? 2000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const PAGE = Number(process.env.BENCH_PAGE ?? 5000);
const sim = simulate({ seed: 1, ads: ADS, days: DAYS, endDay: '2026-11-24' });
const emu = await startMetaEmulator({ sim, syncRowLimit: Number.MAX_SAFE_INTEGER, maxPageSize: PAGE });
const account = sim.accounts[0]!;
const client = new MetaClient({ baseUrl: emu.url, version: 'v25.0', token: 'meta-test-token', pageSize: PAGE });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-bench-sync-'));
const db = await openDatabase({ dataDir: dir });
await migrate(db);

try {
  const acct = await client.account(account.id);
  const [campaigns, adSets, ads, creatives] = await Promise.all([client.campaigns(acct.id), client.adSets(acct.id), client.ads(acct.id), client.creatives(acct.id)]);
  await db.transaction((tx) => upsertMetaStructure(tx, { account: acct, minDailyBudget: 100, campaigns, adSets, ads, creatives }));

  let t = performance.now();
  const rows: MetaInsightRecord[] = [];
  for await (const page of client.insights(acct, sim.days[0]!, sim.days.at(-1)!)) rows.push(...page);
  const fetchMs = performance.now() - t;
  t = performance.now();
  const w = await db.transaction((tx) => upsertInsights(tx, rows));
  const upsertMs = performance.now() - t;
  if (w.written !== rows.length) throw new Error(`wrote ${w.written} of ${rows.length}`);
  const pages = emu.requests.filter((r) => r.path.endsWith('/insights')).length;
  emit('sync.meta_fetch_rows_per_s', rows.length / (fetchMs / 1000), 'rows/s', { rows: rows.length, pages, pageSize: PAGE, ms: Math.round(fetchMs) });
  emit('sync.meta_upsert_rows_per_s', rows.length / (upsertMs / 1000), 'rows/s', { rows: rows.length, ms: Math.round(upsertMs), note: 'first load (inserts) through the upsert path' });
  emit('sync.meta_pull_rows_per_s', rows.length / ((fetchMs + upsertMs) / 1000), 'rows/s', { target: '>= 30000', rows: rows.length });
  t = performance.now();
  await db.transaction((tx) => upsertInsights(tx, rows));
  emit('sync.meta_reupsert_rows_per_s', rows.length / ((performance.now() - t) / 1000), 'rows/s', { rows: rows.length, note: 'every row conflicts and is overwritten (a full re-read)' });
} finally {
  await emu.close();
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
