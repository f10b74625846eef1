// The APIs send money as decimal strings in major units ("12.34"); the database keeps integer minor
// units. Parse the digits, never multiply a float (0.29 × 100 = 28.999…).
export function decimalToMinor(text: string, offset: number): number | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const digits = offset === 1 ? 0 : 2;
  const frac = (m[3] ?? '').padEnd(digits + 1, '0');
  let minor = Number(m[2]) * offset + (digits ? Number(frac.slice(0, digits)) : 0);
  if (Number(frac[digits]) >= 5) minor += 1; // half up on the first dropped digit
  return m[1] ? -minor : minor;
}

/** Minor units per major unit: 1 for the zero-decimal currencies Meta lists, 100 otherwise. */
const ZERO_DECIMAL = new Set(['CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD', 'VND']);
export const currencyOffset = (currency: string): 1 | 100 => (ZERO_DECIMAL.has(currency.toUpperCase()) ? 1 : 100);
