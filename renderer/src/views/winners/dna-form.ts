// The DNA form's model: every field as text ('' = not described), converted to the contract's DNA
// on submit. Values are passed through as typed (a number field holding "three" is sent as the
// string) so the engine's own InvalidInput, naming the field, is what the person sees.
import { dnaAspectRatios, dnaAudios, dnaCtas, dnaEmotions, dnaFields, dnaFormats, dnaHookTypes, dnaOffers, dnaPalettes, type Dna, type DnaField } from '../../../../contract';

export type DnaDraft = Record<DnaField, string>;

export type FieldSpec =
  | { field: DnaField; label: string; kind: 'choice'; options: readonly string[] }
  | { field: DnaField; label: string; kind: 'number'; unit: string; step: number; min: number; max: number }
  | { field: DnaField; label: string; kind: 'flag' }
  | { field: DnaField; label: string; kind: 'text' };

export const FIELD_SPECS: readonly FieldSpec[] = [
  { field: 'format', label: 'Format', kind: 'choice', options: dnaFormats },
  { field: 'hookType', label: 'Hook type', kind: 'choice', options: dnaHookTypes },
  { field: 'hookText', label: 'Hook text', kind: 'text' },
  { field: 'hookSeconds', label: 'Hook lands at', kind: 'number', unit: 's', step: 0.1, min: 0, max: 60 },
  { field: 'durationSeconds', label: 'Duration', kind: 'number', unit: 's', step: 1, min: 0, max: 600 },
  { field: 'cutsPer10s', label: 'Cuts per 10 s', kind: 'number', unit: '', step: 0.1, min: 0, max: 30 },
  { field: 'textOverlayDensity', label: 'Text overlay', kind: 'number', unit: '0–1', step: 0.05, min: 0, max: 1 },
  { field: 'textContrast', label: 'Text contrast', kind: 'number', unit: '0–1', step: 0.05, min: 0, max: 1 },
  { field: 'facesInFirst3s', label: 'Face in first 3 s', kind: 'flag' },
  { field: 'captions', label: 'Captions', kind: 'flag' },
  { field: 'cta', label: 'Call to action', kind: 'choice', options: dnaCtas },
  { field: 'offer', label: 'Offer', kind: 'choice', options: dnaOffers },
  { field: 'emotion', label: 'Emotion', kind: 'choice', options: dnaEmotions },
  { field: 'palette', label: 'Palette', kind: 'choice', options: dnaPalettes },
  { field: 'aspectRatio', label: 'Aspect ratio', kind: 'choice', options: dnaAspectRatios },
  { field: 'audio', label: 'Audio', kind: 'choice', options: dnaAudios },
];

export const LABEL: Readonly<Record<string, string>> = Object.fromEntries(FIELD_SPECS.map((s) => [s.field, s.label]));

export function emptyDraft(): DnaDraft {
  return Object.fromEntries(dnaFields.map((f) => [f, ''])) as DnaDraft;
}

export function draftFromDna(dna: Dna): DnaDraft {
  const d = emptyDraft();
  for (const f of dnaFields) {
    const v = dna[f];
    if (v !== undefined) d[f] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return d;
}

/** The draft as DNA for the engine; blank fields are left out (partial DNA is allowed). */
export function dnaFromDraft(draft: DnaDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of FIELD_SPECS) {
    const text = draft[spec.field].trim();
    if (text === '') continue;
    if (spec.kind === 'number') {
      const n = Number(text);
      out[spec.field] = Number.isFinite(n) ? n : text;
    } else if (spec.kind === 'flag') {
      out[spec.field] = text === 'yes' ? true : text === 'no' ? false : text;
    } else {
      out[spec.field] = spec.kind === 'text' ? draft[spec.field] : text;
    }
  }
  return out;
}

/** A DNA value as a person reads it. */
export function showValue(v: string | number | boolean | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v).replace(/_/g, ' ');
}
