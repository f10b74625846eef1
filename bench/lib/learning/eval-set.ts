// The learning-quality bench's fixed evaluation set for the gate. Scoring the predictions the gate
// made each week measures mostly which few ads happened to launch that week; to see whether the
// gate learned, the same ads must be gated with the engine's state at each checkpoint. These are
// a seeded sample of the simulated account's own ads — DNA from the simulator's generator, true
// CTR from its formula (DNA, audience, per-ad noise) — removed from the workspace entirely, so
// they are never indexed and never become anyone's neighbour.
import { createRng } from '../../../workers/domain/math/random';
import type { Simulation } from '../../../workers/simulator';
import { dnaLogOdds } from '../../../workers/simulator/dna';

export interface EvalAd {
  id: string;
  dna: Simulation['ads'][number]['dna'];
  /** The ad set it runs in: the gate predicts for that audience. */
  adSetId: string;
  /** The simulator's latent CTR (before fatigue): what the gate tries to foresee. */
  trueCtr: number;
  /** Realised over every simulated day: the CTR the learning cycle would have scored. */
  impressions: number;
  clicks: number;
}

/**
 * Marks about `share` of the ads already running when the window opens (launch day 0). The ads
 * launched during the window stay: they are the ones gated each morning, whose scored
 * predictions the cycle recalibrates on.
 */
export function pickHeldOut(sim: Simulation, share: number, seed: number): boolean[] {
  if (!(share > 0 && share < 1)) throw new RangeError(`the held-out share must be in (0, 1), got ${share}`);
  const rng = createRng(seed);
  return sim.ads.map((a) => rng() < share && a.launchDay === 0);
}

/** The simulation without the held-out ads (their rows and deals too), and the held-out ads. */
export function holdOutAds(sim: Simulation, held: readonly boolean[]): { sim: Simulation; evalAds: EvalAd[] } {
  if (held.length !== sim.ads.length) throw new RangeError(`expected one flag per ad (${sim.ads.length}), got ${held.length}`);
  const newIndex = new Int32Array(sim.ads.length).fill(-1);
  let n = 0;
  held.forEach((h, i) => (newIndex[i] = h ? -1 : n++));
  const m = sim.metrics;
  const rows: number[] = [];
  const impressions = new Float64Array(sim.ads.length);
  const clicks = new Float64Array(sim.ads.length);
  for (let r = 0; r < m.count; r++) {
    const i = m.ad[r]!;
    if (newIndex[i]! >= 0) rows.push(r);
    else {
      impressions[i] = impressions[i]! + m.impressions[r]!;
      clicks[i] = clicks[i]! + m.clicks[r]!;
    }
  }
  const pick = (a: Int32Array) => Int32Array.from(rows, (r) => a[r]!);
  const evalAds = sim.ads.flatMap((a, i) => (held[i] ? [{ id: a.id, dna: a.dna, adSetId: a.adSetId, trueCtr: sim.truth[i]!.latentCtr, impressions: impressions[i]!, clicks: clicks[i]! }] : []));
  return {
    sim: {
      ...sim,
      ads: sim.ads.filter((_, i) => !held[i]),
      truth: sim.truth.filter((_, i) => !held[i]),
      metrics: { count: rows.length, ad: Int32Array.from(rows, (r) => newIndex[m.ad[r]!]!), day: pick(m.day), impressions: pick(m.impressions), reach: pick(m.reach), clicks: pick(m.clicks), spend: pick(m.spend) },
      deals: sim.deals.filter((d) => newIndex[d.ad]! >= 0).map((d) => ({ ...d, ad: newIndex[d.ad]! })),
    },
    evalAds,
  };
}

/**
 * The simulator's audience shifts of log-odds CTR and its per-ad noise (workers/simulator/
 * generate.ts, not exported there); a test checks them against the simulator's latent CTRs.
 */
export const SIM_AUDIENCE_BOOST = { cold: 0, lookalike: 0.1, broad: -0.1, retargeting: 0.55 } as const;
export const SIM_CTR_NOISE_SD = 0.25;

/** Each audience type's share of the simulation's ads. */
export function audienceShares(sim: Simulation): Record<keyof typeof SIM_AUDIENCE_BOOST, number> {
  const type = new Map(sim.adSets.map((s) => [s.id, s.audienceType]));
  const out = { cold: 0, lookalike: 0, broad: 0, retargeting: 0 };
  for (const a of sim.ads) out[type.get(a.adSetId)!] += 1 / sim.ads.length;
  return out;
}

/**
 * The best forecast from DNA alone: the expected latent CTR of an ad with this DNA over the
 * audiences (as often as the account uses them) and the per-ad noise, from the simulator's own
 * formula. No gate can do better on average without knowing the ad's audience and noise, so the
 * gap between the account-mean forecast and this is all there is for learning to win.
 */
export function dnaCeilingCtr(dna: EvalAd['dna'], shares: Record<keyof typeof SIM_AUDIENCE_BOOST, number>): number {
  const x0 = dnaLogOdds(dna);
  // The noise's normal expectation on a grid of ±4 sd: plenty for a smooth logistic.
  const steps = 80;
  let sum = 0;
  let wsum = 0;
  for (let j = 0; j <= steps; j++) {
    const z = -4 + (8 * j) / steps;
    const w = Math.exp(-(z * z) / 2);
    for (const [t, share] of Object.entries(shares) as Array<[keyof typeof SIM_AUDIENCE_BOOST, number]>) {
      sum += w * share * (1 / (1 + Math.exp(-(x0 + SIM_AUDIENCE_BOOST[t] + SIM_CTR_NOISE_SD * z))));
    }
    wsum += w;
  }
  return sum / wsum;
}

export interface CtrErrors {
  n: number;
  /** Mean |predicted − actual| in basis points of CTR. */
  maeBp: number;
  rmseBp: number;
  /** Mean |ln(predicted / actual)|: relative error, which a low-CTR ad weighs as much as a high one. */
  logError: number;
}

/** Errors of predicted CTRs against actual ones, pair by pair (both strictly between 0 and 1). */
export function ctrErrors(predicted: readonly number[], actual: readonly number[]): CtrErrors {
  if (predicted.length !== actual.length) throw new RangeError(`${predicted.length} predictions for ${actual.length} actual CTRs`);
  if (predicted.length === 0) throw new RangeError('no predictions to score');
  let abs = 0;
  let sq = 0;
  let log = 0;
  predicted.forEach((p, i) => {
    const a = actual[i]!;
    if (!(p > 0 && p < 1) || !(a > 0 && a < 1)) throw new RangeError(`CTRs must be in (0, 1): predicted ${p}, actual ${a} at ${i}`);
    abs += Math.abs(p - a);
    sq += (p - a) ** 2;
    log += Math.abs(Math.log(p / a));
  });
  const n = predicted.length;
  return { n, maeBp: (abs / n) * 10_000, rmseBp: Math.sqrt(sq / n) * 10_000, logError: log / n };
}
