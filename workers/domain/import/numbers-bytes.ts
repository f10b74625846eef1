// Fast paths of numbers.ts for cells read as bytes: plain numbers ("1,234.56", "1.234,56",
// "812") and dates made of digits and separators. Each returns -1 for anything it does not
// handle — spaces inside, currency signs, minus, parentheses, non-ASCII, very long numbers —
// and the caller then asks the text parser, which decides (and words the rejection). So the
// fast path only ever agrees with numbers.ts; tests run both on the same cells.

// The last trimAscii result (two module variables rather than an object per cell).
export let trimS = 0;
export let trimE = 0;

/** [s, e) with ASCII whitespace trimmed off both ends, into trimS and trimE. */
export function trimAscii(b: Uint8Array, s: number, e: number): void {
  while (s < e && (b[s] === 32 || (b[s]! >= 9 && b[s]! <= 13))) s++;
  while (e > s && (b[e - 1] === 32 || (b[e - 1]! >= 9 && b[e - 1]! <= 13))) e--;
  trimS = s;
  trimE = e;
}

// The decimal just read: whole part, the fraction's digits (up to 15) and their count.
let whole = 0;
let frac = 0;
let fracLen = 0;
let fracFirstDigits = '';

/**
 * parseDecimal for a cell of only digits, "." and "," (after trimming): the same grouping rules
 * (groups of exactly three, at most one decimal mark). False when the text parser must decide.
 */
function readDecimal(b: Uint8Array, s: number, e: number, markCode: number, keepFraction: number): boolean {
  const groupCode = markCode === 46 ? 44 : 46;
  let digits = 0;
  let sinceGroup = -1;
  let markAt = -1;
  let w = 0;
  let f = 0;
  let fl = 0;
  let kept = '';
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      if (markAt < 0) {
        digits++;
        if (sinceGroup >= 0) sinceGroup++;
        w = w * 10 + (c - 48);
      } else {
        if (fl < 15) f = f * 10 + (c - 48);
        if (kept.length <= keepFraction) kept += String.fromCharCode(c);
        fl++;
      }
    } else if (c === markCode && markAt < 0) {
      if (sinceGroup >= 0 && sinceGroup !== 3) return false;
      markAt = i;
    } else if (c === groupCode && markAt < 0) {
      if (sinceGroup < 0 ? digits < 1 || digits > 3 : sinceGroup !== 3) return false;
      sinceGroup = 0;
    } else return false;
  }
  if (markAt < 0 && sinceGroup >= 0 && sinceGroup !== 3) return false;
  if (digits + fl === 0 || digits > 15 || fl > 15) return false;
  whole = w;
  frac = f;
  fracLen = fl;
  fracFirstDigits = kept;
  return true;
}

/** A trimmed cell that means zero in Ads Manager: empty or "-". */
function isBlank(b: Uint8Array, s: number, e: number): boolean {
  return s === e || (e - s === 1 && b[s] === 45);
}

/** Count (impressions, clicks, reach) or -1. */
export function fastCount(b: Uint8Array, s: number, e: number, markCode: number): number {
  trimAscii(b, s, e);
  s = trimS;
  e = trimE;
  if (isBlank(b, s, e)) return 0;
  if (!readDecimal(b, s, e, markCode, 0)) return -1;
  if (frac !== 0) return -1; // a fractional count: the text parser rejects it
  return whole;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** A ratio (frequency) or -1. Exact: an integer below 2^53 over a power of ten ≤ 10^15 rounds once, like Number("1.25"). */
export function fastRatio(b: Uint8Array, s: number, e: number, markCode: number): number {
  trimAscii(b, s, e);
  s = trimS;
  e = trimE;
  if (isBlank(b, s, e)) return 0;
  if (!readDecimal(b, s, e, markCode, 0)) return -1;
  if (fracLen === 0) return whole;
  const m = whole * POW10[fracLen]! + frac;
  if (!Number.isSafeInteger(m)) return -1;
  return m / POW10[fracLen]!;
}

/** Money in minor units (`digits` decimals kept, half away from zero) or -1. */
export function fastMoney(b: Uint8Array, s: number, e: number, markCode: number, offset: number, digits: number): number {
  trimAscii(b, s, e);
  s = trimS;
  e = trimE;
  if (isBlank(b, s, e)) return 0;
  if (!readDecimal(b, s, e, markCode, digits)) return -1;
  let kept = 0;
  for (let k = 0; k < digits; k++) kept = kept * 10 + (k < fracFirstDigits.length ? fracFirstDigits.charCodeAt(k) - 48 : 0);
  const roundUp = fracFirstDigits.length > digits && fracFirstDigits.charCodeAt(digits) >= 53 ? 1 : 0;
  const minor = whole * offset + kept + roundUp;
  return Number.isSafeInteger(minor) ? minor : -1;
}

const DAY_MS = 86_400_000;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
/** Parsed day → day number, by (year, month, day): an export repeats a few hundred days. */
const dayNumbers = new Map<number, number>();

/** Days since 2000-01-01 of a valid calendar day, else NaN (parseDay's rules). */
export function dayNumberOf(y: number, mo: number, d: number): number {
  const key = (y * 100 + mo) * 10000 + d;
  let n = dayNumbers.get(key);
  if (n === undefined) {
    const dim = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
    n = y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > dim ? NaN : (Date.UTC(y, mo - 1, d) - PG_EPOCH_MS) / DAY_MS;
    dayNumbers.set(key, n);
  }
  return n;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDayOf(n: number): string {
  return new Date(PG_EPOCH_MS + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A date cell (parseDay's pattern: 1–4 digits, a separator, 1–2 digits, a separator, 1–4 digits,
 * optionally a space or T and a time) → day number; NaN for a date that is not valid; -1 when the
 * text parser must decide (anything else).
 */
export function fastDay(b: Uint8Array, s: number, e: number, order: 'ymd' | 'mdy' | 'dmy'): number {
  trimAscii(b, s, e);
  s = trimS;
  e = trimE;
  let i = s;
  let p1 = 0;
  while (i < e && i - s < 4 && b[i]! >= 48 && b[i]! <= 57) p1 = p1 * 10 + (b[i++]! - 48);
  const p1len = i - s;
  if (p1len === 0 || i >= e || !(b[i] === 45 || b[i] === 46 || b[i] === 47)) return -1;
  let from = ++i;
  let p2 = 0;
  while (i < e && i - from < 2 && b[i]! >= 48 && b[i]! <= 57) p2 = p2 * 10 + (b[i++]! - 48);
  if (i === from || i >= e || !(b[i] === 45 || b[i] === 46 || b[i] === 47)) return -1;
  from = ++i;
  let p3 = 0;
  while (i < e && i - from < 4 && b[i]! >= 48 && b[i]! <= 57) p3 = p3 * 10 + (b[i++]! - 48);
  if (i === from) return -1;
  if (i < e) {
    if (b[i] !== 32 && b[i] !== 84) return -1;
    for (let k = i; k < e; k++) if (b[k] === 10 || b[k] === 13 || b[k]! >= 0x80) return -1;
  }
  let y = p3;
  let mo = p2;
  let d = p1;
  if (p1len === 4) {
    y = p1;
    d = p3;
  } else if (order === 'mdy') {
    mo = p1;
    d = p2;
  }
  if (y < 100) y += 2000;
  return dayNumberOf(y, mo, d);
}
