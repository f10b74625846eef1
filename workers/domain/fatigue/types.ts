// The fatigue detector's vocabulary: statuses, settings with their defaults, and the finding it
// returns. Status codes are small integers so the batch path can return them in a Uint8Array.

export type AudienceType = 'cold' | 'lookalike' | 'broad' | 'retargeting';
export type FatigueStatus = 'WARMING' | 'HEALTHY' | 'FATIGUING' | 'SATURATED' | 'AUDIENCE_EXHAUSTED';

export const STATUSES: readonly FatigueStatus[] = ['WARMING', 'HEALTHY', 'FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED'];
export const STATUS_CODE: Readonly<Record<FatigueStatus, number>> = {
  WARMING: 0,
  HEALTHY: 1,
  FATIGUING: 2,
  SATURATED: 3,
  AUDIENCE_EXHAUSTED: 4,
};
export const AUDIENCES: readonly AudienceType[] = ['cold', 'lookalike', 'broad', 'retargeting'];
export const AUDIENCE_CODE: Readonly<Record<AudienceType, number>> = { cold: 0, lookalike: 1, broad: 2, retargeting: 3 };

export type FatigueTest = 'warm-up' | 'bernoulli-cusum' | 'frequency' | 'relative-cpm-and-reach' | 'none';
export const TESTS: readonly FatigueTest[] = ['warm-up', 'bernoulli-cusum', 'frequency', 'relative-cpm-and-reach', 'none'];

export interface FatigueSettings {
  /** Frequency band per audience: `warn` counts only with a CTR decline, `critical` alone is SATURATED. */
  frequency: Record<AudienceType, { warn: number; critical: number }>;
  /** Below any of these the ad is WARMING (an OR: every threshold must be met to leave warm-up). */
  warmup: { minDays: number; minImpressions: number; minSpend: number; minBaselineClicks: number };
  /** The CTR drop that matters: the CUSUM is tuned to it and confidence is P(drop ≥ ctrDrop). */
  ctrDrop: number;
  /** Smallest estimated drop reported, so huge volumes do not flag trivial (if significant) dips. */
  minCtrDrop: number;
  /** CUSUM alarm threshold in (dispersion-scaled) log-likelihood-ratio units. */
  cusumThreshold: number;
  /** One-sided posterior probability an effect must reach (P(drop > 0), P(CPM rise > 0), …). */
  significance: number;
  /** Rise in the ad's CPM relative to the account's CPM that counts as audience exhaustion. */
  cpmRise: number;
  /** Fall in the share of new reach that counts as audience exhaustion. */
  reachDrop: number;
  /** daysToCritical extrapolates the CTR trend to this fraction of the baseline CTR. */
  criticalCtrFraction: number;
  /** The "current" window (calendar days) for frequency, CPM and reach. */
  recentDays: number;
}

export const DEFAULT_FATIGUE_SETTINGS: FatigueSettings = {
  frequency: {
    cold: { warn: 3, critical: 4 },
    lookalike: { warn: 3, critical: 4 },
    broad: { warn: 3, critical: 4 },
    retargeting: { warn: 5, critical: 6 },
  },
  // Spend is in minor units (5,000 = 50.00 of the account currency, the prototype's winner bar).
  warmup: { minDays: 10, minImpressions: 5_000, minSpend: 5_000, minBaselineClicks: 30 },
  ctrDrop: 0.2,
  minCtrDrop: 0.1,
  cusumThreshold: 5,
  significance: 0.99,
  cpmRise: 0.25,
  reachDrop: 0.25,
  criticalCtrFraction: 0.5,
  recentDays: 7,
};

export type PartialFatigueSettings = Partial<Omit<FatigueSettings, 'frequency' | 'warmup'>> & {
  frequency?: Partial<Record<AudienceType, { warn: number; critical: number }>>;
  warmup?: Partial<FatigueSettings['warmup']>;
};

export function resolveSettings(s: PartialFatigueSettings = {}): FatigueSettings {
  return {
    ...DEFAULT_FATIGUE_SETTINGS,
    ...s,
    frequency: { ...DEFAULT_FATIGUE_SETTINGS.frequency, ...s.frequency },
    warmup: { ...DEFAULT_FATIGUE_SETTINGS.warmup, ...s.warmup },
  };
}

/** One day of an ad's delivery as Meta reports it (daily rows, `time_increment=1`). */
export interface AdDay {
  day: string; // YYYY-MM-DD
  impressions: number;
  clicks: number;
  spend: number; // minor units
  /** People reached that day (overlaps with other days). */
  reach: number;
  /** impressions ÷ reach for the day; used for reach when reach is missing (0). */
  frequency?: number;
  /** Lifetime unique reach as of this day, when the sync has it: gives true lifetime frequency and new reach. */
  cumulativeReach?: number;
  /** When the row was fetched (ISO time or epoch ms): the latest fetch of a day wins. */
  fetchedAt?: string | number;
}

export interface AccountCpmDay {
  day: string;
  /** Account CPM in minor units per 1,000 impressions. */
  cpm: number;
}

export interface Baseline {
  fromDay: string;
  toDay: string;
  impressions: number;
  clicks: number;
  ctr: number;
}

export interface FatigueEvidence {
  test: FatigueTest;
  sentence: string;
  baselineCtr: number | null;
  currentCtr: number | null;
  /** Estimated relative CTR change since onset (or over the recent window when there is no onset). */
  ctrChange: number | null;
  /** P(CTR has dropped ≥ ctrDrop) for the segment tested. */
  pMaterialDrop: number | null;
  cusum: number;
  cusumThreshold: number;
  /** Extra-binomial dispersion factor φ (1 = pure binomial noise). */
  dispersion: number;
  frequency: number | null;
  frequencySource: 'lifetime' | 'rolling-7d' | null;
  frequencyWarn: number;
  frequencyCritical: number;
  /** Change of (ad CPM ÷ account CPM) in the recent window against the baseline. */
  relativeCpmChange: number | null;
  /** Change of the share of new reach (or reach per impression) in the recent window against the baseline. */
  reachShareChange: number | null;
  lifetimeImpressions: number;
  lifetimeClicks: number;
  lifetimeSpend: number;
  daysLive: number;
}

export interface FatigueFinding {
  status: FatigueStatus;
  confidence: number;
  onsetDay: string | null;
  daysToCritical: number | null;
  evidence: FatigueEvidence;
  baseline: Baseline | null;
}
