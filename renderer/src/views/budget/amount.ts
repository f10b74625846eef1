// An amount typed in major units ("10481", "10,481.50") to integer minor units, exactly: the
// digits are assembled as integers, never multiplied as floats (0.29 × 100 is 28.999…).
import type { CurrencyOffset } from '../../format/numbers';

export type AmountParse = { ok: true; minor: number } | { ok: false; message: string };

// Digits with an optional decimal part; thousands separators only where they group correctly,
// so a European "1,5" is refused instead of read as 15.
const PLAIN = /^(\d+)(?:\.(\d*))?$/;
const GROUPED = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

export function decimalsOf(offset: CurrencyOffset): number {
  return offset === 100 ? 2 : 0;
}

export function parseMajorAmount(text: string, offset: CurrencyOffset, currency: string): AmountParse {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter an amount.' };
  if (t.startsWith('-')) return { ok: false, message: 'A budget cannot be negative.' };
  const m = PLAIN.exec(t) ?? GROUPED.exec(t);
  if (!m) return { ok: false, message: `Enter an amount like ${offset === 100 ? '1500 or 1500.50' : '1500'}.` };
  const whole = m[1]!.replace(/,/g, '');
  const frac = m[2] ?? '';
  const decimals = decimalsOf(offset);
  if (frac.length > decimals) {
    return {
      ok: false,
      message: decimals === 0 ? `${currency} has no minor units here; enter a whole amount.` : `${currency} amounts have at most ${decimals} decimals.`,
    };
  }
  const minor = Number(whole) * offset + (frac ? Number(frac.padEnd(decimals, '0')) : 0);
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, minor };
}

/** The input's text for an amount: "10481.00" (no grouping, so it parses back unchanged). */
export function minorToInput(minor: number, offset: CurrencyOffset): string {
  const decimals = decimalsOf(offset);
  if (decimals === 0) return String(minor);
  const whole = Math.floor(minor / offset);
  return `${whole}.${String(minor % offset).padStart(decimals, '0')}`;
}
