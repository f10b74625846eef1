// Display formatting. Money arrives as integer minor units of the account currency together with
// Meta's offset (100 for cents, 1 for currencies such as JPY or HUF that Meta counts in whole
// units), so the conversion is explicit here rather than guessed from the currency code.

export type CurrencyOffset = 1 | 100;

const cache = new Map<string, Intl.NumberFormat>();
function formatter(locale: string | undefined, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale ?? ''}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(id, f);
  }
  return f;
}

export function minorToMajor(minor: number, offset: CurrencyOffset): number {
  return minor / offset;
}

/** "$1,234.56" for 123456 USD cents; "¥1,234" for 1234 JPY (offset 1). */
export function formatMoney(minor: number, currency: string, offset: CurrencyOffset, locale?: string): string {
  const digits = offset === 100 ? 2 : 0;
  return formatter(locale, `money:${currency}:${digits}`, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToMajor(minor, offset));
}

/** Short money for chart axes: "$12K", "¥1.2M". */
export function formatMoneyCompact(minor: number, currency: string, offset: CurrencyOffset, locale?: string): string {
  return formatter(locale, `money-compact:${currency}`, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(minorToMajor(minor, offset));
}

export function formatCount(n: number, locale?: string): string {
  return formatter(locale, 'count', { maximumFractionDigits: 0 }).format(n);
}

/** A ratio as a percentage: 0.01234 → "1.23%". Null means "no impressions yet". */
export function formatPercent(ratio: number | null, locale?: string, digits = 2): string {
  if (ratio === null) return '—';
  return formatter(locale, `pct:${digits}`, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** Pipeline ROAS as a multiple: 2.345 → "2.35×". */
export function formatMultiple(x: number | null, locale?: string): string {
  if (x === null) return '—';
  return `${formatter(locale, 'multiple', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x)}×`;
}

/** "2026-09-27 – 2026-11-25 (60 days)"; days are calendar days in the account's time zone. */
export function formatDayWindow(first: string | null, last: string | null): string {
  if (!first || !last) return 'No data yet';
  const days = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
  return `${first} – ${last} (${days} ${days === 1 ? 'day' : 'days'})`;
}

/** The day `n - 1` days before `last`, so a window of n days ends on `last`. */
export function windowStart(last: string, n: number): string {
  const t = Date.parse(`${last}T00:00:00Z`) - (n - 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
