import { describe, expect, it } from 'vitest';
import type { Dna } from '../../contract/dna';
import { compareDna, cosineFromDistance, cosineSimilarity, similarityPercent } from '../../workers/domain/winners/compare';
import { encodeDna, FIELD_WEIGHTS } from '../../workers/domain/winners/encoder';

describe('similarity', () => {
  it('cosine of a vector with itself is 1, of opposites −1, and is scale-free', () => {
    const v = encodeDna({ format: 'video', hookSeconds: 2 });
    expect(cosineSimilarity(v, v)).toBeCloseTo(1, 6);
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(-1);
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });

  it('turns cosine (or pgvector cosine distance) into a percentage floored at 0', () => {
    expect(similarityPercent(0.8734)).toBe(87.3);
    expect(similarityPercent(-0.4)).toBe(0);
    expect(similarityPercent(1.0000001)).toBe(100);
    expect(similarityPercent(cosineFromDistance(0.25))).toBe(75);
  });
});

describe('field-by-field comparison', () => {
  const draft: Dna = { format: 'video', hookSeconds: 3.5, textContrast: 0.62, captions: false, palette: 'warm', hookText: 'Better sleep, tonight' };
  const neighbour: Dna = { format: 'video', hookSeconds: 1.5, textContrast: 0.55, captions: true, palette: 'cool', hookText: 'tonight: BETTER sleep', cta: 'shop_now' };
  const rows = compareDna(draft, neighbour);

  it('lists every field once, with both values and same/different/unknown', () => {
    expect(rows).toHaveLength(16);
    const by = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(by.format).toMatchObject({ status: 'same', draft: 'video', neighbour: 'video' });
    expect(by.hookSeconds).toMatchObject({ status: 'different', draft: 3.5, neighbour: 1.5 });
    expect(by.textContrast!.status).toBe('same'); // within the 0.1 tolerance
    expect(by.captions!.status).toBe('different');
    expect(by.hookText!.status).toBe('same'); // same words, other case and order
    expect(by.cta).toMatchObject({ status: 'unknown', draft: undefined, neighbour: 'shop_now' });
    expect(by.emotion!.status).toBe('unknown');
  });

  it('orders by the encoder block weights, ties in contract order', () => {
    expect(rows.map((r) => r.importance)).toEqual([...rows.map((r) => r.importance)].sort((a, b) => b - a));
    expect(rows[0]!.field).toBe('format'); // weight 1.0, first of the 1.0 fields in the contract
    expect(rows.at(-1)!.field).toBe('palette');
    expect(rows.find((r) => r.field === 'palette')!.importance).toBe(FIELD_WEIGHTS.palette);
  });

  it('orders by learnt effect sizes when given', () => {
    const learnt = compareDna(draft, neighbour, { palette: 5, captions: -3 });
    expect(learnt.slice(0, 2).map((r) => r.field)).toEqual(['palette', 'captions']);
    expect(learnt[1]!.importance).toBe(3);
  });
});
