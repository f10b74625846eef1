import { describe, expect, it } from 'vitest';
import type { StructureMatch } from '../../contract';
import { describeMatch, resolvePick } from '../../renderer/src/components/structure-pick';

const m = (id: string, name: string, over: Partial<StructureMatch> = {}): StructureMatch => ({
  kind: 'ad', id, name, status: 'ACTIVE', adSetId: 's1', adSetName: 'Lookalike 1', campaignName: 'Evergreen', ...over,
});

describe('resolvePick', () => {
  const matches = [m('a1', 'Spring UGC'), m('a2', 'Spring Static'), m('a3', 'Founder'), m('a4', 'founder', { adSetName: 'Broad 2' })];

  it('an id among the matches is itself; a unique exact name (case aside) is its id', () => {
    expect(resolvePick(' a2 ', matches)).toEqual({ id: 'a2', match: matches[1] });
    expect(resolvePick('spring ugc', matches)).toEqual({ id: 'a1', match: matches[0] });
  });

  it('a partial or ambiguous name is sent as typed, for the engine to refuse in words', () => {
    expect(resolvePick('Spring', matches)).toEqual({ id: 'Spring', match: null });
    expect(resolvePick('FOUNDER', matches)).toEqual({ id: 'FOUNDER', match: null });
    expect(resolvePick('a9', [])).toEqual({ id: 'a9', match: null });
  });

  it('describes where a match sits, and says when it is not active', () => {
    expect(describeMatch(matches[0]!)).toBe('Spring UGC · Lookalike 1 · Evergreen');
    expect(describeMatch(m('s1', 'Broad', { kind: 'adSet', adSetName: null, status: 'PAUSED' }))).toBe('Broad · Evergreen (paused)');
  });
});
