import { describe, expect, it } from 'vitest';
import { dnaAspectRatios, dnaAudios, dnaCtas, dnaEmotions, dnaFormats, dnaHookTypes, dnaOffers, dnaPalettes, type Dna } from '../../contract/dna';
import { createRng } from '../../workers/domain/math/random';
import { cosineSimilarity } from '../../workers/domain/winners/compare';
import { describeDimension, encodeDna, encoderLayout, ENCODER_DIM, ENCODER_VERSION, fnv1a32, hookTokens } from '../../workers/domain/winners/encoder';
import { randomDna } from '../../workers/simulator/dna';
import golden from './reference/encoder-golden.json';

const full: Dna = {
  format: 'video', hookType: 'question', hookText: 'Stop scrolling: better sleep', hookSeconds: 1.5, durationSeconds: 20,
  cutsPer10s: 4, textOverlayDensity: 0.3, textContrast: 0.8, facesInFirst3s: true, captions: true, cta: 'shop_now',
  offer: 'discount', emotion: 'joy', palette: 'warm', aspectRatio: '9:16', audio: 'voiceover',
};
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('encoder v1', () => {
  it('is version 1 with 64 dimensions (the creative_embeddings column is vector(64))', () => {
    expect(ENCODER_VERSION).toBe(1);
    expect(ENCODER_DIM).toBe(64);
    expect(encodeDna(full)).toHaveLength(64);
    const layout = encoderLayout();
    expect(layout.reduce((s, b) => s + b.length, 0)).toBe(64);
    expect(describeDimension(0)).toBe('bias');
    expect(describeDimension(1)).toBe('format=video');
    expect(describeDimension(63)).toBe('hookText#15');
  });

  it('matches the committed golden vectors bit for bit (a change must bump ENCODER_VERSION)', () => {
    expect(golden.version).toBe(ENCODER_VERSION);
    for (const c of golden.cases) expect(encodeDna(c.dna as Dna)).toEqual(c.vector);
  });

  it('is deterministic and ignores key order', () => {
    const reversed = Object.fromEntries(Object.entries(full).reverse()) as Dna;
    const a = encodeDna(full);
    expect(encodeDna(full)).toEqual(a);
    expect(encodeDna(reversed)).toEqual(a);
    expect(Float32Array.from(a)).toEqual(Float32Array.from(encodeDna(reversed)));
  });

  it('returns float32-exact values with unit norm, never a zero vector', () => {
    const rng = createRng(3);
    for (const dna of [{}, full, { hookText: '' }, { hookText: '!!!' }, ...Array.from({ length: 200 }, () => randomDna(rng))]) {
      const v = encodeDna(dna);
      expect(Math.abs(norm(v) - 1)).toBeLessThan(1e-6);
      for (const x of v) expect(Math.fround(x)).toBe(x);
    }
    const empty = encodeDna({});
    expect(empty[0]).toBe(1);
    expect(empty.slice(1).every((x) => x === 0)).toBe(true);
  });

  it('puts similar DNAs closer than dissimilar ones', () => {
    const near: Dna = { ...full, hookSeconds: 1.8, palette: 'cool', hookText: 'Stop scrolling: better mornings' };
    const far: Dna = { format: 'image', hookType: 'offer', hookText: 'Last chance for weekend trips', hookSeconds: 0, textOverlayDensity: 0.9, textContrast: 0.25, facesInFirst3s: false, captions: false, cta: 'learn_more', offer: 'none', emotion: 'fear', palette: 'neutral', aspectRatio: '16:9', audio: 'none' };
    const a = encodeDna(full);
    expect(cosineSimilarity(a, encodeDna(near))).toBeGreaterThan(0.85);
    expect(cosineSimilarity(a, encodeDna(near))).toBeGreaterThan(cosineSimilarity(a, encodeDna(far)) + 0.5);
  });

  it('encodes missing categoricals as an all-zero block and keeps missing apart from present-at-the-mean', () => {
    const block = encoderLayout().find((b) => b.field === 'format' && b.kind === 'onehot')!;
    const slice = (d: Dna) => encodeDna(d).slice(block.start, block.start + block.length);
    expect(slice({}).every((x) => x === 0)).toBe(true);
    expect(slice({ format: 'other' }).every((x) => x === 0)).toBe(true);
    expect(slice({ format: 'carousel' }).filter((x) => x !== 0)).toHaveLength(1);
    // hookSeconds = 2.5 is the v1 mean: z = 0, but the presence indicator still differs.
    expect(encodeDna({ hookSeconds: 2.5 })).not.toEqual(encodeDna({}));
  });

  it("treats a static creative's motion fields as not applicable", () => {
    expect(encodeDna({ format: 'image', hookSeconds: 0, durationSeconds: 0, cutsPer10s: 0 })).toEqual(encodeDna({ format: 'image' }));
    expect(encodeDna({ format: 'video', hookSeconds: 0.5 })).not.toEqual(encodeDna({ format: 'video' }));
  });

  it('has a one-hot slot for every contract value except other', () => {
    const labels = new Set(encoderLayout().flatMap((b) => b.labels));
    const vocab = { format: dnaFormats, hookType: dnaHookTypes, cta: dnaCtas, offer: dnaOffers, emotion: dnaEmotions, palette: dnaPalettes, aspectRatio: dnaAspectRatios, audio: dnaAudios };
    for (const [field, values] of Object.entries(vocab)) for (const v of values) expect(labels.has(`${field}=${v}`)).toBe(v !== 'other');
  });

  it('hashes hook text with documented FNV-1a over lowercase word unigrams', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c); // published FNV-1a 32 test vector
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(hookTokens('Stop SCROLLING — 50% off, café!')).toEqual(['stop', 'scrolling', '50', 'off', 'café']);
    expect(encodeDna({ hookText: 'Better Sleep!' })).toEqual(encodeDna({ hookText: 'better sleep' }));
    expect(encodeDna({ hookText: 'better sleep' })).not.toEqual(encodeDna({ hookText: 'faster invoices' }));
  });

  it('refuses an unknown version', () => {
    expect(() => encodeDna(full, 2)).toThrow(/version 2/);
  });
});
