// One full learning cycle on 1,000 ads × 90 days against the emulators (real HTTP on 127.0.0.1,
// in their own process, serving simulator data): the first cycle of a new workspace pulls the
// whole 90 days, attributes, updates posteriors, indexes every ad, scans for fatigue, scores and
// proposes. Target ≤ 30 s. Each step's time is its own metric; a second (daily) cycle on the
// same data is reported beside it, without a target.
import { yesterday } from '../workers/simulator';
import { spawnTs } from '../tests/helpers/child';
import type { LearningRun } from '../contract';
import { emit } from './lib';
import { benchEngine, runCycle } from './lib/learning/engine';

const ADS = Number(process.env.BENCH_ADS ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const END = yesterday();
const server = spawnTs('tests/emulators/serve.ts', ['--seed', '1', '--ads', String(ADS), '--days', String(DAYS), '--end-day', END]);
const info = JSON.parse(await server.waitFor(/"listening"/, 180_000)) as { meta: string; hubspot: string; metaToken: string; hubspotToken: string };
const b = await benchEngine('adloop-bench-cycle-');

function report(prefix: string, run: LearningRun, ms: number, extra: Record<string, unknown>) {
  for (const s of run.steps) emit(`${prefix}.step.${s.id}_ms`, s.ms ?? 0, 'ms', { state: s.state, counts: s.counts });
  emit(`${prefix}.total_ms`, ms, 'ms', { ads: ADS, days: DAYS, ...extra });
}

try {
  await b.call('settings.update', { metaBaseUrl: info.meta, hubspotBaseUrl: info.hubspot, syncInitialDays: DAYS });
  await b.call('sync.connect', { source: 'meta', token: info.metaToken });
  await b.call('sync.connect', { source: 'hubspot', token: info.hubspotToken });
  let t = performance.now();
  const first = await runCycle(b);
  const firstMs = performance.now() - t;
  const rows = first.steps.find((s) => s.id === 'pull-meta')?.counts;
  report('learning.cycle_first', first, firstMs, { target: '<= 30000', note: 'new workspace: pulls all 90 days', pulled: rows });
  t = performance.now();
  const second = await runCycle(b);
  report('learning.cycle_daily', second, performance.now() - t, { note: 'same data again: re-reads the trailing days' });
} finally {
  server.kill('SIGTERM');
  await b.close();
}
