import { describe, expect, it } from 'vitest';
import { dnaFields, dnaSchema, type Dna } from '../../contract';
import { draftFromDna, dnaFromDraft, emptyDraft, FIELD_SPECS } from '../../renderer/src/views/winners/dna-form';

const full: Dna = {
  format: 'video', hookType: 'question', hookText: 'Still paying too much?', hookSeconds: 1.5, durationSeconds: 15, cutsPer10s: 4,
  textOverlayDensity: 0.2, textContrast: 0.8, facesInFirst3s: true, captions: false, cta: 'learn_more', offer: 'free_trial',
  emotion: 'curiosity', palette: 'warm', aspectRatio: '9:16', audio: 'voiceover',
};

describe('Winners DNA form', () => {
  it('has one input per DNA field of the contract', () => {
    expect(FIELD_SPECS.map((s) => s.field).sort()).toEqual([...dnaFields].sort());
  });

  it('round-trips a full DNA and leaves blank fields out (partial DNA)', () => {
    expect(dnaFromDraft(draftFromDna(full))).toEqual(full);
    expect(dnaFromDraft(emptyDraft())).toEqual({});
    expect(dnaFromDraft({ ...emptyDraft(), captions: 'no', hookSeconds: ' 2 ' })).toEqual({ captions: false, hookSeconds: 2 });
  });

  it('passes a malformed number through, so the contract names the field', () => {
    const dna = dnaFromDraft({ ...emptyDraft(), hookSeconds: 'three' });
    expect(dna).toEqual({ hookSeconds: 'three' });
    const parsed = dnaSchema.safeParse(dna);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['hookSeconds']);
  });
});
