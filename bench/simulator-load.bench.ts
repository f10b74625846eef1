// Simulator generation + bulk load of 10,000 ads × 90 days into a fresh on-disk PGlite
// (target ≥ 200,000 metric rows/s, the trigger-maintained per-ad totals included), then the
// per-ad totals read (target ≤ 300 ms median) beside the GROUP BY over the daily rows that it
// replaces and a plain count(*) scan of the same table as the in-run references.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../workers/engine/db';
import { migrate } from '../workers/engine/migrate';
import { aggregateAdTotals, readAdTotals } from '../workers/engine/services/ad-totals';
import { loadSimulation, simulate } from '../workers/simulator';
import { emit, median, timeRuns } from './lib';

const ADS = Number(process.env.BENCH_ADS ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-bench-sim-'));
const db = await openDatabase({ dataDir: dir });
await migrate(db);

let t = performance.now();
const sim = simulate({ seed: 1, ads: ADS, days: DAYS, endDay: '2026-11-24' });
const genMs = performance.now() - t;
emit('sim.generate_ms', genMs, 'ms', { ads: ADS, days: DAYS, rows: sim.metrics.count });

const phase: Record<string, number> = {};
let last = performance.now();
let lastStep = 'start';
t = performance.now();
await loadSimulation(db, sim, (step) => {
  const now = performance.now();
  phase[lastStep] = now - last;
  last = now;
  lastStep = step;
});
const loadMs = performance.now() - t;
const metricsMs = phase.metrics ?? loadMs; // the step that builds and COPYs the daily rows
emit('sim.load_metric_rows_per_s', sim.metrics.count / (metricsMs / 1000), 'rows/s', { target: '>= 200000', rows: sim.metrics.count, metricsMs: Math.round(metricsMs) });
emit('sim.load_total_ms', loadMs, 'ms', { deals: sim.deals.length, note: 'structure + metrics + deals + contacts + stage values + attribution, one transaction' });

const reference = await timeRuns(5, () => db.query('select count(*) from ad_daily_metrics'));
const totals = await timeRuns(7, () => readAdTotals(db));
const grouped = await timeRuns(5, () => aggregateAdTotals(db));
const naive = await timeRuns(5, () =>
  db.query('select ad_key, sum(spend)::int8, sum(clicks)::int8, sum(impressions)::int8 from ad_daily_metrics group by ad_key'),
);
emit('metrics.ad_totals_read_ms', median(totals), 'ms', {
  target: '<= 300',
  rows: sim.metrics.count,
  source: 'ad_lifetime_totals (kept by statement triggers)',
  reference: 'GROUP BY over the daily rows',
  referenceMs: Math.round(median(grouped)),
  ratio: Math.round((median(totals) / median(grouped)) * 1000) / 1000,
  countScanMs: Math.round(median(reference)),
});
emit('metrics.ad_totals_group_by_ms', median(grouped), 'ms', { rows: sim.metrics.count, ratioToCountScan: Math.round((median(grouped) / median(reference)) * 100) / 100 });
emit('metrics.ad_totals_naive_read_ms', median(naive), 'ms', { note: 'numeric sums, one row object per ad', ratioToGroupBy: Math.round((median(naive) / median(grouped)) * 100) / 100 });
await db.close();
fs.rmSync(dir, { recursive: true, force: true });
