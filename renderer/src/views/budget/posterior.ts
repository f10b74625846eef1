// The chart of each holder's belief about its objective. The engine's posterior is Normal(mu,
// sigma) in log space, so on the objective's own scale it is log-normal.
import type { Allocation, Recommendation } from '../../../../contract';

export interface LogNormal {
  mu: number;
  sigma: number;
}

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** exp(−(ln x − mu)² / 2σ²) / (x σ √2π); 0 outside the support. */
export function logNormalDensity(x: number, { mu, sigma }: LogNormal): number {
  if (!(x > 0) || !(sigma > 0)) return 0;
  const z = (Math.log(x) - mu) / sigma;
  return Math.exp(-0.5 * z * z) / (x * sigma * SQRT_2PI);
}

/**
 * The objective as a buyer reads it. θ for clicks is clicks per MINOR unit of spend; per major
 * unit (per $1) it is θ·offset, i.e. the same log-normal with mu + ln(offset).
 */
export function displayPosterior(p: LogNormal, objective: Allocation['objective'], offset: number): LogNormal {
  return objective === 'clicks_per_spend' ? { mu: p.mu + Math.log(offset), sigma: p.sigma } : p;
}

export function objectiveLabel(objective: Allocation['objective'], currency: string): string {
  return objective === 'pipeline_roas' ? 'Pipeline ROAS (pipeline value ÷ spend)' : `Clicks per 1 ${currency} spent`;
}

/**
 * An x grid covering every curve: from the lowest exp(mu − 4σ) to the highest 98th percentile,
 * exp(mu + 2.05σ). The far right tail of a wide (learning) belief would otherwise stretch the axis
 * and squash every peak into its left edge. Starts at 0 when the curves start near it. Linear
 * steps: the densities are compared on the objective's own scale.
 */
export function densityGrid(ps: readonly LogNormal[], points = 160): number[] {
  if (ps.length === 0) return [];
  const lo = Math.min(...ps.map((p) => Math.exp(p.mu - 4 * p.sigma)));
  const hi = Math.max(...ps.map((p) => Math.exp(p.mu + 2.054 * p.sigma)));
  const start = lo < hi * 0.1 ? 0 : lo;
  const step = (hi - start) / (points - 1);
  return Array.from({ length: points }, (_, i) => start + i * step);
}

export interface Curve {
  key: string;
  holderId: string;
  label: string;
  posterior: LogNormal;
  /** Median and 90 % interval on the display scale, for the table beside the chart. */
  median: number;
  low: number;
  high: number;
}

export type ChartRow = { x: number } & Record<string, number>;

/** Which holders to draw: the chosen ones (up to `max`), else the top 5 by P(best). */
export function pickHolders(rows: readonly Recommendation[], chosen: ReadonlySet<string>, max = 8): Recommendation[] {
  const picked = rows.filter((r) => chosen.has(r.holderId));
  if (picked.length > 0) return picked.slice(0, max);
  return [...rows].sort((a, b) => b.pBest - a.pBest).slice(0, 5);
}

export function curvesFor(rows: readonly Recommendation[], objective: Allocation['objective'], offset: number): Curve[] {
  return rows.map((r, i) => {
    const p = displayPosterior(r.posterior, objective, offset);
    return {
      key: `h${i}`,
      holderId: r.holderId,
      label: r.holderName,
      posterior: p,
      median: Math.exp(p.mu),
      low: Math.exp(p.mu - 1.645 * p.sigma),
      high: Math.exp(p.mu + 1.645 * p.sigma),
    };
  });
}

export function chartData(curves: readonly Curve[], points = 160): ChartRow[] {
  return densityGrid(
    curves.map((c) => c.posterior),
    points,
  ).map((x) => {
    const row: ChartRow = { x };
    for (const c of curves) row[c.key] = logNormalDensity(x, c.posterior);
    return row;
  });
}
