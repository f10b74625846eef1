import type { SimDna } from './dna';

export interface SimOptions {
  seed: number;
  ads: number;
  days: number;
  /** Last simulated day, YYYY-MM-DD (UTC). */
  endDay: string;
}

export interface SimAccount { id: string; name: string; currency: string; offset: number; minBudget: number }
export interface SimCampaign { id: string; accountId: string; name: string; objective: string; budgetMode: 'ABO' | 'CBO'; dailyBudget: number | null }
export interface SimAdSet {
  id: string; campaignId: string; accountId: string; name: string; dailyBudget: number | null;
  audienceType: 'cold' | 'lookalike' | 'broad' | 'retargeting'; audienceSize: number;
}
export interface SimAd {
  id: string; adSetId: string; campaignId: string; accountId: string; name: string; dna: SimDna;
  launchDay: number; // index into days
  pausedDay: number | null;
}

/** Daily rows, columnar: 900,000 rows are typed arrays, not objects. */
export interface SimMetrics {
  count: number;
  ad: Int32Array; // index into ads
  day: Int32Array; // index into days
  impressions: Int32Array;
  reach: Int32Array;
  clicks: Int32Array;
  spend: Int32Array; // minor units
}

export interface SimStage { pipelineId: string; id: string; label: string; order: number; probability: number; isClosed: boolean; isWon: boolean }
export interface SimDeal {
  id: string; name: string; pipelineId: string; stageId: string; amount: number; createdDay: number; closedDay: number | null;
  ad: number; // the ad whose click created it (ground truth)
  contact: { id: string; source: string; sourceData1: string | null; sourceData2: string | null; firstUrl: string | null; facebookClickId: string | null };
}

export interface AdTruth {
  adId: string;
  latentCtr: number;
  fatigueOnsetDay: string | null;
  /** For ads susceptible to fatigue: CTR × (floor + (1 − floor)·e^(−t/τ)) t days after onset. */
  fatigueCurve: { floor: number; tauDays: number } | null;
  isWinner: boolean;
  /** Expected pipeline value of the ad's delivery at its latent rates ÷ its spend (null: no spend). */
  truePipelineRoas: number | null;
  /** The pipeline value the simulated deals carry (stage probability × amount), minor units. */
  pipelineValue: number;
}

export interface Simulation {
  options: SimOptions;
  days: string[];
  accounts: SimAccount[];
  campaigns: SimCampaign[];
  adSets: SimAdSet[];
  ads: SimAd[];
  metrics: SimMetrics;
  pipelines: Array<{ id: string; label: string; order: number }>;
  stages: SimStage[];
  deals: SimDeal[];
  truth: AdTruth[];
}
