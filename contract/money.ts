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
