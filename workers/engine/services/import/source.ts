// The bytes of an import: a file on this machine (CLI, desktop) or the text itself (browser,
// tests). Anything unreadable is an InvalidInput that names the file.
import fs from 'node:fs';
import { AdloopError } from '../../../../contract';
import { CsvSyntaxError, decodeCsvBytes, utf8CsvBytes } from '../../../domain/import/csv';
import { textBytes } from '../../../domain/import/csv-bytes';

/** Larger exports than this are a sign of the wrong file (1M daily ad rows are ~150 MB). */
const MAX_BYTES = 512 * 1024 * 1024;

export function readImportText(input: { path?: string | undefined; content?: string | undefined }): { text: string; file: string | null } {
  return readImport(input, decodeCsvBytes, (text) => text);
}

/** The import as UTF-8 bytes, for the byte-level Ads Manager reader (no 150 MB string made). */
export function readImportBytes(input: { path?: string | undefined; content?: string | undefined }): { text: Uint8Array; file: string | null } {
  return readImport(input, utf8CsvBytes, textBytes);
}

function readImport<T>(input: { path?: string | undefined; content?: string | undefined }, fromBytes: (b: Uint8Array) => T, fromText: (t: string) => T): { text: T; file: string | null } {
  if (input.content !== undefined) {
    // Text typed or dropped in the browser: the same binary check as for files.
    if (input.content.includes('\u0000')) throw new AdloopError('InvalidInput', 'this is not a CSV file (it looks like a binary file); export the report as CSV');
    if (input.content.startsWith('PK\u0003\u0004')) throw new AdloopError('InvalidInput', 'this is not a CSV file (it looks like an Excel workbook or another ZIP archive); export the report as CSV');
    return { text: fromText(input.content), file: null };
  }
  const file = input.path!;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new AdloopError('NotFound', `there is no file ${file}`, { details: { path: file } });
  }
  if (!stat.isFile()) throw new AdloopError('InvalidInput', `${file} is not a file`, { details: { path: file } });
  if (stat.size > MAX_BYTES) throw new AdloopError('InvalidInput', `${file} is ${Math.round(stat.size / 1e6)} MB; exports larger than ${MAX_BYTES / 1024 / 1024} MB are not read`, { details: { path: file } });
  try {
    return { text: fromBytes(fs.readFileSync(file)), file };
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new AdloopError('InvalidInput', `${file}: ${e.message}`, { details: { path: file } });
    throw e;
  }
}
