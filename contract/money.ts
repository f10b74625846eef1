// Money as the engine and the CLI print it: "USD 1,234.50" from integer minor units. Formatted by
// hand (no Intl): it runs once per holder in an allocation, and Intl is ~100× slower. The
// renderer formats for the user's locale with Intl instead.
export function formatMinorUnits(minor: number, currency: string, offset: number): string {
  const neg = minor < 0;
  const abs = Math.round(Math.abs(minor));
  const whole = Math.floor(abs / offset);
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = offset === 1 ? '' : `.${String(abs % offset).padStart(2, '0')}`;
  return `${currency} ${neg ? '-' : ''}${grouped}${cents}`;
}

// Currencies Meta bills without a minor unit: amounts are whole units (DESIGN.md "Money is
// integers"). Every other currency has two decimals for Meta's purposes.
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'TWD', 'HUF', 'ISK', 'IDR', 'CLP', 'COP', 'CRC', 'PYG', 'VND']);

/** Minor units per major unit of an ISO 4217 currency as Meta counts them: 1 or 100. */
export function currencyOffset(code: string): number {
  if (!/^[A-Z]{3}$/.test(code)) throw new Error(`${JSON.stringify(code)} is not an ISO 4217 currency code such as USD`);
  return ZERO_DECIMAL.has(code) ? 1 : 100;
}
