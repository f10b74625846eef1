// DNA as stored on ads (imported or simulated) is not guaranteed to be well-formed. The index keeps
// every field that is valid on its own and drops the rest, so one bad field (a typo'd enum from a
// CSV) costs that field's similarity, not the whole ad's place in the index.
import { dnaFieldsSchema, dnaSchema, type Dna } from '../../../../contract/dna';

export function lenientDna(raw: unknown): { dna: Dna; dropped: string[] } {
  const whole = dnaSchema.safeParse(raw);
  if (whole.success) return { dna: whole.data, dropped: [] };
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const shape = dnaFieldsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      const field = shape[key];
      const parsed = field?.safeParse(value);
      if (parsed?.success && parsed.data !== undefined) out[key] = parsed.data;
      else dropped.push(key);
    }
  }
  const dna = out as Dna;
  // The one cross-field rule: a hook cannot outlast the creative; the hook length is the suspect.
  if (dna.hookSeconds !== undefined && dna.durationSeconds !== undefined && dna.durationSeconds > 0 && dna.hookSeconds > dna.durationSeconds) {
    delete dna.hookSeconds;
    dropped.push('hookSeconds');
  }
  return { dna, dropped };
}
