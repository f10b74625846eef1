// Numbers, money and dates as exports write them in different locales: "1,234.56" (English),
// "1.234,56" (German, Spanish, Portuguese), "1 234,56" (French, with a (narrow) no-break space).
// One file uses one convention, so the decimal mark is decided per file from all its numeric
// cells, never cell by cell ("1,234" alone is ambiguous). Money becomes integer minor units
// exactly — decimal strings are split, never passed through floating point.

export type DecimalMark = '.' | ',';

const SPACES = /[\s\u00a0\u202f']/g;

/**
 * The file's decimal mark from its numeric cells: a cell with both marks decides by the last
 * one; a mark followed by other than exactly three digits is a decimal mark; otherwise the hint.
 */
export function detectDecimalMark(cells: Iterable<string>, hint: DecimalMark): DecimalMark {
  for (const raw of cells) {
    const m = decimalMarkOf(raw);
    if (m) return m;
  }
  return hint;
}

/** What one cell says about the decimal mark, or null when it is ambiguous ("1,234", "12"). */
export function decimalMarkOf(raw: string): DecimalMark | null {
  const s = raw.replace(SPACES, '');
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  const at = dot >= 0 ? dot : comma;
  if (at < 0) return null;
  const tail = s.slice(at + 1).replace(/[^0-9].*$/, '');
  const marks = s.split(dot >= 0 ? '.' : ',').length - 1;
  if (marks === 1 && tail.length !== 3) return dot >= 0 ? '.' : ',';
  if (marks > 1) return dot >= 0 ? ',' : '.'; // "1.234.567": the repeated mark groups thousands
  return null;
}

export interface Decimal {
  negative: boolean;
  whole: string;
  fraction: string;
}

/** "1.234,56" → {whole:"1234", fraction:"56"}; null when the cell is not a number. */
const PLAIN_INT = /^\d+$/;
const PLAIN_NUMBER = /^[\d.,]+$/;

export function parseDecimal(raw: string, mark: DecimalMark): Decimal | null {
  // Most cells of a big export are plain digits: skip the general path for them.
  if (PLAIN_INT.test(raw)) return { negative: false, whole: raw, fraction: '' };
  let s = raw;
  if (!PLAIN_NUMBER.test(s)) {
    s = s.replace(SPACES, '');
    // Currency symbols or codes stuck to the number ("$12.50", "12,50 €", "USD 12.50").
    s = s.replace(/^[^\d\-(.,]+/, '').replace(/[^\d).,]+$/, '');
  }
  let negative = false;
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1);
  } else if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1);
  }
  // One pass: digits, thousands groups of exactly three, at most one decimal mark.
  const markCode = mark.charCodeAt(0);
  const groupCode = mark === '.' ? 44 : 46;
  let digits = 0; // of the whole part so far
  let sinceGroup = -1; // digits since the last group mark; -1 before the first
  let markAt = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (markAt < 0) {
        digits++;
        if (sinceGroup >= 0) sinceGroup++;
      }
    } else if (c === markCode && markAt < 0) {
      if (sinceGroup >= 0 && sinceGroup !== 3) return null;
      markAt = i;
    } else if (c === groupCode && markAt < 0) {
      if (sinceGroup < 0 ? digits < 1 || digits > 3 : sinceGroup !== 3) return null;
      sinceGroup = 0;
    } else return null;
  }
  if (markAt < 0 && sinceGroup >= 0 && sinceGroup !== 3) return null;
  const wholeRaw = markAt < 0 ? s : s.slice(0, markAt);
  const whole = sinceGroup >= 0 ? wholeRaw.split(mark === '.' ? ',' : '.').join('') : wholeRaw;
  const fraction = markAt < 0 ? '' : s.slice(markAt + 1);
  if (whole.length + fraction.length === 0) return null;
  return { negative, whole: whole || '0', fraction };
}

/** A whole count ("1.234" in German is 1234). Null when not a non-negative integer. */
export function parseCount(raw: string, mark: DecimalMark): number | null {
  const d = parseDecimal(raw, mark);
  if (!d || d.negative || /[1-9]/.test(d.fraction)) return null;
  const n = Number(d.whole);
  return Number.isSafeInteger(n) ? n : null;
}

/** A ratio like frequency (floating point is right here: it is not money). */
export function parseRatio(raw: string, mark: DecimalMark): number | null {
  const d = parseDecimal(raw, mark);
  if (!d || d.negative) return null;
  const n = Number(`${d.whole}.${d.fraction || '0'}`);
  return Number.isFinite(n) ? n : null;
}

/**
 * Money in integer minor units of a currency with `offset` minor units per major unit (100 for
 * USD, 1 for JPY). Extra decimals round half away from zero. Null when not a non-negative amount.
 */
export function parseMoney(raw: string, mark: DecimalMark, offset: number): number | null {
  const d = parseDecimal(raw, mark);
  if (!d || d.negative) return null;
  const digits = offset === 1 ? 0 : Math.round(Math.log10(offset));
  const kept = d.fraction.slice(0, digits).padEnd(digits, '0');
  const roundUp = d.fraction.length > digits && d.fraction.charCodeAt(digits) >= 53; /* '5' */
  const minor = Number(d.whole) * offset + (kept ? Number(kept) : 0) + (roundUp ? 1 : 0);
  return Number.isSafeInteger(minor) ? minor : null;
}

export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const DATE_PARTS = /^(\d{1,4})[-./](\d{1,2})[-./](\d{1,4})(?:[ T].*)?$/;

/**
 * The order of day and month in a file's dates: ISO when the year comes first; otherwise a first
 * part above 12 means day-first, a second part above 12 means month-first; else the hint (US
 * English exports write month first, the other languages day first).
 */
export function detectDateOrder(cells: Iterable<string>, hint: DateOrder): DateOrder {
  for (const raw of cells) {
    const o = dateOrderOf(raw);
    if (o) return o;
  }
  return hint;
}

/** What one date cell says about the order of its parts, or null when it cannot tell. */
export function dateOrderOf(raw: string): DateOrder | null {
  const m = DATE_PARTS.exec(raw.trim());
  if (!m) return null;
  if (m[1]!.length === 4) return 'ymd';
  if (Number(m[1]) > 12) return 'dmy';
  if (Number(m[2]) > 12) return 'mdy';
  return null;
}

/** A calendar day "YYYY-MM-DD", or null when the cell is not a valid date in that order. */
export function parseDay(raw: string, order: DateOrder): string | null {
  const m = DATE_PARTS.exec(raw.trim());
  if (!m) return null;
  let y: number, mo: number, d: number;
  if (m[1]!.length === 4) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if (order === 'mdy') [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 100) y += 2000;
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > dim) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The time of a date-time cell ("2026-11-03 14:05"), as an ISO timestamp in UTC; day only → noon. */
export function parseTimestamp(raw: string, order: DateOrder): string | null {
  const day = parseDay(raw, order);
  if (!day) return null;
  const t = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm)?/.exec(raw.trim());
  if (!t) return `${day}T12:00:00Z`;
  let h = Number(t[1]);
  if (t[4] && /pm/i.test(t[4]) && h < 12) h += 12;
  if (t[4] && /am/i.test(t[4]) && h === 12) h = 0;
  if (h > 23 || Number(t[2]) > 59) return null;
  return `${day}T${String(h).padStart(2, '0')}:${t[2]}:${t[3] ?? '00'}Z`;
}
