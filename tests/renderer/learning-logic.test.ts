import { describe, expect, it } from 'vitest';
import { learningSteps, type LearningRun } from '../../contract';
import { currentRun, humanize, qualitySeries, runTotals, stepRows } from '../../renderer/src/views/learning/logic';

function run(id: number, over: Partial<LearningRun> = {}, counts7: Record<string, number> = {}): LearningRun {
  return {
    id,
    jobId: id * 10,
    trigger: 'manual',
    state: 'done',
    currentStep: 7,
    steps: learningSteps.map((s): LearningRun['steps'][number] => ({
      id: s.id,
      label: s.label,
      state: s.id === 'pull-meta' ? 'skipped' : 'done',
      startedAt: null,
      finishedAt: null,
      ms: 10,
      counts: s.id === 'posteriors' ? { posteriorsUpdated: 4 } : s.id === 'score-and-propose' ? { proposalsCreated: 2, ...counts7 } : ({} as Record<string, number>),
      notes: [],
    })),
    startedAt: '2026-11-26T06:00:00Z',
    finishedAt: '2026-11-26T06:01:00Z',
    error: null,
    ...over,
  };
}

describe('Learning view logic', () => {
  it('shows the running run first, else the newest', () => {
    expect(currentRun([run(3), run(2, { state: 'running' })])?.id).toBe(2);
    expect(currentRun([run(3), run(2)])?.id).toBe(3);
    expect(currentRun([])).toBeNull();
  });

  it('fills finished and skipped steps, and the running one from the live progress event', () => {
    const r = run(1, { state: 'running' });
    r.steps[3] = { ...r.steps[3]!, state: 'running' };
    r.steps[4] = { ...r.steps[4]!, state: 'pending' };
    const rows = stepRows(r, { jobId: 'job#10', kind: 'learning.cycle', step: 'posteriors', done: 1, total: 4, percent: 25 });
    expect(rows.map((x) => x.percent)).toEqual([100, 100, 100, 25, 0, 100, 100]);
    expect(rows[3]!.index).toBe(4);
    // A progress event of another step does not move this one.
    expect(stepRows(r, { jobId: 'job#10', kind: 'learning.cycle', step: 'winners', done: 1, total: 2, percent: 50 })[3]!.percent).toBe(0);
  });

  it('sums a run’s counts and keeps the model scores for the chart, oldest run first', () => {
    const a = run(1, {}, { samplerHeldOutLogLoss: 0.08, samplerHeldOutCtrMaeBp: 30, samplerHalfLifeDays: 7 });
    const b = run(2, {}, { samplerHeldOutLogLoss: 0.07, samplerHeldOutCtrMaeBp: 25, samplerHalfLifeDays: 14 });
    expect(runTotals(a)).toEqual([
      ['posteriorsUpdated', 4],
      ['proposalsCreated', 2],
    ]);
    expect(qualitySeries([b, a, run(0)]).map((p) => [p.run, p.ctrMaeBp, p.halfLife])).toEqual([
      [1, 30, 7],
      [2, 25, 14],
    ]);
    expect(humanize('posteriorsUpdated')).toBe('Posteriors updated');
  });
});
