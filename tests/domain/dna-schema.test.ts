import { describe, expect, it } from 'vitest';
import { AdloopError } from '../../contract/errors';
import { dnaAspectRatios, dnaAudios, dnaCtas, dnaEmotions, dnaFields, dnaFormats, dnaHookTypes, dnaOffers, dnaPalettes, parseDna } from '../../contract/dna';
import { randomDna } from '../../workers/simulator/dna';
import { createRng } from '../../workers/domain/math/random';

function rejection(raw: unknown): AdloopError {
  try {
    parseDna(raw);
  } catch (e) {
    if (e instanceof AdloopError) return e;
    throw e;
  }
  throw new Error('expected parseDna to throw');
}

describe('creative DNA schema', () => {
  it('accepts every DNA the simulator produces, unchanged', () => {
    const rng = createRng(7);
    for (let i = 0; i < 500; i++) {
      const d = randomDna(rng);
      expect(parseDna(d)).toEqual(d);
    }
  });

  it('accepts partial and empty DNA', () => {
    expect(parseDna({})).toEqual({});
    expect(parseDna({ format: 'image', captions: false })).toEqual({ format: 'image', captions: false });
  });

  it("allows 'other' for the open-ended categoricals", () => {
    for (const list of [dnaFormats, dnaHookTypes, dnaCtas, dnaOffers, dnaEmotions, dnaPalettes, dnaAspectRatios, dnaAudios]) expect(list).toContain('other');
    expect(parseDna({ format: 'other', aspectRatio: 'other' })).toEqual({ format: 'other', aspectRatio: 'other' });
  });

  it('rejects a bad enum value with an InvalidInput naming the field', () => {
    const e = rejection({ format: 'reel' });
    expect(e.code).toBe('InvalidInput');
    expect(e.issues).toEqual([{ path: 'format', message: expect.stringContaining('video, image, carousel') }]);
    expect(e.message).toContain('format');
  });

  it('rejects out-of-range, non-finite and mistyped numbers, one issue per field', () => {
    const e = rejection({ textContrast: 1.2, hookSeconds: -1, cutsPer10s: Number.NaN, durationSeconds: Infinity, textOverlayDensity: '0.3' });
    expect(e.issues!.map((i) => i.path).sort()).toEqual(['cutsPer10s', 'durationSeconds', 'hookSeconds', 'textContrast', 'textOverlayDensity']);
    expect(e.issues!.find((i) => i.path === 'textContrast')!.message).toBe('must be at most 1');
  });

  it('rejects non-boolean flags', () => {
    expect(rejection({ captions: 'yes' }).issues).toEqual([{ path: 'captions', message: 'expected true or false' }]);
  });

  it('refuses unknown fields and names each one', () => {
    const e = rejection({ hookSecs: 2, colour: 'red', format: 'video' });
    expect(e.issues).toEqual([
      { path: 'hookSecs', message: 'unknown DNA field' },
      { path: 'colour', message: 'unknown DNA field' },
    ]);
  });

  it('rejects a hook longer than the creative', () => {
    expect(rejection({ hookSeconds: 8, durationSeconds: 6 }).issues![0]!.path).toBe('hookSeconds');
    expect(parseDna({ hookSeconds: 0, durationSeconds: 0 })).toEqual({ hookSeconds: 0, durationSeconds: 0 });
  });

  it('rejects a non-object', () => {
    for (const raw of [null, 'video', 3, []]) expect(rejection(raw).code).toBe('InvalidInput');
  });

  it('lists the sixteen fields of DOMAIN.md', () => {
    expect(dnaFields).toHaveLength(16);
  });
});
