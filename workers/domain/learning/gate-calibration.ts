// Scoring and recalibrating the pre-spend gate. A recorded gate prediction keeps what the gate
// knew when it predicted (the account CTR, the audience context and its neighbours' similarity,
// impressions, clicks and context), so once the creative has delivered, any parameter set can be
// replayed on exactly that evidence
// and scored against the CTR that happened. Recalibration fits the gate's shrinkage strength
// (prior weight, per-neighbour cap), similarity power and neighbour count on the older scored
// predictions and scores the fit on the newest ones (held out, so a fit cannot grade itself).
import { GATE_DEFAULTS, movedCtr, type GateNeighbour } from '../winners/gate';

export interface GateParams {
  priorClicks: number;
  neighbourCapClicks: number;
  similarityPower: number;
  /** Neighbours used, nearest first. */
  neighbours: number;
}

export interface ScoredGateSample {
  /** Orders samples in time (prediction id): the newest are held out. */
  order: number;
  accountCtr: number;
  /** The target ad set's CTR relative to the account when it was gated (absent: 1). */
  contextRatio?: number;
  /** Nearest first, as recorded. */
  neighbours: readonly GateNeighbour[];
  impressions: number;
  clicks: number;
}

export interface GateError {
  /** Mean |predicted − actual CTR| per prediction. */
  mae: number;
  /** Mean binomial log-loss per impression (nats): a proper score, reported beside the MAE. */
  logLoss: number;
  n: number;
}

export function gateVersionName(p: GateParams): string {
  return `gate-p${p.priorClicks}-c${p.neighbourCapClicks}-s${p.similarityPower}-k${p.neighbours}`;
}

export function sameGateParams(a: GateParams, b: GateParams): boolean {
  return a.priorClicks === b.priorClicks && a.neighbourCapClicks === b.neighbourCapClicks && a.similarityPower === b.similarityPower && a.neighbours === b.neighbours;
}

export function defaultGateParams(neighbours: number): GateParams {
  return { priorClicks: GATE_DEFAULTS.priorClicks, neighbourCapClicks: GATE_DEFAULTS.neighbourCapClicks, similarityPower: GATE_DEFAULTS.similarityPower, neighbours };
}

/** Reads params from a registry row; anything malformed falls back to the defaults. */
export function parseGateParams(raw: Record<string, unknown> | null | undefined, neighbours: number): GateParams {
  const d = defaultGateParams(neighbours);
  const pos = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  if (!raw) return d;
  return {
    priorClicks: pos(raw.priorClicks, d.priorClicks),
    neighbourCapClicks: pos(raw.neighbourCapClicks, d.neighbourCapClicks),
    similarityPower: pos(raw.similarityPower, d.similarityPower),
    neighbours: Math.max(1, Math.round(pos(raw.neighbours, d.neighbours))),
  };
}

/** A neighbour as a gate prediction records it: [similarity, impressions, clicks, context ratio?]. */
export type RecordedNeighbour = [similarity: number, impressions: number, clicks: number, contextRatio?: number];

/**
 * The evidence of a recorded prediction, ready to replay. Predictions recorded before the gate read
 * the audience context carry none: they replay with a ratio of 1, as they were made.
 */
export function recordedEvidence(accountCtr: number, contextRatio: number | null | undefined, neighbours: readonly RecordedNeighbour[] | null | undefined): Pick<ScoredGateSample, 'accountCtr' | 'contextRatio' | 'neighbours'> {
  return {
    accountCtr,
    contextRatio: contextRatio ?? 1,
    neighbours: (neighbours ?? []).map(([similarity, impressions, clicks, ratio]) => ({ similarity, impressions, clicks, contextRatio: ratio ?? 1 })),
  };
}

/** One prediction's error against what happened. */
export function scoreGatePrediction(predictedCtr: number, impressions: number, clicks: number): { absError: number; logLoss: number; actualCtr: number } {
  if (!(impressions > 0)) throw new RangeError(`a gate prediction is scored on impressions > 0, got ${impressions}`);
  const c = Math.max(0, Math.min(clicks, impressions));
  const p = Math.min(1 - 1e-9, Math.max(1e-9, predictedCtr));
  const actualCtr = c / impressions;
  return { absError: Math.abs(p - actualCtr), logLoss: -(c * Math.log(p) + (impressions - c) * Math.log(1 - p)) / impressions, actualCtr };
}

/**
 * The gate's predicted CTR (its posterior mean) for a recorded sample under other parameters.
 * The same arithmetic as gateCreative (workers/domain/winners/gate.ts) without the interval's
 * Beta quantiles, which the fit's grid would otherwise compute hundreds of thousands of times; a
 * test holds the two equal.
 */
export function replayGate(s: ScoredGateSample, p: GateParams): number {
  const m = s.accountCtr;
  const rho = s.contextRatio ?? 1;
  const centre = Math.min(0.999, m * rho);
  const kappa = p.neighbourCapClicks / m;
  let clicks = 0;
  let nonClicks = 0;
  const k = Math.min(p.neighbours, s.neighbours.length);
  for (let i = 0; i < k; i++) {
    const nb = s.neighbours[i]!;
    const n = nb.impressions;
    if (!(n > 0) || !Number.isFinite(nb.similarity)) continue;
    const w = Math.max(0, Math.min(1, nb.similarity)) ** p.similarityPower;
    if (w === 0) continue;
    const ctr = movedCtr(Math.max(0, Math.min(n, nb.clicks)) / n, nb.contextRatio, rho);
    const effective = w / (1 / n + 1 / kappa);
    clicks += effective * ctr;
    nonClicks += effective * (1 - ctr);
  }
  const alpha = p.priorClicks + clicks;
  const beta = (p.priorClicks * (1 - centre)) / centre + nonClicks;
  return alpha / (alpha + beta);
}

export function gateError(samples: readonly ScoredGateSample[], p: GateParams): GateError {
  let mae = 0;
  let loss = 0;
  let n = 0;
  for (const s of samples) {
    if (!(s.impressions > 0) || !(s.accountCtr > 0 && s.accountCtr < 1)) continue;
    const e = scoreGatePrediction(replayGate(s, p), s.impressions, s.clicks);
    mae += e.absError;
    loss += e.logLoss;
    n++;
  }
  return n ? { mae: mae / n, logLoss: loss / n, n } : { mae: Number.NaN, logLoss: Number.NaN, n: 0 };
}

/** Newest `heldOutShare` of the samples (by order) are held out; the rest fit. */
export function splitHeldOut<T extends { order: number }>(samples: readonly T[], heldOutShare = 1 / 3): { fit: T[]; heldOut: T[] } {
  const sorted = [...samples].sort((a, b) => a.order - b.order);
  const cut = sorted.length - Math.max(sorted.length ? 1 : 0, Math.round(sorted.length * heldOutShare));
  return { fit: sorted.slice(0, cut), heldOut: sorted.slice(cut) };
}

/** The grid the fit searches: shrinkage strength × neighbour cap × similarity power × count. */
export function gateGrid(maxNeighbours: number): GateParams[] {
  const counts = [...new Set([5, 10, 20, maxNeighbours].filter((k) => k >= 1 && k <= maxNeighbours))];
  const out: GateParams[] = [];
  for (const priorClicks of [2.5, 5, 10, 20, 40, 80])
    for (const neighbourCapClicks of [10, 30, 100])
      for (const similarityPower of [1, 2, 4]) for (const neighbours of counts) out.push({ priorClicks, neighbourCapClicks, similarityPower, neighbours });
  return out;
}

export interface GateFit {
  params: GateParams;
  fitError: GateError;
}

/** The grid point with the lowest MAE on the fit samples (ties: the earlier, i.e. simpler, point). */
export function fitGate(fit: readonly ScoredGateSample[], maxNeighbours: number): GateFit | null {
  let best: GateFit | null = null;
  for (const p of gateGrid(maxNeighbours)) {
    const e = gateError(fit, p);
    if (!Number.isFinite(e.mae)) continue;
    if (!best || e.mae < best.fitError.mae - 1e-15) best = { params: p, fitError: e };
  }
  return best;
}
