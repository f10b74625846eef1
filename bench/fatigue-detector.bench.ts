// Fatigue detector speed: detectFatigueBatch over 10,000 ads × 90 days in columns (the shape the
// scan hands the piscina pool), database read excluded. Target for the math alone: well under
// 1 s (the 1.5 s budget includes the SQL read).
import { detectFatigueBatch } from '../workers/domain/fatigue';
import { createRng, sampleNormal } from '../workers/domain/math/random';
import { emit, median, timeRuns } from './lib';

const ADS = 10_000;
const DAYS = 90;
const rng = createRng(42);
const rows = ADS * DAYS;
const offsets = new Int32Array(ADS + 1);
const day = new Int32Array(rows);
const impressions = new Int32Array(rows);
const clicks = new Int32Array(rows);
const spend = new Float64Array(rows);
const reach = new Int32Array(rows);
const audience = new Uint8Array(ADS);
const accountCpm = new Float64Array(DAYS).map((_, d) => 1_000 * (1 + 0.004 * d));
let r = 0;
for (let a = 0; a < ADS; a++) {
  offsets[a] = r;
  audience[a] = a % 4;
  const base = 1_000 + rng() * 30_000;
  const ctr = 0.006 + rng() * 0.02;
  const onset = rng() < 0.2 ? 20 + Math.floor(rng() * 60) : Infinity;
  for (let d = 0; d < DAYS; d++) {
    const n = Math.round(base * (0.8 + 0.4 * rng()));
    const p = ctr * (d >= onset ? 0.5 + 0.5 * Math.exp(-(d - onset) / 7) : 1);
    day[r] = d;
    impressions[r] = n;
    clicks[r] = Math.max(0, Math.round(n * p + Math.sqrt(n * p) * sampleNormal(rng)));
    spend[r] = Math.round((n * accountCpm[d]! * (0.9 + 0.2 * rng())) / 1000);
    reach[r] = Math.round(n / (1.1 + 0.3 * rng()));
    r++;
  }
}
offsets[ADS] = r;
const input = { offsets, day, impressions, clicks, spend, reach, audience };
const run = () => detectFatigueBatch(input, accountCpm, { dayCount: DAYS });
run(); // warm-up (JIT)
const times = await timeRuns(7, run);
const result = run();
const counts = [0, 0, 0, 0, 0];
for (const s of result.status) counts[s]!++;
emit('fatigue-detector-10k-ads-90-days', median(times), 'ms', {
  ads: ADS,
  days: DAYS,
  target: '< 1000 (math only)',
  statuses: { WARMING: counts[0], HEALTHY: counts[1], FATIGUING: counts[2], SATURATED: counts[3], AUDIENCE_EXHAUSTED: counts[4] },
});
