// The same RFC 4180 reading as csv.ts, but over the file's UTF-8 bytes: a record is a set of
// byte ranges, and a field becomes a string only when asked for (names once per ad, numbers
// never on the fast path). A million-row export then makes no per-field strings at all. Splitting
// bytes is exact for UTF-8: every multi-byte character's bytes are ≥ 0x80, so a delimiter, quote
// or line break byte is always that character. Semantics (quotes, "", text after a closing quote,
// blank lines, line numbers, CRLF) match forEachCsvRecord; tests compare the two.
import { CsvSyntaxError, detectDelimiter } from './csv';

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Field flags: the value is quoted; the value needs unescaping ("" or text after the quote). */
export const QUOTED = 1;
export const COMPLEX = 2;

const utf8 = new TextDecoder('utf-8');

/** Bytes [s, e) as a string: short ASCII runs without the decoder's per-call overhead. */
export function bytesText(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 48) {
    let out = '';
    for (let i = s; i < e; i++) {
      const c = b[i]!;
      if (c >= 0x80) return utf8.decode(b.subarray(s, e));
      out += String.fromCharCode(c);
    }
    return out;
  }
  return utf8.decode(b.subarray(s, e));
}

/** UTF-8 bytes of a string (the browser/test path; files are read as bytes). */
export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export class CsvByteReader {
  readonly delimiter: ',' | ';' | '\t';
  private readonly d: number;
  private readonly n: number;
  private pos: number;
  private lineNo = 1;
  /** Fields of the current record: value range, raw range (quotes included) and flags. */
  count = 0;
  line = 1;
  valStart = new Int32Array(64);
  valEnd = new Int32Array(64);
  rawStart = new Int32Array(64);
  rawEnd = new Int32Array(64);
  flags = new Uint8Array(64);

  constructor(readonly bytes: Uint8Array) {
    this.pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    this.n = bytes.length;
    // The delimiter is decided on the header line alone, exactly as for text.
    let end = this.pos;
    let quoted = false;
    while (end < this.n) {
      const c = bytes[end]!;
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && (c === LF || c === CR)) break;
      end++;
    }
    this.delimiter = detectDelimiter(bytesText(bytes, this.pos, end));
    this.d = this.delimiter.charCodeAt(0);
  }

  private push(vs: number, ve: number, rs: number, re: number, f: number): void {
    if (this.count === this.valStart.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.valStart = grow(this.valStart);
      this.valEnd = grow(this.valEnd);
      this.rawStart = grow(this.rawStart);
      this.rawEnd = grow(this.rawEnd);
      this.flags = grow(this.flags);
    }
    const k = this.count++;
    this.valStart[k] = vs;
    this.valEnd[k] = ve;
    this.rawStart[k] = rs;
    this.rawEnd[k] = re;
    this.flags[k] = f;
  }

  /** Reads the next non-blank record into the field arrays; false at the end of the file. */
  next(): boolean {
    const b = this.bytes;
    const n = this.n;
    const d = this.d;
    for (;;) {
      if (this.pos >= n) return false;
      this.count = 0;
      this.line = this.lineNo;
      let i = this.pos;
      for (;;) {
        if (i < n && b[i] === QUOTE) {
          // Quoted field: runs to the closing quote; "" is a literal quote.
          const rs = i;
          const openLine = this.lineNo;
          i++;
          const vs = i;
          let f = QUOTED;
          for (;;) {
            if (i >= n) throw new CsvSyntaxError('a quoted field is never closed', openLine);
            const q = b[i]!;
            if (q === QUOTE) {
              if (b[i + 1] === QUOTE) {
                f |= COMPLEX;
                i += 2;
                continue;
              }
              break;
            }
            if (q === LF) this.lineNo++;
            i++;
          }
          const ve = i;
          i++;
          // Anything between the closing quote and the delimiter is kept (lenient, as Excel is).
          while (i < n) {
            const t = b[i]!;
            if (t === d || t === LF || t === CR) break;
            f |= COMPLEX;
            i++;
          }
          this.push(vs, ve, rs, i, f);
        } else {
          const s = i;
          while (i < n) {
            const t = b[i]!;
            if (t === d || t === LF || t === CR) break;
            i++;
          }
          this.push(s, i, s, i, 0);
        }
        if (i >= n) break;
        const t = b[i]!;
        if (t === d) {
          i++;
          continue;
        }
        i += t === CR && b[i + 1] === LF ? 2 : 1;
        this.lineNo++;
        break;
      }
      this.pos = i;
      // A blank line (one empty field) is no record.
      if (this.count === 1 && this.valEnd[0] === this.valStart[0] && !(this.flags[0]! & COMPLEX)) continue;
      return true;
    }
  }

  /** Field k of the current record as the text parser gives it (unescaped, not trimmed). */
  text(k: number): string {
    if (k >= this.count) return '';
    const b = this.bytes;
    const s = this.valStart[k]!;
    const e = this.valEnd[k]!;
    if (!(this.flags[k]! & COMPLEX)) return bytesText(b, s, e);
    return bytesText(b, s, e).replaceAll('""', '"') + bytesText(b, e + 1, this.rawEnd[k]!);
  }
}
