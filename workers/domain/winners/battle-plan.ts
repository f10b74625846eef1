// The battle plan for a creative: what its nearest winners have in common, where the draft departs
// from that, and the concrete changes to make. Deterministic text from data, no language model.
//
// A "pattern" is a field on which at least two thirds of the winners (of all of them, so a field
// most winners leave blank is no pattern) agree: the same value for categoricals and booleans, the
// same band for numerics (bands below, chosen where creative guidance draws its lines: a hook
// that lands within 2 s, 3–6 cuts per 10 s, contrast of 0.7+). A "difference" is a pattern the
// draft does not follow (a missing draft field counts: the winners did something the draft does
// not say it does). Differences are ordered by the encoder's field weights; each gets one change
// from the rule table, a field-specific sentence where there is one, a generic one otherwise.
import { dnaFields, type Dna, type DnaField } from '../../../contract/dna';
import { similarityPercent } from './compare';
import { FIELD_WEIGHTS } from './encoder';
import type { GateResult } from './gate';

export interface WinnerNeighbour {
  adId: string;
  name?: string;
  /** Cosine similarity to the draft. */
  similarity: number;
  dna: Dna;
  ctr?: number;
  pipelineRoas?: number;
  spend?: number;
}

type Band = { key: string; label: string; test: (x: number) => boolean };
const band = (key: string, label: string, test: (x: number) => boolean): Band => ({ key, label, test });

/** Numeric bands; the first that matches wins. */
export const BANDS: Readonly<Partial<Record<DnaField, readonly Band[]>>> = {
  hookSeconds: [band('short', 'a hook within 2 s', (x) => x <= 2), band('medium', 'a hook of 2–4 s', (x) => x <= 4), band('long', 'a hook over 4 s', () => true)],
  durationSeconds: [band('short', 'at most 15 s long', (x) => x <= 15), band('medium', '15–30 s long', (x) => x <= 30), band('long', 'over 30 s long', () => true)],
  cutsPer10s: [band('slow', 'under 3 cuts per 10 s', (x) => x < 3), band('medium', '3–6 cuts per 10 s', (x) => x <= 6), band('fast', 'over 6 cuts per 10 s', () => true)],
  textOverlayDensity: [band('light', 'light on-screen text (≤ 0.3)', (x) => x <= 0.3), band('medium', 'moderate on-screen text (0.3–0.6)', (x) => x <= 0.6), band('heavy', 'heavy on-screen text (> 0.6)', () => true)],
  textContrast: [band('low', 'low text contrast (< 0.4)', (x) => x < 0.4), band('medium', 'medium text contrast (0.4–0.7)', (x) => x < 0.7), band('high', 'high text contrast (≥ 0.7)', () => true)],
};

const LABELS: Readonly<Record<DnaField, string>> = {
  format: 'format',
  hookType: 'hook type',
  hookText: 'hook text',
  hookSeconds: 'hook length',
  durationSeconds: 'duration',
  cutsPer10s: 'pacing',
  textOverlayDensity: 'text overlay',
  textContrast: 'text contrast',
  facesInFirst3s: 'face in the first 3 s',
  captions: 'captions',
  cta: 'call to action',
  offer: 'offer',
  emotion: 'emotion',
  palette: 'palette',
  aspectRatio: 'aspect ratio',
  audio: 'audio',
};

const human = (v: string) => v.replace(/_/g, ' ');

export interface Pattern {
  field: DnaField;
  /** The shared value, or the band key for a numeric. */
  value: string | boolean;
  /** "a hook within 2 s", "format video", "captions on". */
  description: string;
  agree: number;
  of: number;
  draftFollows: boolean;
}

export interface Change {
  field: DnaField;
  text: string;
}

export interface BattlePlan {
  decision: GateResult['decision'];
  /** The winners as given (nearest first), with similarity %. */
  winners: Array<{ adId: string; name?: string; similarityPct: number; ctr?: number; pipelineRoas?: number; spend?: number }>;
  patterns: Pattern[];
  /** Patterns the draft does not follow, most important first. */
  differences: Pattern[];
  changes: Change[];
  /** The plan as plain lines for the view and the CLI. */
  text: string[];
}

function bandOf(field: DnaField, x: number): Band | undefined {
  return BANDS[field]?.find((b) => b.test(x));
}

/** The value a winner or the draft has for a field, in pattern terms (band key for numerics). */
function patternKey(field: DnaField, dna: Dna): string | boolean | undefined {
  const v = dna[field];
  if (v === undefined) return undefined;
  if (typeof v === 'number') {
    // Motion fields of a static creative are "not applicable", not a pattern.
    if ((field === 'hookSeconds' || field === 'durationSeconds' || field === 'cutsPer10s') && dna.format !== undefined && dna.format !== 'video') return undefined;
    return bandOf(field, v)?.key;
  }
  if (field === 'hookText') return undefined; // free text is compared by similarity, not patterned
  return v;
}

function describe(field: DnaField, value: string | boolean): string {
  const b = BANDS[field]?.find((x) => x.key === value);
  if (b) return b.label;
  if (typeof value === 'boolean') return `${LABELS[field]} ${value ? 'yes' : 'no'}`;
  return `${LABELS[field]} ${human(value)}`;
}

/** The rule table: a concrete sentence per (field, pattern value), else the generic sentence. */
function changeFor(field: DnaField, value: string | boolean, draft: Dna, median: number | undefined): string {
  const mine = draft[field];
  const unit = field === 'hookSeconds' || field === 'durationSeconds' ? ' s' : '';
  const now = mine === undefined ? '' : ` (yours: ${typeof mine === 'string' ? human(mine) : `${String(mine)}${unit}`})`;
  switch (field) {
    case 'hookSeconds':
      if (value === 'short') return `Shorten the hook to 2 s${now}.`;
      if (value === 'medium') return `Let the hook land within 2–4 s${median !== undefined ? `, about ${median} s like the winners` : ''}${now}.`;
      break;
    case 'facesInFirst3s':
      return value ? 'Show a face in the first 3 seconds.' : 'Open on the product rather than a face.';
    case 'captions':
      return value ? 'Add captions.' : 'Drop the burnt-in captions.';
    case 'textContrast':
      if (value === 'high') return `Raise text contrast to 0.7 or more${now}.`;
      if (value === 'medium') return `Bring text contrast to the 0.4–0.7 range${now}.`;
      break;
    case 'textOverlayDensity':
      if (value === 'light') return `Cut on-screen text to a light overlay (≤ 0.3 of the frame)${now}.`;
      if (value === 'medium') return `Keep on-screen text moderate (≤ 0.6 of the frame)${now}.`;
      break;
    case 'cutsPer10s':
      if (value === 'medium') return `Pace the edit at 3–6 cuts per 10 s${now}.`;
      if (value === 'fast') return `Cut faster: more than 6 cuts per 10 s${now}.`;
      if (value === 'slow') return `Slow the edit to under 3 cuts per 10 s${now}.`;
      break;
    case 'durationSeconds':
      if (value === 'short') return `Cut it to 15 s or less${now}.`;
      break;
    case 'format':
      return `Make it a ${human(value as string)}${now}.`;
    case 'hookType':
      return `Open with a ${human(value as string)} hook${now}.`;
    case 'offer':
      return value === 'none' ? `Drop the offer${now}.` : `Lead with a ${human(value as string)} offer${now}.`;
    case 'aspectRatio':
      return `Export in ${value as string}${now}.`;
    case 'audio':
      return value === 'none' ? `Run it without audio${now}.` : `Add ${value === 'voiceover' ? 'a voiceover' : human(value as string)}${now}.`;
    default:
      break;
  }
  return `Change the ${LABELS[field]} to ${describe(field, value).replace(`${LABELS[field]} `, '')}${now}.`;
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
}

// Most important first; ties keep the contract's field order.
const FIELD_ORDER: readonly DnaField[] = dnaFields
  .map((field, order) => ({ field, order }))
  .sort((a, b) => FIELD_WEIGHTS[b.field] - FIELD_WEIGHTS[a.field] || a.order - b.order)
  .map((x) => x.field);

export function buildBattlePlan(draft: Dna, winners: readonly WinnerNeighbour[], gate: GateResult): BattlePlan {
  const n = winners.length;
  const needed = Math.ceil((2 * n) / 3);
  const patterns: Pattern[] = [];
  for (const field of FIELD_ORDER) {
    if (n === 0) break;
    const counts = new Map<string | boolean, number>();
    for (const w of winners) {
      const k = patternKey(field, w.dna);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Highest count; ties cannot both reach 2/3, so the choice is unique when it matters.
    let best: [string | boolean, number] | undefined;
    for (const [k, c] of counts) if (!best || c > best[1]) best = [k, c];
    if (!best || best[1] < needed) continue;
    patterns.push({ field, value: best[0], description: describe(field, best[0]), agree: best[1], of: n, draftFollows: patternKey(field, draft) === best[0] });
  }
  const differences = patterns.filter((p) => !p.draftFollows);
  const changes = differences.map((p) => {
    const values = winners.map((w) => w.dna[p.field]).filter((v): v is number => typeof v === 'number');
    return { field: p.field, text: changeFor(p.field, p.value, draft, median(values)) };
  });

  const pctText = (x: number) => `${(x * 100).toFixed(2)} %`;
  const text: string[] = [];
  text.push(`Gate: ${gate.decision} — ${gate.advice}`);
  if (n === 0) {
    text.push('No similar winners are indexed yet, so there are no patterns to follow.');
  } else {
    text.push(`Nearest winners (${n}):`);
    for (const w of winners) {
      const results = [w.ctr !== undefined ? `CTR ${pctText(w.ctr)}` : null, w.pipelineRoas !== undefined ? `pipeline ROAS ${w.pipelineRoas.toFixed(2)}` : null].filter(Boolean).join(', ');
      text.push(`- ${w.name ?? w.adId}: ${similarityPercent(w.similarity)} % similar${results ? `; ${results}` : ''}`);
    }
    text.push(patterns.length ? 'What they share:' : 'They share no pattern that two thirds of them agree on.');
    for (const p of patterns) text.push(`- ${p.description} (${p.agree} of ${p.of})${p.draftFollows ? ' — the draft does too' : ''}`);
    if (changes.length) {
      text.push(gate.decision === 'REJECT' ? 'Fix plan:' : 'Changes to consider:');
      changes.forEach((c, i) => text.push(`${i + 1}. ${c.text}`));
    } else if (patterns.length) {
      text.push('The draft already follows every pattern the winners share.');
    }
  }

  return {
    decision: gate.decision,
    winners: winners.map((w) => {
      const row: BattlePlan['winners'][number] = { adId: w.adId, similarityPct: similarityPercent(w.similarity) };
      if (w.name !== undefined) row.name = w.name;
      if (w.ctr !== undefined) row.ctr = w.ctr;
      if (w.pipelineRoas !== undefined) row.pipelineRoas = w.pipelineRoas;
      if (w.spend !== undefined) row.spend = w.spend;
      return row;
    }),
    patterns,
    differences,
    changes,
    text,
  };
}
