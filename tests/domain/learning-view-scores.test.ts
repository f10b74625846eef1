// The Learning view's step-7 charts as pure functions of engine data: gate error and allocation
// calibration per run (scores never summed into a run's totals), and the by-version bars.
import { describe, expect, it } from 'vitest';
import { learningSteps, type LearningRun } from '../../contract';
import { calibrationSeries, runTotals, versionBars } from '../../renderer/src/views/learning/logic';

function run(id: number, counts7: Record<string, number>): LearningRun {
  return {
    id,
    jobId: id,
    trigger: 'manual',
    state: 'done',
    currentStep: 7,
    steps: learningSteps.map((s) => ({ id: s.id, label: s.label, state: 'done' as const, startedAt: null, finishedAt: null, ms: 1, counts: s.id === 'score-and-propose' ? counts7 : {}, notes: [] })),
    startedAt: '2026-11-26T06:00:00Z',
    finishedAt: '2026-11-26T06:01:00Z',
    error: null,
  };
}

describe('Learning view: step 7 scores', () => {
  it('charts each run that scored something, oldest first, and keeps scores out of the run totals', () => {
    const runs = [run(3, { gateHeldOutCtrMaeBp: 40, gatePredictionsScored: 5 }), run(2, { proposalsCreated: 1 }), run(1, { gateScoredCtrMaeBp: 55, allocationCalibration: 0.9 })];
    expect(calibrationSeries(runs)).toEqual([
      { run: 1, label: '#1', gateMaeBp: 55, allocationCalibration: 0.9 },
      { run: 3, label: '#3', gateMaeBp: 40, allocationCalibration: null },
    ]);
    expect(runTotals(runs[2]!)).toEqual([]);
    expect(runTotals(runs[0]!)).toEqual([['gatePredictionsScored', 5]]);
  });

  it('turns learning.quality into bars: gate error in bp, allocation calibration as a ratio; unscored versions left out', () => {
    const bars = versionBars({
      gate: [
        { version: 'gate-v1', n: 30, mae: 0.005, logLoss: 0.1, firstScoredAt: '2026-11-01T00:00:00Z', lastScoredAt: '2026-11-02T00:00:00Z' },
        { version: 'gate-x', n: 0, mae: null, logLoss: null, firstScoredAt: '2026-11-01T00:00:00Z', lastScoredAt: '2026-11-02T00:00:00Z' },
      ],
      allocation: [{ version: 'half-life-7d', n: 4, calibration: 1.1, relativeError: 0.3 }],
      pending: { gate: 2, allocation: 1 },
    });
    expect(bars.gate).toEqual([{ version: 'gate-v1', value: 50, n: 30 }]);
    expect(bars.allocation).toEqual([{ version: 'half-life-7d', value: 1.1, n: 4 }]);
    expect(versionBars(undefined)).toEqual({ gate: [], allocation: [] });
  });
});
