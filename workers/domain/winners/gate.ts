// The pre-spend gate: a predicted CTR for a creative that has not run, from the results of its
// nearest indexed neighbours, and an advisory verdict against the account average.
//
// Model (Beta–binomial with discounted neighbour evidence):
//   prior      Beta(α₀, β₀) centred on the account CTR m with the weight of `priorClicks` expected
//              clicks: α₀ = priorClicks, β₀ = priorClicks·(1 − m)/m  (i.e. priorClicks/m impressions).
//   neighbour  i with impressions nᵢ, clicks cᵢ and cosine similarity sᵢ contributes pseudo-counts
//              wᵢ·n̂ᵢ·ĉtrᵢ clicks and wᵢ·n̂ᵢ·(1 − ĉtrᵢ) non-clicks, where ĉtrᵢ = cᵢ/nᵢ,
//              wᵢ = clamp(sᵢ, 0, 1)^similarityPower, and n̂ᵢ = 1 / (1/nᵢ + 1/κ) with
//              κ = neighbourCapClicks/m impressions. n̂ᵢ ≈ nᵢ for a thin neighbour (its own sampling
//              noise dominates) and → κ for a well-measured one: another creative, however well
//              measured, tells us only so much about this one, so no single neighbour can pin the
//              prediction. This is how "shrunk toward the account mean by how much evidence the
//              neighbours carry" is made precise: the prior's share of the posterior weight is
//              reported as `shrinkage`.
//   posterior  Beta(α₀ + Σ clicks, β₀ + Σ non-clicks); prediction = its mean, interval = its
//              equal-tailed `credibility` quantiles.
//   context    the audience a creative runs in moves its CTR as much as its DNA does (retargeting
//              runs well above cold prospecting). Each neighbour's CTR is first put on the footing
//              of the ad set the creative will run in: ĉtrᵢ · ρ / ρᵢ, where ρᵢ is the neighbour's
//              own ad set's CTR relative to the account (without the neighbour itself) and ρ the
//              target ad set's (without the creative itself), both shrunk toward 1
//              (workers/domain/winners/audience-context.ts). The prior is centred on ρ·m. With no ad set named, ρ = 1: a
//              neighbour's audience is still taken out, and the prediction is for an average one.
//
// Decision, with threshold t = rejectRatio·m (rejectRatio is the setting, default 0.70):
//   REJECT     the whole interval is below t      (upper < t)
//   PROCEED    the whole interval is at or above t (lower ≥ t)
//   UNCERTAIN  the interval straddles t            (lower < t ≤ upper)
// so the verdict agrees with "prediction below / above 70 % of the account average" whenever the
// evidence is clear, and says so when it is not. An empty neighbourhood yields the prior, whose
// default interval straddles t: UNCERTAIN.
import { betaCdf, betaQuantile } from '../math/beta';

export interface GateNeighbour {
  /** Cosine similarity to the draft, −1..1 (negatives count as 0). */
  similarity: number;
  impressions: number;
  clicks: number;
  /** The neighbour's ad set CTR relative to the account's, shrunk (default 1: no adjustment). */
  contextRatio?: number;
}

export interface GateOptions {
  /** The target ad set's CTR relative to the account's, shrunk (default 1: an average audience). */
  contextRatio?: number;
  /** REJECT below this share of the account CTR. Default 0.70. */
  rejectRatio?: number;
  /** Prior weight, in expected clicks at the account CTR. Default 10. */
  priorClicks?: number;
  /** Most evidence one neighbour can carry, in expected clicks at the account CTR. Default 30. */
  neighbourCapClicks?: number;
  /** Similarity weight = similarity^power; > 1 favours the closest neighbours. Default 2. */
  similarityPower?: number;
  /** Interval mass. Default 0.90. */
  credibility?: number;
}

export type GateDecision = 'REJECT' | 'PROCEED' | 'UNCERTAIN';

export interface GateResult {
  decision: GateDecision;
  predictedCtr: number;
  interval: { lower: number; upper: number; credibility: number };
  accountCtr: number;
  /** rejectRatio × accountCtr. */
  threshold: number;
  /** predictedCtr / accountCtr. */
  ratioToAccount: number;
  /** Posterior P(CTR ≥ threshold): a ranking score for "will this do well". */
  probAboveThreshold: number;
  /** The target ad set's CTR relative to the account (1 = an average audience). */
  contextRatio: number;
  /** Prior's share of the posterior weight: 1 = no neighbour evidence, → 0 with plenty. */
  shrinkage: number;
  /** Similarity-weighted, capped impressions the neighbours contributed. */
  evidenceImpressions: number;
  neighboursUsed: number;
  posterior: { alpha: number; beta: number };
  /** One-paragraph advice; a rejection is never a block. */
  advice: string;
}

export const GATE_DEFAULTS: Required<GateOptions> = {
  contextRatio: 1,
  rejectRatio: 0.7,
  priorClicks: 10,
  neighbourCapClicks: 30,
  similarityPower: 2,
  credibility: 0.9,
};

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const validRatio = (r: number | undefined) => (r !== undefined && Number.isFinite(r) && r > 0 ? r : 1);

/** A neighbour's CTR moved to the target's audience: ĉtr · ρ / ρᵢ, kept inside (0, 1). */
export function movedCtr(ctr: number, neighbourRatio: number | undefined, targetRatio: number): number {
  return Math.min(0.999, (ctr * targetRatio) / validRatio(neighbourRatio));
}

export function gateCreative(neighbours: readonly GateNeighbour[], accountCtr: number, options: GateOptions = {}): GateResult {
  const o = { ...GATE_DEFAULTS, ...options };
  if (!(accountCtr > 0 && accountCtr < 1)) throw new RangeError(`account CTR must be in (0, 1), got ${accountCtr}`);
  if (!(o.rejectRatio > 0) || !(o.priorClicks > 0) || !(o.neighbourCapClicks > 0) || !(o.credibility > 0 && o.credibility < 1)) {
    throw new RangeError('gate options out of range');
  }
  const m = accountCtr;
  const rho = validRatio(o.contextRatio);
  const centre = Math.min(0.999, m * rho);
  const alpha0 = o.priorClicks;
  const beta0 = (o.priorClicks * (1 - centre)) / centre;
  const kappa = o.neighbourCapClicks / m;

  let clicks = 0;
  let nonClicks = 0;
  let used = 0;
  for (const nb of neighbours) {
    const n = nb.impressions;
    if (!(n > 0) || !Number.isFinite(nb.similarity)) continue;
    const w = Math.max(0, Math.min(1, nb.similarity)) ** o.similarityPower;
    if (w === 0) continue;
    const ctr = movedCtr(Math.max(0, Math.min(n, nb.clicks)) / n, nb.contextRatio, rho);
    const effective = w / (1 / n + 1 / kappa);
    clicks += effective * ctr;
    nonClicks += effective * (1 - ctr);
    used++;
  }

  const alpha = alpha0 + clicks;
  const beta = beta0 + nonClicks;
  const predictedCtr = alpha / (alpha + beta);
  const tail = (1 - o.credibility) / 2;
  const lower = betaQuantile(tail, alpha, beta);
  const upper = betaQuantile(1 - tail, alpha, beta);
  const threshold = o.rejectRatio * m;
  const decision: GateDecision = upper < threshold ? 'REJECT' : lower >= threshold ? 'PROCEED' : 'UNCERTAIN';
  const evidenceImpressions = clicks + nonClicks;
  const shrinkage = (alpha0 + beta0) / (alpha + beta);

  const audience = Math.abs(rho - 1) >= 0.05 ? ` Its ad set runs at ${rho.toFixed(2)}× the account CTR, and the prediction is for that audience.` : '';
  const line = `Predicted CTR ${pct(predictedCtr)} (${Math.round(o.credibility * 100)} % interval ${pct(lower)}–${pct(upper)}) against an account average of ${pct(m)}; the bar is ${Math.round(o.rejectRatio * 100)} % of it, ${pct(threshold)}.${audience}`;
  const advice =
    decision === 'REJECT'
      ? `${line} Similar creatives have underperformed, so this one is likely to as well. This is advice, not a block: it can still be launched on a small test budget to check.`
      : decision === 'PROCEED'
        ? `${line} Similar creatives have cleared the bar; launch it.`
        : used === 0
          ? `${line} No similar creative has results yet, so this is the account average. Launch it on a small test budget to learn.`
          : `${line} The evidence from similar creatives is not conclusive. Launch it on a small test budget to learn.`;

  return {
    decision,
    predictedCtr,
    interval: { lower, upper, credibility: o.credibility },
    accountCtr: m,
    threshold,
    ratioToAccount: predictedCtr / m,
    contextRatio: rho,
    probAboveThreshold: 1 - betaCdf(threshold, alpha, beta),
    shrinkage,
    evidenceImpressions,
    neighboursUsed: used,
    posterior: { alpha, beta },
    advice,
  };
}
