// Words and numbers for the approval queue: state labels, what a change does, its evidence and
// its timing. Pure, shared by the Approvals and Budget views.
import type { ApprovalChange, ApprovalStateName } from '../../../../contract';
import { formatMoney, type CurrencyOffset } from '../../format/numbers';

export const ALL_STATES: readonly ApprovalStateName[] = ['proposed', 'approved', 'pushing', 'applied', 'failed', 'rejected', 'expired'];
export const DEFAULT_STATES: readonly ApprovalStateName[] = ['proposed', 'approved'];

export const STATE_LABEL: Record<ApprovalStateName, string> = {
  proposed: 'Proposed',
  approved: 'Approved',
  pushing: 'Pushing',
  applied: 'Applied',
  failed: 'Failed',
  rejected: 'Rejected',
  expired: 'Expired',
};

export const TARGET_LABEL: Record<ApprovalChange['targetType'], string> = { ad_set: 'Ad set', campaign: 'Campaign', ad: 'Ad' };
export const ORIGIN_LABEL: Record<ApprovalChange['origin'], string> = {
  sampler: 'Sampler',
  fatigue: 'Fatigue scan',
  user: 'By hand',
  undo: 'Undo',
  cycle: 'Learning cycle',
};

/** Chips toggle one state; the last one cannot be turned off (an empty filter would mean "all"). */
export function toggleState(current: readonly ApprovalStateName[], s: ApprovalStateName): ApprovalStateName[] {
  if (current.includes(s)) return current.length === 1 ? [...current] : current.filter((x) => x !== s);
  return ALL_STATES.filter((x) => x === s || current.includes(x));
}

export interface Money {
  currency: string;
  offset: CurrencyOffset;
}

/** "$22.00 → $26.40 (+20.0%)", "Pause ad", "Resume ad". */
export function describeChange(c: Pick<ApprovalChange, 'changeType' | 'currentBudget' | 'proposedBudget' | 'targetType'>, money: Money | null): string {
  if (c.changeType === 'pause') return `Pause ${TARGET_LABEL[c.targetType].toLowerCase()}`;
  if (c.changeType === 'resume') return `Resume ${TARGET_LABEL[c.targetType].toLowerCase()}`;
  const fmt = (v: number | null) => (v === null ? '—' : money ? formatMoney(v, money.currency, money.offset) : `${v} (minor units)`);
  const pct =
    c.currentBudget && c.proposedBudget !== null ? ((c.proposedBudget - c.currentBudget) / c.currentBudget) * 100 : null;
  const pctText = pct === null ? '' : ` (${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%)`;
  return `${fmt(c.currentBudget)} → ${fmt(c.proposedBudget)}${pctText}`;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInterval = (v: unknown): v is { low: number; high: number } =>
  typeof v === 'object' && v !== null && isNum((v as { low?: unknown }).low) && isNum((v as { high?: unknown }).high);

export interface EvidenceItem {
  label: string;
  value: string;
}

/** The evidence a person reads first; the full record stays available as JSON. */
export function evidenceSummary(e: Record<string, unknown>): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  const pct = (p: number) => (p < 0.001 ? '<0.1%' : `${(p * 100).toFixed(1)}%`);
  if (isNum(e.pBest)) out.push({ label: 'P(best)', value: pct(e.pBest) });
  if (isNum(e.pBestInHolder)) out.push({ label: 'P(best in ad set)', value: pct(e.pBestInHolder) });
  if (isInterval(e.ctr)) out.push({ label: 'CTR 90%', value: `${(e.ctr.low * 100).toFixed(2)}–${(e.ctr.high * 100).toFixed(2)}%` });
  if (isInterval(e.pipelineRoas)) out.push({ label: 'pROAS 90%', value: `${e.pipelineRoas.low.toFixed(2)}–${e.pipelineRoas.high.toFixed(2)}×` });
  if (isNum(e.runId)) out.push({ label: 'Run', value: `#${e.runId}` });
  if (Array.isArray(e.window) && e.window.length === 2 && e.window.every((d) => typeof d === 'string')) {
    out.push({ label: 'Data', value: `${e.window[0]} – ${e.window[1]}` });
  }
  if (isNum(e.undoOf)) out.push({ label: 'Undoes', value: `#${e.undoOf}` });
  return out;
}

/** "2026-11-25 23:34" in the viewer's time zone (UTC in tests). */
export function formatTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** "in 23 h", "in 12 min", "2 h ago"; days past 48 h. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const diff = t - now;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  const text = minutes < 1 ? 'less than a minute' : minutes < 60 ? `${minutes} min` : abs < 48 * 3_600_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} days`;
  return diff >= 0 ? `in ${text}` : `${text} ago`;
}

/** What actions a change in this state offers. */
export function actionsFor(state: ApprovalStateName): { approve: boolean; reject: boolean; withdraw: boolean; undo: boolean } {
  return { approve: state === 'proposed', reject: state === 'proposed', withdraw: state === 'approved', undo: state === 'applied' };
}

/** One line for a queue row: everything but the data window, "P(best) 1.4% · CTR 90% 1.66–1.73% · …". */
export function evidenceLine(items: readonly EvidenceItem[]): string {
  return items
    .filter((i) => i.label !== 'Data')
    .map((i) => `${i.label} ${i.value}`)
    .join(' · ');
}
