// Allocation speed: the whole recommender (EB prior fit, posteriors, P(best) by quadrature, the
// spend-response fit and the marginal shares, water-filling, exact rounding, intervals and reasons) for 1,000 and 10,000 holders, excluding
// the database read. Targets: ≤ 20 ms and ≤ 200 ms median of the steady state (after a warm-up),
// with the first, cold call beside it. Reference in the same run: numpy
// Monte Carlo with 100,000 draws per holder on the same posteriors, when python3 + numpy exist.
// The timing runs in a worker thread with the engine thread's heap settings (workers/engine/heap.ts),
// where the recommender really runs.
import { spawnSync } from 'node:child_process';
import { isMainThread, workerData } from 'node:worker_threads';
import { createRng, sampleNormal } from '../workers/domain/math/random';
import { recommend, type HolderEvidence } from '../workers/domain/sampler/recommend';
import { addSpendDay, emptySpendCurve } from '../workers/domain/sampler/spend-response';
import { emit, median, timeRuns } from './lib';
import { runInEngineThread } from './lib/engine-thread';

function holders(n: number, seed: number): HolderEvidence[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const days = 1 + Math.floor(rng() * 30);
    const spend = Math.round(days * (2000 + rng() * 20_000));
    const impressions = Math.round(spend * (0.8 + rng() * 0.8));
    const ctr = Math.exp(-4.2 + 0.4 * sampleNormal(rng));
    const clicks = Math.round(impressions * ctr);
    const deals = Math.round(clicks * 0.003 * Math.exp(0.5 * sampleNormal(rng)));
    const budget = 100 * Math.round(20 + rng() * 480);
    // Its daily spend against CPM (spend-response.ts): budgets moving up to ±20 % a day, a CPM that
    // rises with the budget, and day-to-day noise — what the engine aggregates in SQL.
    const spendCurve = emptySpendCurve();
    const cpm0 = 800 + rng() * 800;
    const capacity = budget * (1 + 4 * rng());
    let b = budget;
    for (let d = 0; d < days; d++) {
      addSpendDay(spendCurve, b, (b * 1000) / (cpm0 * (1 + b / capacity) * Math.exp(0.1 * sampleNormal(rng))), Math.pow(0.5, d / 7));
      b = Math.max(100, Math.round(b * (0.8 + 0.4 * rng())));
    }
    return {
      id: `h${i}`,
      type: 'ad_set',
      name: `Ad set ${i}`,
      campaignName: 'Bench',
      currentBudget: budget,
      budget24hAgo: budget,
      minBudget: 100,
      editsLastHour: 0,
      evidence: { impressions, clicks, spend, deals, value: deals * 150_000 * Math.exp(0.3 * sampleNormal(rng)) },
      spendCurve,
      lifetimeSpend: spend,
      lifetimeImpressions: impressions,
      ageDays: days,
      days,
    };
  });
}

// One fresh thread per size, so each first call is really cold (code and tables not yet built).
if (isMainThread) for (const n of [1_000, 10_000]) await runInEngineThread(import.meta.url, { holders: n });
else for (const n of [(workerData as { holders: number }).holders]) {
  const hs = holders(n, 7);
  const total = hs.reduce((s, h) => s + h.currentBudget!, 0);
  const opts = { total, maxChangePct: 20, currency: 'USD', currencyOffset: 100 };
  // The first call in a fresh thread (tables built, code not yet optimised) is reported on its
  // own: the engine allocates a few times a day, so a buyer often meets this one.
  const t0 = performance.now();
  recommend(hs, [], opts);
  const firstCallMs = performance.now() - t0;
  // Then warm up until the JIT has settled (≥ 10 calls and ≥ 1 s), and time the steady state.
  const w0 = performance.now();
  for (let k = 0; k < 10 || performance.now() - w0 < 1_000; k++) recommend(hs, [], opts);
  const times = await timeRuns(n >= 10_000 ? 7 : 15, () => recommend(hs, [], opts));
  const ms = median(times);
  const extra: Record<string, unknown> = { holders: n, target: n >= 10_000 ? '<= 200' : '<= 20', firstCallMs: Math.round(firstCallMs * 10) / 10 };

  const result = recommend(hs, [], opts);
  const post = result.recommendations.map((r) => r.posterior);
  const py = spawnSync('python3', ['bench/reference/pbest_numpy.py'], {
    input: JSON.stringify({ mu: post.map((p) => p.mu), sigma: post.map((p) => p.sigma), draws: 100_000 }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });
  if (py.status === 0) {
    const ref = JSON.parse(py.stdout) as { ms: number; p: number[] };
    const maxDiff = Math.max(...ref.p.map((p, i) => Math.abs(p - result.recommendations[i]!.pBest)));
    Object.assign(extra, { reference: 'numpy Monte Carlo, 100,000 draws per holder (P(best) only)', referenceMs: Math.round(ref.ms), speedup: Math.round((ref.ms / ms) * 10) / 10, maxAbsDiffPBest: Math.round(maxDiff * 1e4) / 1e4 });
  } else {
    extra.reference = `numpy not available (${(py.stderr || py.error?.message || '').split('\n')[0]})`;
  }
  emit(`allocation.recommend_${n}_holders_ms`, ms, 'ms', extra);
}
