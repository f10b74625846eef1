// CSV import of an Ads Manager export with a daily breakdown by ad: 1,000,000 rows (2,000 ads ×
// 500 days, English headers, quoted "1,234.56" numbers) from a file into a fresh on-disk
// workspace in one transaction (target ≥ 150,000 rows/s), then the same file again (every row an
// unchanged upsert). In-run references (the machine is shared: compare ratios, not rows/s): the
// parse alone, and the database write alone — the same parsed rows written by the shared
// daily-metrics writer into a fresh workspace whose ads exist (the simulator's COPY path).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { currencyOffset } from '../contract';
import { utf8CsvBytes } from '../workers/domain/import/csv';
import { parseMetaAdsBytes } from '../workers/domain/import/meta-ads';
import { openDatabase } from '../workers/engine/db';
import { migrate } from '../workers/engine/migrate';
import { writeDailyMetrics } from '../workers/engine/services/daily-metrics-writer';
import { importCsv } from '../workers/engine/services/import';
import { emit } from './lib';

const ADS = Number(process.env.BENCH_ADS ?? 2_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 500);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-bench-csv-'));
const file = path.join(dir, 'export.csv');

// The export, written in chunks (a 1M-row string would be ~120 MB at once).
const fd = fs.openSync(file, 'w');
fs.writeSync(fd, 'Reporting starts,Reporting ends,Day,Campaign name,Ad set name,Ad name,Ad ID,Impressions,Reach,Frequency,Amount spent (USD),Link clicks,"CTR (link click-through rate)"\n');
const start = Date.UTC(2025, 0, 1);
for (let d = 0; d < DAYS; d++) {
  const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  const lines: string[] = [];
  for (let a = 0; a < ADS; a++) {
    const imps = 800 + ((a * 7919 + d * 104729) % 4000);
    const clicks = Math.floor(imps * 0.012) + (a % 5);
    const cents = imps * 3 + (a % 97);
    lines.push(
      `${day},${day},${day},"Campaign ${a % 40}, US",Ad set ${a % 200},"Ad ${a}, hook ${a % 9}",12000000000${String(a).padStart(6, "0")},"${imps.toLocaleString('en-US')}",${Math.floor(imps * 0.8)},1.25,"${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}",${clicks},1.2`,
    );
  }
  fs.writeSync(fd, lines.join('\n') + '\n');
}
fs.closeSync(fd);
const rows = ADS * DAYS;
const bytes = fs.statSync(file).size;

let t = performance.now();
const parsed = parseMetaAdsBytes(utf8CsvBytes(fs.readFileSync(file)), { offsetOf: currencyOffset });
const parseMs = performance.now() - t;
if (parsed.count !== rows) throw new Error(`parsed ${parsed.count} of ${rows} rows`);

// The write alone: ads made with SQL, then the parsed columns with their keys.
const refDb = await openDatabase({ dataDir: path.join(dir, 'pgdata-ref') });
await migrate(refDb);
await refDb.exec(`insert into accounts (id, name, currency, currency_offset, source) values ('ref', 'ref', 'USD', 100, 'csv');
  insert into campaigns (id, account_id, name, budget_mode) values ('ref', 'ref', 'ref', 'ABO');
  insert into ad_sets (id, campaign_id, account_id, name) values ('ref', 'ref', 'ref', 'ref');
  insert into ads (id, ad_set_id, campaign_id, account_id, name) select 'ref-' || g, 'ref', 'ref', 'ref', 'ref' from generate_series(1, ${parsed.ads.length}) g;`);
const refKeys = Int32Array.from((await refDb.query<{ key: number }>('select key from ads order by key')).rows, (r) => r.key);
t = performance.now();
await refDb.transaction((tx) =>
  writeDailyMetrics(tx, { ...parsed, adKey: Int32Array.from(parsed.ad, (a) => refKeys[a]!) }),
);
const writeMs = performance.now() - t;
await refDb.close();

const db = await openDatabase({ dataDir: path.join(dir, 'pgdata') });
await migrate(db);
t = performance.now();
const first = await importCsv(db, { kind: 'meta-ads', path: file, dryRun: false });
const firstMs = performance.now() - t;
if (first.rowsImported !== rows || first.inserted !== rows) throw new Error(`imported ${first.rowsImported}, inserted ${first.inserted}`);
emit('csv.import_rows_per_s', rows / (firstMs / 1000), 'rows/s', {
  target: '>= 150000',
  rows,
  mb: Math.round(bytes / 1e5) / 10,
  ms: Math.round(firstMs),
  reference: 'parse only (same file, no database)',
  referenceRowsPerS: Math.round(rows / (parseMs / 1000)),
  ratio: Math.round((parseMs / firstMs) * 100) / 100,
  writeOnlyRowsPerS: Math.round(rows / (writeMs / 1000)),
  ratioToWriteOnly: Math.round((writeMs / firstMs) * 100) / 100,
});

t = performance.now();
const again = await importCsv(db, { kind: 'meta-ads', path: file, dryRun: false });
const againMs = performance.now() - t;
if (again.unchanged !== rows) throw new Error(`re-import changed ${rows - again.unchanged} rows`);
emit('csv.reimport_unchanged_rows_per_s', rows / (againMs / 1000), 'rows/s', { rows, ms: Math.round(againMs) });

await db.close();
fs.rmSync(dir, { recursive: true, force: true });
