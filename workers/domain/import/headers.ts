// Matching export headers to the fields we read, whatever the column order, the interface
// language (English, German, French, Spanish, Portuguese) or the currency suffix Ads Manager adds
// ("Amount spent (USD)", "Ausgegebener Betrag (EUR)"). Headers are compared normalised: lower
// case, accents and typographic apostrophes folded, the currency suffix taken off.

export type Language = 'en' | 'de' | 'fr' | 'es' | 'pt';

/** Aliases per field, normalised (see normalizeHeader), each tagged with its language. */
export type AliasTable<F extends string> = Record<F, Partial<Record<Language | 'id', string[]>>>;

export interface HeaderMatch<F extends string> {
  /** Column index of each field found. */
  columns: Partial<Record<F, number>>;
  /** The currency named by a header suffix ("(USD)"), if any. */
  currency: string | null;
  /** The language most matched headers are in (decides ambiguous number and date formats). */
  language: Language | null;
  /** Headers that matched no field (ignored, listed in the report). */
  ignored: string[];
  /** Fields named by more than one column (the first wins; listed in the report). */
  duplicates: string[];
}

const CURRENCY_SUFFIX = /\s*[([]\s*([A-Z]{3})\s*[)\]]\s*$/;

export function normalizeHeader(h: string): string {
  return h
    .replace(CURRENCY_SUFFIX, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

export function headerCurrency(h: string): string | null {
  return CURRENCY_SUFFIX.exec(h.trim())?.[1] ?? null;
}

export function matchHeaders<F extends string>(header: string[], table: AliasTable<F>): HeaderMatch<F> {
  const lookup = new Map<string, { field: F; lang: Language | 'id' }>();
  for (const field of Object.keys(table) as F[]) {
    for (const [lang, names] of Object.entries(table[field]) as [Language | 'id', string[]][]) {
      for (const n of names) if (!lookup.has(n)) lookup.set(n, { field, lang });
    }
  }
  const columns: Partial<Record<F, number>> = {};
  const votes = new Map<Language, number>();
  const ignored: string[] = [];
  const duplicates: string[] = [];
  let currency: string | null = null;
  header.forEach((raw, i) => {
    const hit = lookup.get(normalizeHeader(raw));
    if (!hit) {
      if (raw.trim()) ignored.push(raw.trim());
      return;
    }
    if (columns[hit.field] !== undefined) {
      duplicates.push(raw.trim());
      return;
    }
    columns[hit.field] = i;
    currency ??= headerCurrency(raw);
    if (hit.lang !== 'id') votes.set(hit.lang, (votes.get(hit.lang) ?? 0) + 1);
  });
  let language: Language | null = null;
  let best = 0;
  // Many headers ("Impressions", "Pipeline") are shared between languages; a tie keeps English
  // only when nothing else outvotes it.
  for (const [lang, n] of votes) if (n > best || (n === best && lang !== 'en')) [language, best] = [lang, n];
  return { columns, currency, language, ignored, duplicates };
}

/** Clips a cell or header quoted back to a person: a 50 MB "header" must not become a 50 MB message. */
export function clipText(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** The header as a readable list for an error: at most 30 names, each clipped. */
export function describeHeader(header: string[]): string {
  const shown = header.slice(0, 30).map((x) => JSON.stringify(clipText(x, 60)));
  return shown.join(', ') + (header.length > 30 ? `, and ${header.length - 30} more` : '');
}
