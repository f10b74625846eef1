// Creative DNA → a fixed 64-d unit vector for pgvector's cosine HNSW index (creative_embeddings).
//
// Everything here is frozen per ENCODER_VERSION: the vocabularies, the standardisation constants,
// the block weights and the hash. Any change to the output — even a reordered vocabulary — must
// bump the version (the golden-vector test enforces this), because vectors of two versions live
// in different spaces and the index re-embeds every ad when the version changes.
//
// Layout of version 1 (64 dimensions), each block scaled by its weight before the final L2
// normalisation:
//   0        bias, constant 0.25 — the vector is never zero, and an empty DNA is a valid point
//   1..35    one-hot categoricals (format 3, hookType 6, cta 5, offer 5, emotion 5, palette 4,
//            aspectRatio 4, audio 3). Missing → all zero. 'other' (or any value outside the v1
//            vocabulary) → all zero too: two 'other's are not known to be alike.
//   36..40   standardised numerics z = clamp((x − mean) / sd, ±3) for hookSeconds,
//            durationSeconds, cutsPer10s, textOverlayDensity, textContrast. Missing → 0 (the
//            mean). The three motion fields (hook, duration, cuts) are treated as missing for an
//            image or carousel, where their 0 means "not applicable", not "a very short hook".
//   41..42   booleans facesInFirst3s, captions: +1 true, −1 false, 0 missing
//   43..47   'present' indicators for the five numerics (1 when the value was used)
//   48..63   hook text: lowercase NFKC word unigrams (letters/digits runs), FNV-1a 32-bit over
//            the UTF-8 bytes, bucket = hash mod 16, sign = the hash's top bit (signed hashing
//            cancels collisions on average); the 16-bucket block is L2-normalised on its own so a
//            long hook does not outweigh the structure, then scaled by its weight.
//
// The constants (means/sds) are typical values for paid-social creatives, fixed rather than
// estimated per account so one creative encodes identically in every workspace and over time.
// The weights rank what decides a creative's CTR in practice (hook timing, faces, text
// legibility, format, offer) above the cosmetic (palette, emotion, CTA); compare.ts reuses them
// to order a DNA comparison.
import type { Dna, DnaField } from '../../../contract/dna';

export const ENCODER_VERSION = 1;
export const ENCODER_DIM = 64;
export const SUPPORTED_ENCODER_VERSIONS: readonly number[] = [1];

const BIAS = 0.25;
const HASH_BUCKETS = 16;
const Z_CLIP = 3;

type CategoricalField = 'format' | 'hookType' | 'cta' | 'offer' | 'emotion' | 'palette' | 'aspectRatio' | 'audio';
type NumericField = 'hookSeconds' | 'durationSeconds' | 'cutsPer10s' | 'textOverlayDensity' | 'textContrast';
type BooleanField = 'facesInFirst3s' | 'captions';

// v1 vocabularies, copied (not imported) from the contract so that adding a value to the contract
// cannot silently move every other dimension; a new value maps to the zero block until v2.
const CATEGORIES: ReadonlyArray<readonly [CategoricalField, readonly string[]]> = [
  ['format', ['video', 'image', 'carousel']],
  ['hookType', ['question', 'bold_claim', 'testimonial', 'problem', 'demo', 'offer']],
  ['cta', ['shop_now', 'learn_more', 'sign_up', 'book_now', 'get_offer']],
  ['offer', ['none', 'discount', 'free_trial', 'bundle', 'free_shipping']],
  ['emotion', ['joy', 'urgency', 'trust', 'curiosity', 'fear']],
  ['palette', ['warm', 'cool', 'neutral', 'vibrant']],
  ['aspectRatio', ['9:16', '1:1', '4:5', '16:9']],
  ['audio', ['voiceover', 'music', 'none']],
];

/** Standardisation constants of v1: typical value and spread of each numeric. */
export const NUMERIC_SCALES: Readonly<Record<NumericField, { mean: number; sd: number }>> = {
  hookSeconds: { mean: 2.5, sd: 1.5 },
  durationSeconds: { mean: 20, sd: 15 },
  cutsPer10s: { mean: 3, sd: 2.5 },
  textOverlayDensity: { mean: 0.5, sd: 0.29 },
  textContrast: { mean: 0.6, sd: 0.23 },
};
const NUMERICS = Object.keys(NUMERIC_SCALES) as NumericField[];
const MOTION_FIELDS: ReadonlySet<NumericField> = new Set(['hookSeconds', 'durationSeconds', 'cutsPer10s']);
const BOOLEANS: readonly BooleanField[] = ['facesInFirst3s', 'captions'];

/** Per-field block weights of v1 (also the importance order of a DNA comparison). */
export const FIELD_WEIGHTS: Readonly<Record<DnaField, number>> = {
  hookSeconds: 1.0,
  facesInFirst3s: 1.0,
  format: 1.0,
  textContrast: 0.9,
  hookType: 0.8,
  textOverlayDensity: 0.7,
  captions: 0.7,
  offer: 0.7,
  cutsPer10s: 0.6,
  aspectRatio: 0.6,
  audio: 0.6,
  hookText: 0.6,
  durationSeconds: 0.4,
  cta: 0.4,
  emotion: 0.4,
  palette: 0.3,
};
const PRESENCE_WEIGHT = 0.3;

export type BlockKind = 'bias' | 'onehot' | 'numeric' | 'boolean' | 'presence' | 'hash';
export interface LayoutBlock {
  kind: BlockKind;
  /** The DNA field the block encodes (none for the bias). */
  field: DnaField | null;
  start: number;
  length: number;
  weight: number;
  /** One label per dimension, e.g. "format=video", "hookSeconds (z)", "hookText#7". */
  labels: string[];
}

function buildLayout(): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  let at = 0;
  const push = (kind: BlockKind, field: DnaField | null, weight: number, labels: string[]) => {
    blocks.push({ kind, field, start: at, length: labels.length, weight, labels });
    at += labels.length;
  };
  push('bias', null, BIAS, ['bias']);
  for (const [field, values] of CATEGORIES) push('onehot', field, FIELD_WEIGHTS[field], values.map((v) => `${field}=${v}`));
  for (const field of NUMERICS) push('numeric', field, FIELD_WEIGHTS[field], [`${field} (z)`]);
  for (const field of BOOLEANS) push('boolean', field, FIELD_WEIGHTS[field], [`${field} (±1)`]);
  for (const field of NUMERICS) push('presence', field, PRESENCE_WEIGHT, [`${field} present`]);
  push('hash', 'hookText', FIELD_WEIGHTS.hookText, Array.from({ length: HASH_BUCKETS }, (_, i) => `hookText#${i}`));
  if (at !== ENCODER_DIM) throw new Error(`encoder v1 layout has ${at} dimensions, expected ${ENCODER_DIM}`);
  return blocks;
}

const LAYOUT_V1: readonly LayoutBlock[] = buildLayout();
const CATEGORY_INDEX: ReadonlyMap<CategoricalField, ReadonlyMap<string, number>> = new Map(
  CATEGORIES.map(([field, values]) => [field, new Map(values.map((v, i) => [v, i]))]),
);

/** Which dimensions mean what, for explanations and for the compare/battle-plan code. */
export function encoderLayout(version = ENCODER_VERSION): readonly LayoutBlock[] {
  assertVersion(version);
  return LAYOUT_V1;
}

/** "format=video", "hookSeconds (z)", … for dimension i. */
export function describeDimension(i: number, version = ENCODER_VERSION): string {
  const block = encoderLayout(version).find((b) => i >= b.start && i < b.start + b.length);
  if (!block) throw new RangeError(`dimension ${i} is outside 0..${ENCODER_DIM - 1}`);
  return block.labels[i - block.start]!;
}

function assertVersion(version: number): void {
  if (!SUPPORTED_ENCODER_VERSIONS.includes(version)) {
    throw new RangeError(`encoder version ${version} is not supported (known: ${SUPPORTED_ENCODER_VERSIONS.join(', ')})`);
  }
}

/** FNV-1a, 32-bit, over the UTF-8 bytes of s. Stable across platforms and Node versions. */
const utf8 = new TextEncoder();
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(s)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// A plain left-to-right sum rather than Math.hypot, whose algorithm is engine-defined: the
// golden vector must be reproducible bit for bit.
function l2(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x * x;
  return Math.sqrt(s);
}

/** Lowercase NFKC word unigrams: maximal runs of letters and digits. */
export function hookTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/**
 * The embedding of a DNA: ENCODER_DIM numbers, unit L2 norm, never all zero. Values are rounded
 * to float32 (what pgvector stores), so the same DNA gives bit-identical vectors everywhere.
 */
export function encodeDna(dna: Dna, version = ENCODER_VERSION): number[] {
  assertVersion(version);
  const v = new Array<number>(ENCODER_DIM).fill(0);
  const staticFormat = dna.format === 'image' || dna.format === 'carousel';
  for (const block of LAYOUT_V1) {
    const { kind, field, start, weight } = block;
    switch (kind) {
      case 'bias':
        v[start] = weight;
        break;
      case 'onehot': {
        const value = dna[field as CategoricalField];
        const idx = value === undefined ? undefined : CATEGORY_INDEX.get(field as CategoricalField)!.get(value);
        if (idx !== undefined) v[start + idx] = weight;
        break;
      }
      case 'numeric':
      case 'presence': {
        const f = field as NumericField;
        const x = dna[f];
        if (x === undefined || (staticFormat && MOTION_FIELDS.has(f))) break;
        const { mean, sd } = NUMERIC_SCALES[f];
        v[start] = kind === 'presence' ? weight : weight * Math.max(-Z_CLIP, Math.min(Z_CLIP, (x - mean) / sd));
        break;
      }
      case 'boolean': {
        const b = dna[field as BooleanField];
        if (b !== undefined) v[start] = b ? weight : -weight;
        break;
      }
      case 'hash': {
        const h = new Array<number>(HASH_BUCKETS).fill(0);
        for (const token of hookTokens(dna.hookText ?? '')) {
          const code = fnv1a32(token);
          h[code % HASH_BUCKETS]! += code >>> 31 ? -1 : 1;
        }
        const norm = l2(h);
        if (norm > 0) h.forEach((x, i) => (v[start + i] = (weight * x) / norm));
        break;
      }
    }
  }
  const norm = l2(v); // ≥ BIAS > 0, so the division is safe
  return v.map((x) => Math.fround(x / norm));
}
