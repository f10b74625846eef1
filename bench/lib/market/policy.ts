import type { Market } from './model';
import type { HolderHistory } from './observe';

export interface PolicyContext {
  market: Market; // only the oracle may read the latent rates
  /** Today; history holds days before it (deals created before it). */
  day: number;
  total: number;
  /** Holders live today (indices into market.holders). */
  active: number[];
  /** The budget each holder ran on yesterday; absent for a holder launched today. */
  yesterday: ReadonlyMap<number, number>;
  history: readonly HolderHistory[];
}

/** Budgets for today by holder index, integer minor units summing to ctx.total. */
export type Policy = (ctx: PolicyContext) => Map<number, number>;
