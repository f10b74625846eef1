// RFC 4180 CSV parsing for the exports buyers already have (Ads Manager, HubSpot). Quotes may hold
// delimiters, doubled quotes and line breaks; a UTF-8 BOM is dropped; the delimiter (",", ";" or
// tab — Excel in German/French locales writes ";", "Unicode text" writes tabs) is detected from
// the header line. Pure: bytes or text in, records with their 1-based starting line out.
import { isUtf8 } from 'node:buffer';

export interface CsvTable {
  delimiter: ',' | ';' | '\t';
  header: string[];
  /** Data records (header excluded); blank lines are dropped. */
  records: string[][];
  /** The physical line each record starts on (header is line 1), for error reports. */
  lines: number[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Decodes file bytes: UTF-16 (Excel "Unicode text") by its BOM, else UTF-8; refuses binaries. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const kind = binaryKind(bytes);
  if (kind) throw new CsvSyntaxError(`this is not a CSV file (it looks like ${kind}); export the report as CSV`, 1);
  assertUtf8(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * A file re-saved by Excel as "CSV" (not "CSV UTF-8") is Windows-1252: decoded as UTF-8 its
 * accented names silently became U+FFFD in the workspace. Which 8-bit code page it is cannot be
 * known for sure, so it is refused with the line of the first bad byte and what to do instead.
 */
function assertUtf8(bytes: Uint8Array): void {
  if (isUtf8(bytes)) return;
  const bad = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
  throw new CsvSyntaxError(`the file is not UTF-8 text (byte 0x${bytes[bad]!.toString(16)} on line ${line}); export it again as "CSV UTF-8"`, line);
}

/** Where the message points: the first lead byte without its continuation bytes (rare overlong forms point at 0). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}

/**
 * File bytes as UTF-8 for the byte-level readers (csv-bytes.ts): UTF-16 is re-encoded, UTF-8
 * passed through untouched (no copy of a 150 MB export); binaries are refused as above.
 */
export function utf8CsvBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return new TextEncoder().encode(decodeCsvBytes(bytes));
  const kind = binaryKind(bytes);
  if (kind) throw new CsvSyntaxError(`this is not a CSV file (it looks like ${kind}); export the report as CSV`, 1);
  assertUtf8(bytes);
  return bytes;
}

function binaryKind(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 5));
  if (head.startsWith('PK\u0003\u0004')) return 'an Excel workbook or another ZIP archive';
  if (head === '%PDF-') return 'a PDF document';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return 'an old Excel (.xls) workbook';
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return 'a binary file';
  return null;
}

/** The delimiter that splits the header line (outside quotes) into the most fields. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return counts[';'] > counts[','] ? ';' : ',';
}

export function parseCsv(input: string): CsvTable {
  const records: string[][] = [];
  const lines: number[] = [];
  let header: string[] = [];
  const { delimiter } = forEachCsvRecord(input, (fields, line, index) => {
    if (index === 0) header = fields;
    else {
      records.push(fields);
      lines.push(line);
    }
  });
  return { delimiter, header, records, lines };
}

/**
 * Calls `fn` for each record (index 0 is the header) without keeping them: a million-row export
 * then never holds thirteen million field strings at once. `fn` returning false stops early.
 */
export function forEachCsvRecord(input: string, fn: (fields: string[], line: number, index: number) => boolean | void): { delimiter: ',' | ';' | '\t' } {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const d = delimiter.charCodeAt(0);
  let index = 0;
  let stop = false;
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  let fieldStart = true;
  let field = '';
  while (i < n) {
    const c = text.charCodeAt(i);
    if (fieldStart && c === 34 /* " */) {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const openLine = line;
      i++;
      let buf = '';
      let from = i;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError('a quoted field is never closed', openLine);
        const q = text.charCodeAt(i);
        if (q === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            buf += text.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          buf += text.slice(from, i);
          i++;
          break;
        }
        if (q === 10) line++;
        i++;
      }
      field = buf;
      // Anything between the closing quote and the delimiter is kept (lenient, as Excel is).
      while (i < n) {
        const t = text.charCodeAt(i);
        if (t === d || t === 10 || t === 13) break;
        field += text[i];
        i++;
      }
      fieldStart = false;
      continue;
    }
    if (c === d) {
      row.push(field);
      field = '';
      fieldStart = true;
      i++;
      continue;
    }
    if (c === 10 || c === 13) {
      row.push(field);
      if (!(row.length === 1 && row[0] === '')) stop = fn(row, rowLine, index++) === false;
      if (stop) return { delimiter };
      row = [];
      field = '';
      fieldStart = true;
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    // Unquoted run up to the next delimiter or line end.
    let j = i;
    while (j < n) {
      const t = text.charCodeAt(j);
      if (t === d || t === 10 || t === 13) break;
      j++;
    }
    field = fieldStart ? text.slice(i, j) : field + text.slice(i, j);
    fieldStart = false;
    i = j;
  }
  if (!fieldStart || row.length > 0) {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) fn(row, rowLine, index);
  }
  return { delimiter };
}
