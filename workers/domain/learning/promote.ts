// Champion / challenger: a new model version replaces the champion only when its held-out error
// is lower — by a margin, so noise between two equal models does not flip the champion daily.

export interface ScoredVersion {
  version: string;
  /** Held-out error (lower is better), e.g. mean log-loss of next-day forecasts. */
  heldOutError: number;
  /** How many held-out observations the error averages; too few cannot justify a change. */
  n: number;
}

export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

export function decidePromotion(champion: ScoredVersion | null, challenger: ScoredVersion, opts: { minRelativeGain?: number; minN?: number } = {}): PromotionDecision {
  const minGain = opts.minRelativeGain ?? 0.005;
  const minN = opts.minN ?? 20;
  if (!Number.isFinite(challenger.heldOutError)) return { promote: false, reason: `${challenger.version} has no finite held-out error.` };
  if (challenger.n < minN) return { promote: false, reason: `${challenger.version} was scored on ${challenger.n} held-out observations (fewer than ${minN}).` };
  if (!champion) return { promote: true, reason: `${challenger.version} is the first scored version.` };
  if (champion.version === challenger.version) return { promote: false, reason: `${challenger.version} is already the champion.` };
  const gain = (champion.heldOutError - challenger.heldOutError) / Math.abs(champion.heldOutError || 1);
  if (gain > minGain) {
    return { promote: true, reason: `${challenger.version} has lower held-out error (${fmt(challenger.heldOutError)} vs ${fmt(champion.heldOutError)}, ${(gain * 100).toFixed(1)} % better).` };
  }
  return { promote: false, reason: `${challenger.version} is not better on held-out data (${fmt(challenger.heldOutError)} vs the champion's ${fmt(champion.heldOutError)}).` };
}

const fmt = (x: number) => x.toPrecision(4);
