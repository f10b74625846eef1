// What the Learning view shows, as pure functions of engine data: the steps of the current run
// with live progress, and the sampler's held-out error over runs for the chart.
import type { EventPayload, LearningQuality, LearningRun, LearningStepResult } from '../../../../contract';

export interface StepRow extends LearningStepResult {
  index: number;
  /** 0–100: finished steps 100, the running one from the last progress event. */
  percent: number;
}

export function stepRows(run: LearningRun | null, live: EventPayload<'progress'> | null): StepRow[] {
  if (!run) return [];
  return run.steps.map((s, i) => {
    let percent = s.state === 'done' || s.state === 'skipped' ? 100 : 0;
    if (s.state === 'running' && live && live.step === s.id) percent = Math.min(99, live.percent);
    return { ...s, index: i + 1, percent };
  });
}

export const STEP_STATE_LABEL: Record<LearningStepResult['state'], string> = {
  pending: 'Waiting',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

export const RUN_STATE_LABEL: Record<LearningRun['state'], string> = {
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The run to show on top: one that is running, else the newest. */
export function currentRun(runs: readonly LearningRun[] | undefined): LearningRun | null {
  if (!runs || runs.length === 0) return null;
  return runs.find((r) => r.state === 'running') ?? runs[0]!;
}

/** Step 7's scores (errors and ratios, not counts): charted, never summed. */
const SCORE_KEYS = new Set(['gateScoredCtrMaeBp', 'gateHeldOutCtrMaeBp', 'allocationCalibration', 'allocationRelativeError']);

/** Every count of a run's steps, summed by name (rows pulled, deals attributed, proposals …). */
export function runTotals(run: LearningRun): Array<[string, number]> {
  const sum = new Map<string, number>();
  for (const s of run.steps) {
    for (const [k, v] of Object.entries(s.counts)) {
      if (k.startsWith('sampler') || SCORE_KEYS.has(k)) continue; // model scores, charted separately
      sum.set(k, (sum.get(k) ?? 0) + v);
    }
  }
  return [...sum];
}

export interface QualityPoint {
  run: number;
  label: string;
  logLoss: number;
  ctrMaeBp: number;
  halfLife: number;
}

/** The sampler champion's held-out scores per finished run, oldest first. */
export function qualitySeries(runs: readonly LearningRun[] | undefined): QualityPoint[] {
  const out: QualityPoint[] = [];
  for (const r of [...(runs ?? [])].reverse()) {
    const c = r.steps.find((s) => s.id === 'score-and-propose')?.counts;
    if (!c || c.samplerHeldOutLogLoss === undefined) continue;
    out.push({
      run: r.id,
      label: `#${r.id}`,
      logLoss: c.samplerHeldOutLogLoss,
      ctrMaeBp: c.samplerHeldOutCtrMaeBp ?? Number.NaN,
      halfLife: c.samplerHalfLifeDays ?? Number.NaN,
    });
  }
  return out;
}

/** "samplerHeldOutLogLoss" → "Sampler held out log loss"; "posteriorsUpdated" → "Posteriors updated". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface CalibrationPoint {
  run: number;
  label: string;
  /** The gate champion's held-out CTR error after the run (bp); null before anything was scored. */
  gateMaeBp: number | null;
  /** Actual ÷ expected value of the allocations the run scored; null when it scored none. */
  allocationCalibration: number | null;
}

/** Step 7's gate error and allocation calibration per finished run, oldest first (runs that scored something). */
export function calibrationSeries(runs: readonly LearningRun[] | undefined): CalibrationPoint[] {
  const out: CalibrationPoint[] = [];
  for (const r of [...(runs ?? [])].reverse()) {
    const c = r.steps.find((s) => s.id === 'score-and-propose')?.counts;
    if (!c) continue;
    const gate = c.gateHeldOutCtrMaeBp ?? c.gateScoredCtrMaeBp;
    const alloc = c.allocationCalibration;
    if (gate === undefined && alloc === undefined) continue;
    out.push({ run: r.id, label: `#${r.id}`, gateMaeBp: gate ?? null, allocationCalibration: alloc ?? null });
  }
  return out;
}

export interface VersionBar {
  version: string;
  value: number;
  n: number;
}

/** learning.quality's rows as chart bars: gate error in bp, allocation calibration as a ratio. */
export function versionBars(q: LearningQuality | undefined): { gate: VersionBar[]; allocation: VersionBar[] } {
  if (!q) return { gate: [], allocation: [] };
  return {
    gate: q.gate.filter((g) => g.mae !== null).map((g) => ({ version: g.version, value: g.mae! * 10_000, n: g.n })),
    allocation: q.allocation.filter((a) => a.calibration !== null).map((a) => ({ version: a.version, value: a.calibration!, n: a.n })),
  };
}
