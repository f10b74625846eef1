// CSV import against files a person really produces by accident or an attacker on purpose:
// truncated, re-encoded, with duplicate columns, one enormous line, formula-looking cells, ids
// mangled by a spreadsheet. Each is either imported as written (rows that cannot be read are
// rejected with their line) or refused whole with a clear InvalidInput; never Internal, and a
// refused file changes nothing in the workspace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../workers/engine/engine';
import { demoEngine, rawCall } from './engine';
import { snapshot } from './snapshot';

const HEADER = 'Day,Campaign name,Ad set name,Ad name,Ad ID,Impressions,Amount spent (USD),Link clicks';
const row = (day: string, ad: string, id: string, imps = '1000', spend = '12.50', clicks = '10') => `${day},Camp A,Set A,${ad},${id},${imps},${spend},${clicks}`;
const GOOD = [HEADER, row('2026-11-01', 'Ad one', '120000000000000101'), row('2026-11-02', 'Ad one', '120000000000000101')].join('\n') + '\n';

let engine: Engine;
let dir: string;
let account: string;
beforeAll(async () => {
  engine = await demoEngine('adv-csv');
  account = ((await rawCall(engine, 'accounts.list', {})) as { result: Array<{ id: string }> }).result[0]!.id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-adv-csv-'));
}, 120_000);
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Buffer | string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

async function refused(params: Record<string, unknown>, message: RegExp) {
  const before = await snapshot(engine.db);
  const res = await rawCall(engine, 'import.csv', { kind: 'meta-ads', accountId: account, ...params });
  expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toMatch(/^InvalidInput: /);
  if (!res.ok) expect(res.error.message).toMatch(message);
  expect(await snapshot(engine.db)).toEqual(before);
}

async function imported(params: Record<string, unknown>) {
  const res = await rawCall(engine, 'import.csv', { kind: 'meta-ads', accountId: account, dryRun: true, ...params });
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.result as { rowsRead: number; rowsImported: number; rejected: Array<{ line: number; reason: string }> };
}

describe('import.csv with hostile files', () => {
  it('a file cut off inside a quoted field is refused whole', async () => {
    await refused({ content: GOOD + '2026-11-03,Camp A,Set A,"Ad two, cut' }, /quote/i);
  });

  it('a file cut off mid-row keeps the whole rows and rejects the short one with its line', async () => {
    const r = await imported({ content: GOOD + '2026-11-03,Camp A,Set A,Ad two,1200000000' });
    expect(r.rowsImported).toBe(2);
    expect(r.rejected).toEqual([expect.objectContaining({ line: 4 })]);
  });

  it.each([
    ['UTF-8 BOM and CRLF', Buffer.from('\ufeff' + GOOD.replace(/\n/g, '\r\n'), 'utf8')],
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(GOOD, 'utf16le').swap16()])],
    ['old Mac CR line ends', Buffer.from(GOOD.replace(/\n/g, '\r'), 'utf8')],
  ])('%s reads the same two rows', async (name, bytes) => {
    const r = await imported({ path: file(`${name}.csv`, bytes) });
    expect(r).toMatchObject({ rowsImported: 2, rejected: [] });
  });

  it('bytes that are not UTF-8 (an Excel "CSV" re-save) are refused naming the line, not stored as U+FFFD', async () => {
    const latin1 = Buffer.from([HEADER, row('2026-11-01', 'M\u00fcller Sommer', '120000000000000102')].join('\n') + '\n', 'latin1');
    await refused({ path: file('latin1.csv', latin1) }, /not UTF-8 .*line 2.*CSV UTF-8/);
    await refused({ kind: 'hubspot-deals', path: file('latin1-deals.csv', Buffer.from('Record ID,Deal Name,Deal Stage,Amount,Create Date\n1,Caf\u00e9,Closed Won,10,2026-11-01\n', 'latin1')) }, /not UTF-8/);
  });

  it('a column named twice is read once, the first winning, and the report says so', async () => {
    const dup = [`${HEADER},Impressions`, `${row('2026-11-01', 'Ad one', '120000000000000101')},999999`].join('\n') + '\n';
    const res = await rawCall(engine, 'import.csv', { kind: 'meta-ads', accountId: account, content: dup, dryRun: true });
    expect(res).toMatchObject({ ok: true, result: { rowsImported: 1, notes: expect.arrayContaining([expect.stringMatching(/first wins.*impressions/i)]) } });
  });

  it('one 50 MB line with no line break is refused with a short message, not echoed back whole', async () => {
    const t0 = performance.now();
    const before = await snapshot(engine.db);
    const res = await rawCall(engine, 'import.csv', { kind: 'meta-ads', accountId: account, path: file('one-line.csv', Buffer.alloc(50 * 1024 * 1024, 'a')) });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    if (!res.ok) expect(res.error.message.length).toBeLessThan(2_000);
    expect(await snapshot(engine.db)).toEqual(before);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('a 5 MB cell is rejected with a clipped reason', async () => {
    const text = [HEADER, row('2026-11-01', 'Ad one', '120000000000000101', '9'.repeat(5 * 1024 * 1024))].join('\n') + '\n';
    const r = await imported({ content: text });
    expect(r.rowsImported).toBe(0);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason.length).toBeLessThan(500);
  });

  it('formula-looking cells are data: names are kept as written, numbers that are formulas reject the row', async () => {
    const text = [HEADER, row('2026-11-01', '"=HYPERLINK(""http://x.test"",""click"")"', '120000000000000103'), row('2026-11-01', 'Ad four', '120000000000000104', '=1+1')].join('\n') + '\n';
    const res = await rawCall(engine, 'import.csv', { kind: 'meta-ads', accountId: account, content: text });
    expect(res).toMatchObject({ ok: true, result: { rowsImported: 1, rejected: [{ line: 3 }] } });
    const names = await engine.db.query<{ name: string }>(`select name from ads where id = '120000000000000103'`);
    expect(names.rows.map((r) => r.name)).toEqual(['=HYPERLINK("http://x.test","click")']);
  });

  it('an ad ID a spreadsheet turned into 1.2E+17 is rejected, not merged into one made-up ad', async () => {
    const text = [HEADER, row('2026-11-01', 'Ad five', '1.20000000000000E+17'), row('2026-11-01', 'Ad six', '1.2E+17')].join('\n') + '\n';
    const r = await imported({ content: text });
    expect(r.rowsImported).toBe(0);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3]);
  });
});
