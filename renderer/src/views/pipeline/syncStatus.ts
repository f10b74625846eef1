// Pure helpers of the sync status panel: a source's state in one word, its limits and what its
// last pull read in one line each, and the live progress of "Sync now".
import type { EventPayload, Output, SyncLimits } from '../../../../contract';
import { formatCount } from '../../format/numbers';

export type SourceStatus = Output<'sync.status'>['sources'][number];
export type SourceState = 'not-connected' | 'reconnect-needed' | 'error' | 'never-pulled' | 'ok';

export const SOURCE_LABEL: Record<SourceStatus['source'], string> = { meta: 'Meta Ads', hubspot: 'HubSpot' };

export const STATE_LABEL: Record<SourceState, string> = {
  'not-connected': 'Not connected',
  'reconnect-needed': 'Reconnect needed',
  error: 'Last pull failed',
  'never-pulled': 'Not pulled yet',
  ok: 'Up to date',
};

export function sourceState(s: SourceStatus): SourceState {
  if (!s.connected) return 'not-connected';
  if (s.reconnectNeeded) return 'reconnect-needed';
  if (s.lastError) return 'error';
  if (!s.lastSuccessAt) return 'never-pulled';
  return 'ok';
}

/** "62 % of Meta's usage limit (peak 80 %)" / "150 of 190 calls left in the 10 s window (21 % used); 249,600 left today". */
export function limitsLine(source: SourceStatus['source'], l: SyncLimits | null): string {
  if (!l) return 'No replies read yet';
  const peak = l.peakPct > l.usedPct ? ` (peak ${l.peakPct} % during the pull)` : '';
  if (source === 'meta' || l.remaining === null || l.max === null) return `${l.usedPct} % of Meta's usage limit used${peak}`;
  const daily = l.dailyRemaining === null ? '' : `; ${formatCount(l.dailyRemaining)} left today`;
  return `${formatCount(l.remaining)} of ${formatCount(l.max)} calls left in the window (${l.usedPct} % used)${daily}`;
}

const COUNT_LABEL: Array<[string, string, string]> = [
  ['accounts', 'account', 'accounts'],
  ['insightRows', 'daily row', 'daily rows'],
  ['deals', 'deal', 'deals'],
  ['contactSources', 'contact source', 'contact sources'],
];

/** What the last successful pull read, e.g. "1 account · 2,100 daily rows". */
export function countsLine(counts: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, one, many] of COUNT_LABEL) {
    const n = counts[key];
    if (typeof n === 'number') parts.push(`${formatCount(n)} ${n === 1 ? one : many}`);
  }
  return parts.length ? parts.join(' · ') : '—';
}

/** "meta insights — 40 % · Demo account: 1,200 rows" */
export function progressLine(p: EventPayload<'progress'>): string {
  return `${p.step} — ${Math.round(p.percent)} %${p.message ? ` · ${p.message}` : ''}`;
}
