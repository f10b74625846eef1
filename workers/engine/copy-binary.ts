// PostgreSQL's binary COPY format, written straight from typed arrays. For bulk loads (demo,
// CSV import) it is ~2× faster than text COPY here: no number→string on our side, no parsing
// on the database's. Format: signature, flags, extension length; per row an int16 field count
// then (int32 length, bytes) per field, big-endian; int16 -1 ends the stream.

export type BinaryColumn =
  | { type: 'int4'; values: ArrayLike<number> }
  | { type: 'int8'; values: ArrayLike<number> }
  | { type: 'float8'; values: ArrayLike<number> }
  /** Days since 2000-01-01 (PostgreSQL's date epoch). */
  | { type: 'date'; values: ArrayLike<number> };

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const WIDTH = { int4: 4, int8: 8, float8: 8, date: 4 } as const;
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

export function pgDayNumber(isoDay: string): number {
  return Math.round((Date.parse(`${isoDay}T00:00:00Z`) - PG_EPOCH_MS) / 86_400_000);
}

export function encodeBinaryCopy(columns: BinaryColumn[], count: number): Uint8Array<ArrayBuffer> {
  const rowBytes = 2 + columns.reduce((s, c) => s + 4 + WIDTH[c.type], 0);
  const buf = new ArrayBuffer(19 + count * rowBytes + 2);
  const dv = new DataView(buf);
  const u8 = new Uint8Array(buf);
  u8.set(SIGNATURE, 0);
  let o = 19; // signature (11) + flags (4) + header extension length (4), all zero after the signature
  for (let r = 0; r < count; r++) {
    dv.setInt16(o, columns.length);
    o += 2;
    for (const c of columns) {
      const v = c.values[r]!;
      switch (c.type) {
        case 'int4':
        case 'date':
          dv.setInt32(o, 4);
          dv.setInt32(o + 4, v);
          o += 8;
          break;
        case 'int8':
          dv.setInt32(o, 8);
          dv.setBigInt64(o + 4, BigInt(v));
          o += 12;
          break;
        case 'float8':
          dv.setInt32(o, 8);
          dv.setFloat64(o + 4, v);
          o += 12;
          break;
      }
    }
  }
  dv.setInt16(o, -1);
  return u8;
}

/**
 * Rows of a text-format COPY TO stream (tab-separated, \N for null, backslash escapes), as arrays
 * of strings. For reads of many small rows: PGlite builds a JS object per result row, and copying
 * the same rows out as text and splitting them here is ~4× faster.
 */
export function parseCopyText(text: string): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  if (text.length === 0) return out;
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (const line of lines) out.push(line.split('\t').map(copyTextField));
  return out;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function copyTextField(f: string): string | null {
  if (f === '\\N') return null;
  if (!f.includes('\\')) return f;
  // Octal (\123) and hex (\x7f) escapes are only produced for input, never by COPY TO; the
  // single-character ones are what Postgres writes.
  return f.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}
