// Similarity between two embeddings, and the field-by-field comparison shown next to a neighbour.
import { dnaFields, type Dna, type DnaField } from '../../../contract/dna';
import { FIELD_WEIGHTS, hookTokens } from './encoder';

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`vectors of different lengths (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** pgvector's `<=>` is cosine distance, 1 − cos. */
export function cosineFromDistance(distance: number): number {
  return 1 - distance;
}

/**
 * The percentage a person reads: 100 × cos, floored at 0. A negative cosine ("opposite on most
 * fields") is not meaningfully less similar than an unrelated creative, so both show as 0 %.
 */
export function similarityPercent(cosine: number): number {
  return Math.round(Math.max(0, Math.min(1, cosine)) * 1000) / 10;
}

/**
 * Numeric differences within these tolerances count as "same": below them a viewer would not call
 * two creatives different (a 0.3 s longer hook, 0.05 more contrast).
 */
export const SAME_TOLERANCE: Readonly<Partial<Record<DnaField, number>>> = {
  hookSeconds: 0.5,
  durationSeconds: 3,
  cutsPer10s: 1,
  textOverlayDensity: 0.1,
  textContrast: 0.1,
};

export type DnaValue = string | number | boolean;
export type FieldStatus = 'same' | 'different' | 'unknown';
export interface FieldComparison {
  field: DnaField;
  status: FieldStatus;
  draft: DnaValue | undefined;
  neighbour: DnaValue | undefined;
  /** What the order was decided by: the encoder's block weight, or a learnt effect size. */
  importance: number;
}

/** Same hook text = the same words, ignoring case, punctuation and order. */
function sameHook(a: string, b: string): boolean {
  const ta = [...new Set(hookTokens(a))].sort().join(' ');
  const tb = [...new Set(hookTokens(b))].sort().join(' ');
  return ta === tb;
}

export function fieldsMatch(field: DnaField, a: DnaValue, b: DnaValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= (SAME_TOLERANCE[field] ?? 0) + 1e-9;
  if (field === 'hookText' && typeof a === 'string' && typeof b === 'string') return sameHook(a, b);
  return a === b;
}

/**
 * Every DNA field of a draft against a neighbour, most important first. Importance is the
 * encoder's block weight (how much the field moves the similarity) unless `effects` — e.g. the
 * absolute log-odds effect sizes a learnt CTR model assigns to each field — is given, in which
 * case those rank the fields (fields it leaves out fall back to the block weight). Ties keep the
 * contract's field order, so the output is deterministic. 'unknown' = missing on either side.
 */
export function compareDna(draft: Dna, neighbour: Dna, effects?: Partial<Record<DnaField, number>>): FieldComparison[] {
  const rows = dnaFields.map((field, order) => {
    const a = draft[field];
    const b = neighbour[field];
    const status: FieldStatus = a === undefined || b === undefined ? 'unknown' : fieldsMatch(field, a, b) ? 'same' : 'different';
    const importance = Math.abs(effects?.[field] ?? FIELD_WEIGHTS[field]);
    return { row: { field, status, draft: a, neighbour: b, importance }, order };
  });
  rows.sort((x, y) => y.row.importance - x.row.importance || x.order - y.order);
  return rows.map((r) => r.row);
}
