// Creative DNA: the structured description of a creative that the winner index encodes and the
// pre-spend gate judges. Every field is optional (a draft is often half-described, and imported
// ads may only carry a few fields), but a value that is present must be well-formed, and unknown
// fields are refused so a typo ("hookSecs") is an error rather than silently ignored data.
import { z } from 'zod';
import { invalidInput } from './errors';

// The categorical vocabularies are the simulator's (workers/simulator/dna.ts) plus 'other' where a
// real creative can fall outside the list. 'other' carries no similarity: two 'other' formats are
// not known to be alike (see the encoder).
export const dnaFormats = ['video', 'image', 'carousel', 'other'] as const;
export const dnaHookTypes = ['question', 'bold_claim', 'testimonial', 'problem', 'demo', 'offer', 'other'] as const;
export const dnaCtas = ['shop_now', 'learn_more', 'sign_up', 'book_now', 'get_offer', 'other'] as const;
export const dnaOffers = ['none', 'discount', 'free_trial', 'bundle', 'free_shipping', 'other'] as const;
export const dnaEmotions = ['joy', 'urgency', 'trust', 'curiosity', 'fear', 'other'] as const;
export const dnaPalettes = ['warm', 'cool', 'neutral', 'vibrant', 'other'] as const;
export const dnaAspectRatios = ['9:16', '1:1', '4:5', '16:9', 'other'] as const;
export const dnaAudios = ['voiceover', 'music', 'none', 'other'] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: () => `expected one of ${values.join(', ')}` });

const bounded = (min: number, max: number, unit = '') => {
  const u = unit ? ` ${unit}` : '';
  return z
    .number({ error: () => `expected a number${unit ? ` of ${unit}` : ''} from ${min} to ${max}` })
    .min(min, `must be at least ${min}${u}`)
    .max(max, `must be at most ${max}${u}`);
};

const flag = z.boolean({ error: () => 'expected true or false' });

/** The fields without the cross-field check, for forms that need `.shape` or `.pick`. */
export const dnaFieldsSchema = z
  .object({
    format: oneOf(dnaFormats).optional(),
    hookType: oneOf(dnaHookTypes).optional(),
    hookText: z.string({ error: () => 'expected text' }).max(500, 'at most 500 characters').optional(),
    /** Seconds until the hook lands; 0 for a static creative. */
    hookSeconds: bounded(0, 60, 'seconds').optional(),
    /** 0 for a static creative. */
    durationSeconds: bounded(0, 600, 'seconds').optional(),
    cutsPer10s: bounded(0, 30, 'cuts per 10 s').optional(),
    /** Share of the frame covered by text, 0..1. */
    textOverlayDensity: bounded(0, 1).optional(),
    /** Legibility of overlay text against its background, 0..1. */
    textContrast: bounded(0, 1).optional(),
    facesInFirst3s: flag.optional(),
    captions: flag.optional(),
    cta: oneOf(dnaCtas).optional(),
    offer: oneOf(dnaOffers).optional(),
    emotion: oneOf(dnaEmotions).optional(),
    palette: oneOf(dnaPalettes).optional(),
    aspectRatio: oneOf(dnaAspectRatios).optional(),
    audio: oneOf(dnaAudios).optional(),
  })
  .strict();

export const dnaSchema = dnaFieldsSchema.superRefine((d, ctx) => {
  if (d.hookSeconds !== undefined && d.durationSeconds !== undefined && d.durationSeconds > 0 && d.hookSeconds > d.durationSeconds) {
    ctx.addIssue({ code: 'custom', path: ['hookSeconds'], message: `the hook (${d.hookSeconds} s) cannot outlast the creative (${d.durationSeconds} s)` });
  }
});

export type Dna = z.infer<typeof dnaSchema>;
export type DnaField = keyof Dna;
export const dnaFields = Object.keys(dnaFieldsSchema.shape) as DnaField[];

/** A typed DNA, or AdloopError('InvalidInput') whose `issues` name each bad field. */
export function parseDna(raw: unknown): Dna {
  const parsed = dnaSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // zod reports unknown keys as one root-level issue; name each field instead.
  const issues = parsed.error.issues.flatMap((i): z.core.$ZodIssue[] =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ ...i, keys: [k], path: [...i.path, k], message: 'unknown DNA field' })) : [i],
  );
  throw invalidInput('creative DNA', new z.ZodError(issues));
}
