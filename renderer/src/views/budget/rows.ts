// What the holders table shows and in which order: direction of each change, the flags from the
// allocator's bindings, filters and sorting. Pure, so 10,000 rows filter without React in the way.
import type { ApprovalChange, Recommendation } from '../../../../contract';
import type { SortDir } from '../../components/sort';

export type Direction = 'raise' | 'cut' | 'keep';

export function directionOf(r: Pick<Recommendation, 'action' | 'currentBudget' | 'recommendedBudget'>): Direction {
  if (r.action === 'pause') return 'cut';
  if (r.currentBudget === null) return r.recommendedBudget > 0 ? 'raise' : 'keep';
  if (r.recommendedBudget > r.currentBudget) return 'raise';
  if (r.recommendedBudget < r.currentBudget) return 'cut';
  return 'keep';
}

export interface Flag {
  id: string;
  label: string;
  title: string;
}

/** Badges for a row: the ignorance zone, then each binding constraint a buyer should know about. */
export function flagsOf(r: Pick<Recommendation, 'ignorance' | 'bindings'>, maxChangePct?: number): Flag[] {
  const flags: Flag[] = [];
  if (r.ignorance) flags.push({ id: 'learning', label: 'Learning', title: 'Still in the ignorance zone: a protected exploration budget while evidence builds up.' });
  const has = (b: string) => r.bindings.includes(b);
  if (has('cap_up') || has('cap_down')) {
    flags.push({ id: 'capped', label: 'Capped', title: `Held by the ${maxChangePct ? `±${maxChangePct} % ` : ''}per-day change cap.` });
  }
  if (has('min_budget')) flags.push({ id: 'min-budget', label: 'Min budget', title: 'Held at Meta’s minimum daily budget.' });
  if (has('edit_limit')) flags.push({ id: 'edit-limit', label: 'Edit limit', title: 'Meta’s 4 budget edits per hour are used up; the budget stays.' });
  if (has('caps_relaxed')) flags.push({ id: 'caps-relaxed', label: 'Cap relaxed', title: 'The total could not be met within the per-day cap, so the cap was relaxed.' });
  if (has('unfundable')) flags.push({ id: 'unfunded', label: 'Unfunded', title: 'The total cannot fund every holder at Meta’s minimum; this one gets no budget.' });
  return flags;
}

export type ActionFilter = 'all' | Direction;

export interface RowFilter {
  text: string;
  action: ActionFilter;
  learningOnly: boolean;
  needsDecision: boolean;
}

export const noFilter: RowFilter = { text: '', action: 'all', learningOnly: false, needsDecision: false };

export type StateById = ReadonlyMap<number, Pick<ApprovalChange, 'state'>>;

export function needsDecision(r: Pick<Recommendation, 'changeId'>, states: StateById): boolean {
  return r.changeId !== null && states.get(r.changeId)?.state === 'proposed';
}

export function filterRows<R extends Recommendation>(rows: readonly R[], f: RowFilter, states: StateById): R[] {
  const text = f.text.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!text || r.holderName.toLowerCase().includes(text) || r.campaignName.toLowerCase().includes(text)) &&
      (f.action === 'all' || directionOf(r) === f.action) &&
      (!f.learningOnly || r.ignorance) &&
      (!f.needsDecision || needsDecision(r, states)),
  );
}

export type SortKey = 'recommended' | 'pBest' | 'change' | 'name' | 'expected';

const value: Record<Exclude<SortKey, 'name'>, (r: Recommendation) => number> = {
  recommended: (r) => r.recommendedBudget,
  pBest: (r) => r.pBest,
  // A holder without a current budget has no percentage; it sorts after every real one.
  change: (r) => r.changePct ?? Number.NEGATIVE_INFINITY,
  expected: (r) => r.expectedValue ?? Number.NEGATIVE_INFINITY,
};

/** A stable sort; ties keep the engine's order. */
export function sortRows<R extends Recommendation>(rows: readonly R[], key: SortKey, dir: SortDir): R[] {
  const sign = dir === 'asc' ? 1 : -1;
  const indexed = rows.map((r, i) => [r, i] as const);
  indexed.sort(([a, ia], [b, ib]) => {
    let c: number;
    if (key === 'name') c = a.holderName.localeCompare(b.holderName);
    else {
      const va = value[key](a);
      const vb = value[key](b);
      c = va === vb ? 0 : va < vb ? -1 : 1;
    }
    return c !== 0 ? c * sign : ia - ib;
  });
  return indexed.map(([r]) => r);
}

/** 0.0005 → "<0.1%", 0.024 → "2.4%", 0.219 → "22%": enough digits to tell small chances apart. */
export function formatProbability(p: number): string {
  if (p <= 0) return '0%';
  if (p < 0.001) return '<0.1%';
  if (p < 0.1) return `${(p * 100).toFixed(1)}%`;
  return `${Math.round(p * 100)}%`;
}

/** "+20.0%", "−94.1%", "0.0%"; null when there was no current budget to compare with. */
export function formatChangePct(pct: number | null): string {
  if (pct === null) return 'new';
  const rounded = Math.round(pct * 10) / 10;
  if (rounded === 0) return '0.0%';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}%`;
}

/** 0.0170–0.0207 → "1.70–2.07%". */
export function formatCtrInterval(iv: { low: number; high: number }): string {
  return `${(iv.low * 100).toFixed(2)}–${(iv.high * 100).toFixed(2)}%`;
}

export function formatRoasInterval(iv: { low: number; high: number } | null): string {
  if (!iv) return '—';
  return `${iv.low.toFixed(2)}–${iv.high.toFixed(2)}×`;
}
