// One finding as a line of text COPY into fatigue_findings. Pure (no database): the scan's pool
// threads build these lines for their chunk of ads right after detecting it, so the engine thread
// only streams finished text into Postgres (store.ts).
import { STATUSES, findingAt, type AudienceType, type FatigueBatchResult, type FatigueFinding, type FatigueStatus, type PartialFatigueSettings } from '../../../domain/fatigue';

export const FLAGGED: ReadonlySet<FatigueStatus> = new Set(['FATIGUING', 'SATURATED', 'AUDIENCE_EXHAUSTED']);

export interface StoredFinding {
  adId: string;
  finding: FatigueFinding;
  isNew: boolean;
}

/** What a pool thread needs to turn its chunk's results into finding lines. */
export interface FindingRowsSpec {
  scanId: number;
  /** Day number of grid index 0. */
  origin: number;
  adIds: string[];
  audiences: AudienceType[];
  /** 1 where the ad was flagged in the previous finished scan (its finding is then not new). */
  previouslyFlagged: Uint8Array;
  settings?: PartialFatigueSettings;
}

/** A value as a COPY text field: backslash, tab, newline and carriage return escaped. */
export function copyField(v: string): string {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/**
 * HEALTHY and WARMING ads (~95 % of an account) keep the sentence and the headline numbers only:
 * the full evidence of 10,000 ads is ~8 MB of JSON per scan and doubles the scan's write time.
 * The flagged ones, which a buyer acts on, keep everything.
 */
function compactEvidence(f: FatigueFinding): Record<string, unknown> {
  const e = f.evidence;
  return {
    test: e.test,
    sentence: e.sentence,
    baselineCtr: e.baselineCtr,
    currentCtr: e.currentCtr,
    ctrChange: e.ctrChange,
    frequency: e.frequency,
    daysLive: e.daysLive,
    baseline: f.baseline && { fromDay: f.baseline.fromDay, toDay: f.baseline.toDay, ctr: f.baseline.ctr, impressions: f.baseline.impressions, clicks: f.baseline.clicks },
  };
}

/** One finding as a COPY text line of (scan_id, ad_id, status, confidence, onset_day, days_to_critical, evidence, is_new). */
export function findingLine(scanId: number, { adId, finding: f, isNew }: StoredFinding): string {
  // The table keeps confidence in [0, 1]; rounding noise must not break the check.
  const confidence = Math.min(1, Math.max(0, Number.isFinite(f.confidence) ? f.confidence : 0));
  const dtc = f.daysToCritical !== null && Number.isFinite(f.daysToCritical) ? String(f.daysToCritical) : '\\N';
  const evidence = JSON.stringify(FLAGGED.has(f.status) ? { ...f.evidence, baseline: f.baseline } : compactEvidence(f));
  // String(number) is the shortest form that reads back to the same float8.
  return `${scanId}\t${copyField(adId)}\t${f.status}\t${String(confidence)}\t${f.onsetDay ?? '\\N'}\t${dtc}\t${copyField(evidence)}\t${isNew ? 't' : 'f'}\n`;
}

/** The lines of ads [0, n) of a batch result (a chunk's result and the chunk's slice of the spec). */
export function findingLines(result: FatigueBatchResult, spec: FindingRowsSpec): string {
  const lines = new Array<string>(spec.adIds.length);
  for (let i = 0; i < spec.adIds.length; i++) {
    const finding = findingAt(result, i, spec.origin, spec.audiences[i]!, spec.settings);
    const isNew = FLAGGED.has(STATUSES[result.status[i]!]!) && spec.previouslyFlagged[i] !== 1;
    lines[i] = findingLine(spec.scanId, { adId: spec.adIds[i]!, finding, isNew });
  }
  return lines.join('');
}
