// Does the learning cycle learn? Two halves, each reported per week against day 1.
//
// Gate: a simulated account (workers/simulator) is fed into a real on-disk workspace one day at a
// time for 30 days after a history of START days. Each morning the day's new ads are gated before
// they run (winners.gate, recorded, neighbours launched before them only), the day's rows arrive,
// and a full learning cycle runs: it indexes the new ads, scores the gate predictions whose ads
// have delivered 1,000 impressions, and recalibrates the gate (promotion only on lower held-out
// error). Metric: mean |predicted − actual CTR| of the predictions made in each week, as the gate
// made them; beside it the same predictions replayed with the default parameters, which separates
// what recalibration did from what a growing index did.
//
// Allocation: the simulator does not respond to budgets, so the allocator's value is measured in
// the closed-loop market (bench/lib/market) the allocation-quality bench uses: Adloop's sampler
// reallocating daily for 30 days on 20 seeds; value = true expected pipeline value of the budgets
// it ran as a share of the oracle's on the same day (the market's level moves day to day).
import { emit } from './lib';
import { benchEngine, runCycle } from './lib/learning/engine';
import { addDay, addLaunches, loadThrough } from './lib/learning/feed';
import { createMarket } from './lib/market/model';
import { ADLOOP_SETTINGS, createAdloop } from './lib/market/policies/adloop';
import { oracle } from './lib/market/policies/oracle';
import { runPolicy } from './lib/market/simulate';
import { defaultGateParams, replayGate, scoreGatePrediction } from '../workers/domain/learning/gate-calibration';
import { scoreGatePredictions } from '../workers/engine/learning/score-gate';
import { simulate } from '../workers/simulator';

const ADS = Number(process.env.BENCH_ADS ?? 1500);
const START = 7; // days of history before the first gated morning
const DAYS = 30;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);
const weekOf = (d: number) => Math.min(4, Math.floor(d / 7) + 1); // days 29–30 count in week 4

// ---------------------------------------------------------------- allocation (closed-loop market)
{
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const share: number[][] = Array.from({ length: DAYS }, () => []);
  for (const seed of seeds) {
    const market = createMarket(seed);
    const a = runPolicy(market, createAdloop(ADLOOP_SETTINGS)).dailyValue;
    const o = runPolicy(market, oracle).dailyValue;
    for (let d = 0; d < Math.min(DAYS, a.length); d++) share[d]!.push(a[d]! / o[d]!);
  }
  const day1 = mean(share[0]!);
  emit('learning.allocation_value_share_day1', day1, 'ratio', { of: 'oracle', seeds: seeds.length, note: 'even split: nothing learned yet' });
  for (let w = 1; w <= 4; w++) {
    const days = share.flatMap((s, d) => (weekOf(d) === w ? s : []));
    const v = mean(days);
    emit(`learning.allocation_value_share_week${w}`, v, 'ratio', { of: 'oracle', vsDay1: r4(v / day1), seeds: seeds.length, improved: v > day1 });
  }
}

// ---------------------------------------------------------------- gate (engine, day by day)
// Eight spare days at the end: the simulator spreads late launches over all but its last 7 days.
const sim = simulate({ seed: 3, ads: ADS, days: START + DAYS + 8, endDay: '2026-10-31' });
const b = await benchEngine('adloop-bench-learning-');
const t0 = performance.now();
try {
  const db = b.engine.db;
  await loadThrough(db, sim, START - 1);
  await runCycle(b); // indexes the history
  const madeOn = new Map<number, number>(); // prediction id → bench day
  for (let d = 0; d < DAYS; d++) {
    const day = START + d;
    for (const id of await addLaunches(db, sim, day)) {
      const out = await b.call<{ predictionId: number | null }>('winners.gate', { adId: id, launchedBefore: sim.days[day] }).catch(() => null);
      if (out?.predictionId) madeOn.set(out.predictionId, d);
    }
    await addDay(db, sim, day);
    const run = await runCycle(b);
    const c = run.steps.find((s) => s.id === 'score-and-propose')!.counts;
    process.stderr.write(`day ${d + 1}: ${madeOn.size} gated, ${c.gatePredictionsScored ?? 0} scored, held-out ${c.gateHeldOutCtrMaeBp?.toFixed(2) ?? '-'} bp${c.gateModelsPromoted ? ', promoted' : ''}\n`);
  }
  await scoreGatePredictions(db, new Date()); // predictions whose ads reached 1,000 impressions on the last day
  const rows = await db.query<{ id: number; ctr: number; model: string; predicted: { accountCtr: number; neighbours: Array<[number, number, number]> }; impressions: number; clicks: number }>(
    `select id::int as id, (predicted->>'ctr')::float8 as ctr, split_part(model_version, '+', 1) as model, predicted,
            (actual->>'impressions')::float8 as impressions, (actual->>'clicks')::float8 as clicks
       from predictions where kind = 'gate_ctr' and scored_at is not null order by id`,
  );
  const byWeek = new Map<number, { made: number[]; defaults: number[]; account: number[]; models: Set<string> }>();
  const day1: number[] = [];
  for (const r of rows.rows) {
    const d = madeOn.get(r.id);
    if (d === undefined) continue;
    const e = scoreGatePrediction(r.ctr, r.impressions, r.clicks).absError;
    const sample = { order: r.id, accountCtr: r.predicted.accountCtr, neighbours: r.predicted.neighbours.map(([similarity, impressions, clicks]) => ({ similarity, impressions, clicks })), impressions: r.impressions, clicks: r.clicks };
    const k = r.predicted.neighbours.length;
    const replayed = scoreGatePrediction(replayGate(sample, defaultGateParams(Math.max(1, k))), r.impressions, r.clicks).absError;
    if (d === 0) day1.push(e);
    const w = byWeek.get(weekOf(d)) ?? { made: [], defaults: [], account: [], models: new Set<string>() };
    w.made.push(e);
    w.defaults.push(replayed);
    // The naive forecast (the account CTR) on the same ads: how hard that week's launches were.
    w.account.push(scoreGatePrediction(r.predicted.accountCtr, r.impressions, r.clicks).absError);
    w.models.add(r.model);
    byWeek.set(weekOf(d), w);
  }
  const base = mean(byWeek.get(1)?.made ?? []);
  emit('learning.gate_ctr_mae_day1_bp', mean(day1) * 10_000, 'bp', { n: day1.length, note: 'few ads launch per day: week 1 is the steadier baseline' });
  for (const [w, v] of [...byWeek].sort((x, y) => x[0] - y[0])) {
    const mae = mean(v.made);
    emit(`learning.gate_ctr_mae_week${w}_bp`, mae * 10_000, 'bp', {
      n: v.made.length,
      vsWeek1: r4(mae / base),
      improved: w === 1 ? null : mae < base,
      withDefaultParamsBp: r4(mean(v.defaults) * 10_000),
      accountMeanBp: r4(mean(v.account) * 10_000),
      vsAccountMean: r4(mae / mean(v.account)),
      models: [...v.models],
    });
  }
  const champ = await db.query<{ version: string; params: unknown }>(`select version, params from model_registry where name = 'gate' and role = 'champion'`);
  emit('learning.gate_champion', rows.rows.length, 'predictions scored', { champion: champ.rows[0]?.version ?? null, params: champ.rows[0]?.params ?? null, ads: ADS, days: DAYS, seconds: Math.round((performance.now() - t0) / 1000) });
} finally {
  await b.close();
}
