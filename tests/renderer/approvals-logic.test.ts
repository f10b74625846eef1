import { describe, expect, it } from 'vitest';
import { actionsFor, describeChange, evidenceLine, evidenceSummary, formatTime, relativeTime, toggleState } from '../../renderer/src/views/approvals/describe';
import { mergeRefusals } from '../../renderer/src/views/approvals/refusals';

const usd = { currency: 'USD', offset: 100 as const };

describe('approval queue wording', () => {
  it('describes a budget change with both amounts and the percentage, and pauses in words', () => {
    expect(describeChange({ changeType: 'set_budget', currentBudget: 2200, proposedBudget: 2640, targetType: 'ad_set' }, usd)).toBe('$22.00 → $26.40 (+20.0%)');
    expect(describeChange({ changeType: 'set_budget', currentBudget: 34_900, proposedBudget: 27_920, targetType: 'ad_set' }, usd)).toBe('$349.00 → $279.20 (−20.0%)');
    expect(describeChange({ changeType: 'set_budget', currentBudget: null, proposedBudget: 500, targetType: 'campaign' }, { currency: 'JPY', offset: 1 })).toBe('— → ¥500');
    expect(describeChange({ changeType: 'pause', currentBudget: null, proposedBudget: null, targetType: 'ad' }, usd)).toBe('Pause ad');
    expect(describeChange({ changeType: 'resume', currentBudget: null, proposedBudget: null, targetType: 'ad' }, null)).toBe('Resume ad');
  });

  it('summarises the sampler’s evidence and ignores what it does not know', () => {
    const items = evidenceSummary({
      runId: 2,
      pBest: 0.0141,
      ctr: { low: 0.016635, high: 0.017308, mean: 0.017 },
      pipelineRoas: { low: 0.5143, high: 1.3955, mean: 0.88 },
      window: ['2026-09-30', '2026-11-24'],
      somethingNew: { a: 1 },
    });
    expect(items).toEqual([
      { label: 'P(best)', value: '1.4%' },
      { label: 'CTR 90%', value: '1.66–1.73%' },
      { label: 'pROAS 90%', value: '0.51–1.40×' },
      { label: 'Run', value: '#2' },
      { label: 'Data', value: '2026-09-30 – 2026-11-24' },
    ]);
    expect(evidenceLine(items)).toBe('P(best) 1.4% · CTR 90% 1.66–1.73% · pROAS 90% 0.51–1.40× · Run #2');
    expect(evidenceSummary({ pipelineRoas: null, pBestInHolder: 0.0002, undoOf: 4 })).toEqual([
      { label: 'P(best in ad set)', value: '<0.1%' },
      { label: 'Undoes', value: '#4' },
    ]);
  });

  it('formats times in the given zone and relative to now', () => {
    expect(formatTime('2026-11-25T23:34:31.322Z', 'UTC')).toBe('2026-11-25 23:34');
    expect(formatTime('2026-11-25T23:34:31.322Z', 'Asia/Tokyo')).toBe('2026-11-26 08:34');
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(relativeTime('2026-11-26T11:40:00Z', now)).toBe('in 24 h');
    expect(relativeTime('2026-11-25T12:12:00Z', now)).toBe('in 12 min');
    expect(relativeTime('2026-11-25T10:00:00Z', now)).toBe('2 h ago');
    expect(relativeTime('2026-11-20T12:00:00Z', now)).toBe('5 days ago');
  });

  it('offers the actions the state machine allows', () => {
    expect(actionsFor('proposed')).toEqual({ approve: true, reject: true, withdraw: false, undo: false });
    expect(actionsFor('approved')).toEqual({ approve: false, reject: false, withdraw: true, undo: false });
    expect(actionsFor('applied')).toEqual({ approve: false, reject: false, withdraw: false, undo: true });
    for (const s of ['pushing', 'failed', 'rejected', 'expired'] as const) expect(Object.values(actionsFor(s)).some(Boolean), s).toBe(false);
  });

  it('toggles state chips in the queue’s order and never to an empty filter', () => {
    expect(toggleState(['proposed', 'approved'], 'rejected')).toEqual(['proposed', 'approved', 'rejected']);
    expect(toggleState(['approved'], 'proposed')).toEqual(['proposed', 'approved']);
    expect(toggleState(['proposed', 'approved'], 'proposed')).toEqual(['approved']);
    expect(toggleState(['approved'], 'approved')).toEqual(['approved']);
  });
});

describe('refusals', () => {
  it('replace what was said about the changes just decided, and keep the rest', () => {
    const before = new Map([
      [1, { id: 1, code: 'GuardrailViolation', message: 'too big' }],
      [2, { id: 2, code: 'IllegalTransition', message: 'already rejected' }],
    ]);
    const after = mergeRefusals(before, [1, 3], [{ id: 3, code: 'NotFound', message: 'gone' }]);
    expect([...after.keys()].sort()).toEqual([2, 3]);
    expect(after.get(3)!.code).toBe('NotFound');
    expect(before.size).toBe(2);
  });
});
