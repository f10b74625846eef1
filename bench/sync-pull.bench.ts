// Meta insights pulled from the emulator over HTTP with real pagination (cursor + absolute next,
// empty pages; ranges over 100,000 rows go through an async report as Meta asks), validated and
// converted by the client, then written into a fresh on-disk PGlite (target ≥ 30,000 rows/s end to
// end). The emulator runs in its own process, as Meta's servers would not share our thread.
// Reported: client-only rate, write rate (first pull into an empty table, and a full re-read that
// overwrites every row), and end to end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MetaClient, type MetaInsightRecord } from '../sync';
import { spawnTs } from '../tests/helpers/child';
import { openDatabase } from '../workers/engine/db';
import { migrate } from '../workers/engine/migrate';
import { upsertInsights, upsertMetaStructure } from '../workers/engine/services/sync/store-meta';
import { emit } from './lib';

const ADS = process.env.BENCH_ADS ?? '2000';
const DAYS = process.env.BENCH_DAYS ?? '90';
const PAGE = Number(process.env.BENCH_PAGE ?? 5000);
const END = '2026-11-24';
const server = spawnTs('tests/emulators/serve.ts', ['--seed', '1', '--ads', ADS, '--days', DAYS, '--end-day', END, '--max-page', String(PAGE)]);
const info = JSON.parse(await server.waitFor(/"listening"/, 120_000)) as { meta: string; metaToken: string };
const client = new MetaClient({ baseUrl: info.meta, version: 'v25.0', token: info.metaToken, pageSize: PAGE, pollIntervalMs: 100 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-bench-sync-'));
const db = await openDatabase({ dataDir: dir });
await migrate(db);

try {
  const [acct] = await client.adAccounts();
  if (!acct) throw new Error('no ad account');
  const [campaigns, adSets, ads, creatives] = await Promise.all([client.campaigns(acct.id), client.adSets(acct.id), client.ads(acct.id), client.creatives(acct.id)]);
  await db.transaction((tx) => upsertMetaStructure(tx, { account: acct, minDailyBudget: 100, campaigns, adSets, ads, creatives }));
  const since = new Date(Date.parse(`${END}T00:00:00Z`) - (Number(DAYS) - 1) * 86_400_000).toISOString().slice(0, 10);

  let t = performance.now();
  const rows: MetaInsightRecord[] = [];
  let mode = 'sync';
  for await (const page of client.insights(acct, since, END, (m) => (mode = m))) rows.push(...page);
  const fetchMs = performance.now() - t;
  t = performance.now();
  const w = await db.transaction((tx) => upsertInsights(tx, rows));
  const writeMs = performance.now() - t;
  if (w.written !== rows.length) throw new Error(`wrote ${w.written} of ${rows.length}`);
  emit('sync.meta_fetch_rows_per_s', rows.length / (fetchMs / 1000), 'rows/s', { rows: rows.length, pageSize: PAGE, mode, ms: Math.round(fetchMs) });
  emit('sync.meta_write_rows_per_s', rows.length / (writeMs / 1000), 'rows/s', { rows: rows.length, ms: Math.round(writeMs), note: 'first pull into an empty table' });
  emit('sync.meta_pull_rows_per_s', rows.length / ((fetchMs + writeMs) / 1000), 'rows/s', { target: '>= 30000', rows: rows.length });
  t = performance.now();
  await db.transaction((tx) => upsertInsights(tx, rows));
  emit('sync.meta_reupsert_rows_per_s', rows.length / ((performance.now() - t) / 1000), 'rows/s', { rows: rows.length, note: 'a full re-read of the same rows: every row compared, none changed, nothing written' });
} finally {
  server.kill('SIGTERM');
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
