// Settings of the winners area (merged into settingsSchema in methods-settings.ts). The winner
// bar is DOMAIN.md's ("CTR ≥ 3 % or pipeline ROAS ≥ 3.0, with at least 1,000 impressions, 30
// clicks, 50 of currency spent and 24 h live"); the gate's REJECT line is 70 % of the account CTR.
import { z } from 'zod';

export const winnersSettingsShape = {
  /** A winner's CTR bar (share, 0.03 = 3 %). */
  winnerMinCtr: z.number().min(0).max(1).default(0.03),
  /** …or its pipeline ROAS bar. */
  winnerMinPipelineRoas: z.number().min(0).max(1000).default(3),
  winnerMinImpressions: z.number().int().min(0).default(1000),
  winnerMinClicks: z.number().int().min(0).default(30),
  /** Minimum spend in major units of the ad's account currency (converted per currency offset). */
  winnerMinSpend: z.number().min(0).default(50),
  winnerMinLiveHours: z.number().min(0).max(24 * 365).default(24),
  /** The gate REJECTs a creative whose whole interval is below this share of the account CTR. */
  gateRejectRatio: z.number().gt(0).max(2).default(0.7),
  /**
   * Neighbours (winners or not, with results) the gate's prediction is built from. 50 was best of
   * 10–150 on the simulator's held-out ads (bench/winners-quality.bench.ts; similarity² weighting
   * keeps the far ones light).
   */
  gateNeighbours: z.number().int().min(1).max(200).default(50),
  /** HNSW search breadth (pgvector hnsw.ef_search); higher = better recall, slower. */
  winnersEfSearch: z.number().int().min(10).max(1000).default(100),
} as const;
