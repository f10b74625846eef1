import { describe, expect, it } from 'vitest';
import type { Dna } from '../../contract/dna';
import { buildBattlePlan, type WinnerNeighbour } from '../../workers/domain/winners/battle-plan';
import { gateCreative } from '../../workers/domain/winners/gate';

const winnerDna: Dna = {
  format: 'video', hookType: 'question', hookSeconds: 1.5, textContrast: 0.85, facesInFirst3s: true, captions: true,
  aspectRatio: '9:16', palette: 'warm', cutsPer10s: 4,
};
const winners: WinnerNeighbour[] = [
  { adId: 'a1', name: 'Sleep Q hook', similarity: 0.82, dna: { ...winnerDna, palette: 'cool' }, ctr: 0.034, pipelineRoas: 3.4, spend: 120_00 },
  { adId: 'a2', similarity: 0.78, dna: { ...winnerDna, hookSeconds: 1.9, emotion: 'joy' }, ctr: 0.031 },
  { adId: 'a3', similarity: 0.71, dna: { ...winnerDna, hookSeconds: 3.2, captions: false, palette: 'neutral' }, ctr: 0.03 },
];
const draft: Dna = {
  format: 'video', hookType: 'bold_claim', hookSeconds: 4.5, textContrast: 0.4, facesInFirst3s: false, aspectRatio: '9:16', cutsPer10s: 5,
};

describe('battle plan', () => {
  const gate = gateCreative(winners.map((w) => ({ similarity: w.similarity, impressions: 300, clicks: 3 })), 0.01);
  const plan = buildBattlePlan(draft, winners, gate);

  it('finds the patterns at least two thirds of the winners share', () => {
    const shared = Object.fromEntries(plan.patterns.map((p) => [p.field, p]));
    expect(shared.hookSeconds).toMatchObject({ value: 'short', agree: 2, of: 3, draftFollows: false });
    expect(shared.captions).toMatchObject({ value: true, agree: 2 });
    expect(shared.format).toMatchObject({ value: 'video', agree: 3, draftFollows: true });
    expect(shared.aspectRatio!.draftFollows).toBe(true);
    expect(shared.cutsPer10s).toMatchObject({ value: 'medium', draftFollows: true });
    expect(shared.palette).toBeUndefined(); // warm, cool, neutral: no two-thirds majority
    expect(shared.emotion).toBeUndefined(); // only one winner says
  });

  it('lists the differences most important first, each with a concrete change', () => {
    expect(plan.differences.map((d) => d.field)).toEqual(['hookSeconds', 'facesInFirst3s', 'textContrast', 'hookType', 'captions']);
    expect(plan.changes.map((c) => c.text)).toEqual([
      'Shorten the hook to 2 s (yours: 4.5 s).',
      'Show a face in the first 3 seconds.',
      'Raise text contrast to 0.7 or more (yours: 0.4).',
      'Open with a question hook (yours: bold claim).',
      'Add captions.',
    ]);
  });

  it('writes the plan as text with the winners, the gate verdict and the changes', () => {
    expect(plan.decision).toBe(gate.decision);
    expect(plan.text[0]).toMatch(new RegExp(`^Gate: ${gate.decision}`));
    expect(plan.text).toContain('- Sleep Q hook: 82 % similar; CTR 3.40 %, pipeline ROAS 3.40');
    expect(plan.text).toContain('- a hook within 2 s (2 of 3)');
    expect(plan.text).toContain('1. Shorten the hook to 2 s (yours: 4.5 s).');
    expect(plan.winners[0]).toEqual({ adId: 'a1', name: 'Sleep Q hook', similarityPct: 82, ctr: 0.034, pipelineRoas: 3.4, spend: 120_00 });
  });

  it('is deterministic', () => {
    expect(buildBattlePlan(draft, winners, gate)).toEqual(plan);
  });

  it('heads the changes "Fix plan" when the gate rejects', () => {
    const reject = gateCreative([{ similarity: 0.9, impressions: 100_000, clicks: 100 }, { similarity: 0.9, impressions: 100_000, clicks: 100 }], 0.01);
    expect(reject.decision).toBe('REJECT');
    expect(buildBattlePlan(draft, winners, reject).text).toContain('Fix plan:');
  });

  it('says so when there are no winners, or nothing to change', () => {
    expect(buildBattlePlan(draft, [], gate).text).toContain('No similar winners are indexed yet, so there are no patterns to follow.');
    const follower = buildBattlePlan({ ...winnerDna }, winners, gate);
    expect(follower.changes).toEqual([]);
    expect(follower.text).toContain('The draft already follows every pattern the winners share.');
  });
});
