// Does the learning cycle learn? Two halves, each reported per week against day 1.
//
// Gate: a simulated account (workers/simulator) is fed into a real on-disk workspace one day at a
// time for 30 days after a history of START days. Each morning the day's new ads are gated before
// they run (winners.gate, recorded, neighbours launched before them only), the day's rows arrive,
// and a full learning cycle runs: it indexes the new ads, scores the gate predictions whose ads
// have delivered 1,000 impressions, and recalibrates the gate (promotion only on lower held-out
// error). Those few launches a day are what the gate learns from, but scoring them per week
// measured mostly which ads launched that week. So the metric is a fixed evaluation set
// (bench/lib/learning/eval-set.ts): an eighth of the account's day-0 ads, held out of the
// workspace, gated at the end of day 1 and of each week with the engine's state as it stands then
// (index, account CTR, champion parameters) — same ads every time — and scored against their true
// (latent) CTR, beside the account-mean forecast and the same evidence under the default
// parameters, which separates what recalibration did from what the growing index did, and the
// simulator's own DNA formula: the floor for any forecast from DNA alone.
//
// Allocation: the simulator does not respond to budgets, so the allocator's value is measured in
// the closed-loop market (bench/lib/market) the allocation-quality bench uses: Adloop's sampler
// reallocating daily for 30 days on 20 seeds; value = true expected pipeline value of the budgets
// it ran as a share of the oracle's on the same day (the market's level moves day to day).
import { emit } from './lib';
import { benchEngine, runCycle, type BenchEngine } from './lib/learning/engine';
import { audienceShares, ctrErrors, dnaCeilingCtr, holdOutAds, pickHeldOut, type CtrErrors } from './lib/learning/eval-set';
import { addDay, addLaunches, loadThrough } from './lib/learning/feed';
import { createMarket } from './lib/market/model';
import { ADLOOP_SETTINGS, createAdloop } from './lib/market/policies/adloop';
import { oracle } from './lib/market/policies/oracle';
import { runPolicy } from './lib/market/simulate';
import { defaultGateParams, recordedEvidence, replayGate, type RecordedNeighbour } from '../workers/domain/learning/gate-calibration';
import { gateChampion } from '../workers/engine/learning/gate-model';
import { simulate } from '../workers/simulator';

const ADS = Number(process.env.BENCH_ADS ?? 1500);
// Days of history before the first gated morning. BENCH_START=1 is a diagnostic (README): the
// same simulation, with a thin index on day 1, to see whether the measure can register learning.
const START = Number(process.env.BENCH_START ?? 7);
if (!(Number.isInteger(START) && START >= 1 && START <= 7)) throw new RangeError(`BENCH_START must be an integer 1..7, got ${process.env.BENCH_START}`);
const DAYS = 30;
/** Share of the day-0 ads held out as the gate's evaluation set, and the seed that picks them. */
const EVAL_SHARE = 0.125;
const EVAL_SEED = 11;
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
// The length is fixed (7 days of history at most), so a shorter history is the same account.
const full = simulate({ seed: 3, ads: ADS, days: 7 + DAYS + 8, endDay: '2026-10-31' });
const { sim, evalAds } = holdOutAds(full, pickHeldOut(full, EVAL_SHARE, EVAL_SEED));
// The floor under any DNA-only forecast (the simulator's formula, audience and noise unknown).
const ceiling = ctrErrors(evalAds.map((a) => dnaCeilingCtr(a.dna, audienceShares(full))), evalAds.map((a) => a.trueCtr));
const CHECKPOINTS = new Map([[1, 'day1'], [7, 'week1'], [14, 'week2'], [21, 'week3'], [DAYS, 'week4']]);

interface Checkpoint {
  label: string;
  gate: CtrErrors;
  defaults: CtrErrors;
  account: CtrErrors;
  realisedBp: { gate: number; account: number; n: number };
  champion: string;
  indexed: number;
  replayMismatches: number;
}

/**
 * Gates every evaluation ad with the engine as it stands: the real winners.gate call (index,
 * account CTR, champion parameters), recorded so the evidence it read can be replayed with the
 * default parameters, then the records are deleted so no cycle ever sees them.
 */
async function evaluate(b: BenchEngine, label: string): Promise<Checkpoint> {
  const db = b.engine.db;
  const ids: number[] = [];
  for (const a of evalAds) {
    const out = await b.call<{ predictionId: number | null }>('winners.gate', { dna: a.dna, adSetId: a.adSetId, record: true });
    if (out.predictionId === null) throw new Error('winners.gate with record: true returned no prediction id');
    ids.push(out.predictionId);
  }
  const res = await db.query<{ id: number; model: string; predicted: { ctr: number; accountCtr: number; contextRatio?: number; neighbours: RecordedNeighbour[] } }>(
    `select id::int as id, split_part(model_version, '+', 1) as model, predicted from predictions where id = any($1::int[])`,
    [ids],
  );
  await db.query(`delete from predictions where id = any($1::int[])`, [ids]);
  const byId = new Map(res.rows.map((r) => [r.id, r]));
  const k = Number(res.rows[0]?.predicted.neighbours.length ?? 1);
  const champ = await gateChampion(db, Math.max(1, k));
  const gate: number[] = [];
  const defaults: number[] = [];
  const account: number[] = [];
  const truth: number[] = [];
  const realised = { gate: [] as number[], account: [] as number[] };
  let replayMismatches = 0;
  ids.forEach((id, i) => {
    const p = byId.get(id)!.predicted;
    const sample = { order: id, ...recordedEvidence(p.accountCtr, p.contextRatio, p.neighbours), impressions: 1, clicks: 0 };
    if (Math.abs(replayGate(sample, champ.params) - p.ctr) > 1e-9) replayMismatches++;
    gate.push(p.ctr);
    defaults.push(replayGate(sample, defaultGateParams(Math.max(1, p.neighbours.length))));
    account.push(p.accountCtr);
    const ad = evalAds[i]!;
    truth.push(ad.trueCtr);
    // As the cycle scores a prediction: on an ad's realised CTR once it has 1,000 impressions.
    if (ad.impressions >= 1000) {
      realised.gate.push(Math.abs(p.ctr - ad.clicks / ad.impressions));
      realised.account.push(Math.abs(p.accountCtr - ad.clicks / ad.impressions));
    }
  });
  const indexed = await db.query<{ n: number }>('select count(*)::int as n from creative_embeddings');
  return {
    label,
    gate: ctrErrors(gate, truth),
    defaults: ctrErrors(defaults, truth),
    account: ctrErrors(account, truth),
    realisedBp: { gate: mean(realised.gate) * 10_000, account: mean(realised.account) * 10_000, n: realised.gate.length },
    champion: champ.version,
    indexed: indexed.rows[0]!.n,
    replayMismatches,
  };
}

const b = await benchEngine('adloop-bench-learning-');
const t0 = performance.now();
try {
  const db = b.engine.db;
  await loadThrough(db, sim, START - 1);
  await runCycle(b); // indexes the history
  let gated = 0;
  const checkpoints: Checkpoint[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = START + d;
    // Each morning's launches are gated before they run and recorded: the cycle scores these
    // once they have delivered and recalibrates the gate on them.
    for (const id of await addLaunches(db, sim, day)) {
      const out = await b.call<{ predictionId: number | null }>('winners.gate', { adId: id, launchedBefore: sim.days[day] }).catch(() => null);
      if (out?.predictionId) gated++;
    }
    await addDay(db, sim, day);
    const run = await runCycle(b);
    const c = run.steps.find((s) => s.id === 'score-and-propose')!.counts;
    const label = CHECKPOINTS.get(d + 1);
    const cp = label ? await evaluate(b, label) : null;
    if (cp) checkpoints.push(cp);
    process.stderr.write(
      `day ${d + 1}: ${gated} gated, ${c.gatePredictionsScored ?? 0} scored, held-out ${c.gateHeldOutCtrMaeBp?.toFixed(2) ?? '-'} bp${c.gateModelsPromoted ? ', promoted' : ''}` +
        (cp ? `; evaluation ${cp.gate.maeBp.toFixed(2)} bp (defaults ${cp.defaults.maeBp.toFixed(2)}, account mean ${cp.account.maeBp.toFixed(2)}), ${cp.champion}` : '') +
        '\n',
    );
  }
  const first = checkpoints[0]!;
  const metrics: Array<{ key: string; unit: string; of: (e: CtrErrors) => number }> = [
    { key: 'mae', unit: 'bp', of: (e) => e.maeBp },
    { key: 'rmse', unit: 'bp', of: (e) => e.rmseBp },
    // 100 × mean |ln(predicted / true)|: relative error, low-CTR ads weigh as much as high ones.
    { key: 'log_error', unit: '%', of: (e) => e.logError * 100 },
  ];
  for (const cp of checkpoints) {
    for (const m of metrics) {
      const v = m.of(cp.gate);
      const day1 = m.of(first.gate);
      emit(`learning.gate_eval_${m.key}_${cp.label}${m.unit === 'bp' ? '_bp' : '_pct'}`, v, m.unit, {
        n: cp.gate.n,
        day1: r4(day1),
        vsDay1: r4(v / day1),
        improved: cp === first ? null : v < day1,
        // The same evidence under the built-in parameters: what the index alone did (vs its own
        // day 1), and what recalibration added (the gap to the value).
        withDefaultParams: r4(m.of(cp.defaults)),
        defaultsVsDay1: r4(m.of(cp.defaults) / m.of(first.defaults)),
        accountMean: r4(m.of(cp.account)),
        vsAccountMean: r4(v / m.of(cp.account)),
        dnaCeiling: r4(m.of(ceiling)),
        ...(m.key === 'mae' ? { realisedBp: r4(cp.realisedBp.gate), realisedAccountMeanBp: r4(cp.realisedBp.account), realisedN: cp.realisedBp.n } : {}),
        champion: cp.champion,
        indexed: cp.indexed,
      });
    }
  }
  const scored = await db.query<{ n: number }>(`select count(*)::int as n from predictions where kind = 'gate_ctr' and scored_at is not null`);
  const champ = await db.query<{ version: string; params: unknown }>(`select version, params from model_registry where name = 'gate' and role = 'champion'`);
  emit('learning.gate_champion', scored.rows[0]!.n, 'predictions scored', {
    gated,
    champion: champ.rows[0]?.version ?? null,
    params: champ.rows[0]?.params ?? null,
    evalAds: evalAds.length,
    replayMismatches: checkpoints.reduce((s, cp) => s + cp.replayMismatches, 0),
    ads: ADS,
    days: DAYS,
    historyDays: START,
    seconds: Math.round((performance.now() - t0) / 1000),
  });
} finally {
  await b.close();
}
