// The byte-level Ads Manager reader (csv-bytes.ts, numbers-bytes.ts, parseMetaAdsBytes) against
// the text parsers it replaces for speed: same records, same numbers, same rejections.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currencyOffset } from '../../contract';
import { fatalMessage } from '../helpers/fatal-message';
import { CsvSyntaxError, forEachCsvRecord, utf8CsvBytes } from '../../workers/domain/import/csv';
import { CsvByteReader, textBytes } from '../../workers/domain/import/csv-bytes';
import { parseMetaAdsBytes, parseMetaAdsCsv } from '../../workers/domain/import/meta-ads';
import { parseCount, parseDay, parseMoney, parseRatio } from '../../workers/domain/import/numbers';
import { fastCount, fastDay, fastMoney, fastRatio, isoDayOf } from '../../workers/domain/import/numbers-bytes';

const fixtureBytes = (name: string) => utf8CsvBytes(fs.readFileSync(path.join(__dirname, '../fixtures/csv', name)));
const opts = { offsetOf: currencyOffset };

function byteRecords(text: string): Array<{ fields: string[]; line: number }> {
  const r = new CsvByteReader(textBytes(text));
  const out: Array<{ fields: string[]; line: number }> = [];
  while (r.next()) out.push({ fields: Array.from({ length: r.count }, (_, k) => r.text(k)), line: r.line });
  return out;
}

function textRecords(text: string): Array<{ fields: string[]; line: number }> {
  const out: Array<{ fields: string[]; line: number }> = [];
  forEachCsvRecord(text, (fields, line) => void out.push({ fields, line }));
  return out;
}

describe('CSV records from bytes', () => {
  const cases: Record<string, string> = {
    'quoted commas, newlines and doubled quotes': 'a,b,c\n"x, y","say ""hi""","two\nlines"\nlast,,\n',
    'CRLF, blank lines and no final newline': 'a,b\r\n1,2\r\n\r\n\r\n3,4',
    'a lone CR ends a record': 'a,b\r1,2\r3,4\r',
    'BOM, semicolons and a quoted field of quotes': '\ufeffTag;Anzeigenname\n01.11.2026;""""\n"";x\n',
    'tabs and text after a closing quote': 'a\tb\n"q"tail\t2\n',
    'multi-byte names': 'Day,Ad name\n2026-11-01,"Café – Größe ✓"\n2026-11-02,日本語\n',
    'a trailing delimiter at the end of the file': 'a,b\n1,',
    'a quoted line break in CRLF text keeps later line numbers right': 'a,b\r\n"x\r\ny",1\r\nz,2\r\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(name, () => {
      expect(byteRecords(text)).toEqual(textRecords(text));
    });
  }

  it('an unclosed quote is a syntax error naming the line it opens on', () => {
    const err = (() => {
      try {
        byteRecords('a,b\n1,2\n3,"open\nmore');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(CsvSyntaxError);
    expect((err as CsvSyntaxError).line).toBe(3);
  });

  it('refuses workbooks, PDFs and binaries, and re-encodes UTF-16 as UTF-8', () => {
    expect(() => utf8CsvBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toThrow(/Excel workbook/);
    expect(() => utf8CsvBytes(textBytes('%PDF-1.7\n'))).toThrow(/PDF/);
    expect(() => utf8CsvBytes(new Uint8Array([65, 0, 66]))).toThrow(/binary/);
    const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from('Day,Ad\n', (c) => [c.charCodeAt(0), 0]).flat()]);
    expect(new TextDecoder().decode(utf8CsvBytes(utf16))).toBe('Day,Ad\n');
  });
});

describe('number and day fast paths agree with numbers.ts', () => {
  const cell = (s: string) => {
    const b = textBytes(s);
    return [b, 0, b.length] as const;
  };
  const cells = ['0', '812', ' 812 ', '1,234', '1.234', '1,234.56', '1.234,56', '12,5', '1,2345', '12,34,567', ',5', '.', '1.2.3', '0.005', '1.995', '00012', '-', '', '1,23', '123456789012345', '9007199254740993', '1e5', '$12.50', '12 €'];
  for (const mark of ['.', ','] as const) {
    it(`decimal mark "${mark}"`, () => {
      const code = mark.charCodeAt(0);
      for (const raw of cells) {
        const t = raw.trim();
        const blank = !t || t === '-';
        const fc = fastCount(...cell(raw), code);
        if (fc >= 0) expect([raw, fc]).toEqual([raw, blank ? 0 : parseCount(t, mark)]);
        const fr = fastRatio(...cell(raw), code);
        if (fr >= 0) expect([raw, fr]).toEqual([raw, blank ? 0 : parseRatio(t, mark)]);
        for (const offset of [1, 100, 1000]) {
          const digits = offset === 1 ? 0 : Math.round(Math.log10(offset));
          const fm = fastMoney(...cell(raw), code, offset, digits);
          if (fm >= 0) expect([raw, offset, fm]).toEqual([raw, offset, blank ? 0 : parseMoney(t, mark, offset)]);
        }
      }
    });
  }

  it('days in every order, with times, invalid dates and shapes left to the text parser', () => {
    const days = ['2026-11-01', '2026-02-29', '2028-02-29', '11/03/2026', '03.11.2026', '3.11.26', '2026-11-01 00:00:00', '2026-11-01T09:30', '1969-12-31', '2026-13-01', '31/04/2026', ' 2026-11-01 ', '12026-11-01', '2026/11/01x', 'Nov 1, 2026'];
    for (const order of ['ymd', 'mdy', 'dmy'] as const) {
      for (const raw of days) {
        const fast = fastDay(...cell(raw), order);
        if (fast === -1) continue;
        const text = parseDay(raw.trim(), order);
        expect([raw, order, Number.isNaN(fast) ? null : isoDayOf(fast)]).toEqual([raw, order, text]);
      }
    }
  });
});

describe('Ads Manager export from bytes', () => {
  it('every fixture reads the same through the byte fast paths and through the text parsers', () => {
    for (const f of ['meta-en.csv', 'meta-de.csv', 'meta-fr.csv', 'meta-es.csv', 'meta-pt.csv', 'meta-jpy.csv', 'meta-bad-rows.csv']) {
      const text = new TextDecoder().decode(fixtureBytes(f));
      expect(parseMetaAdsCsv(text, opts), f).toEqual(parseMetaAdsCsv(text, { ...opts, textOnly: true }));
    }
  });

  it('BOM, CRLF, a currency suffix, quoted names with commas and line breaks, and one ad spelled two ways', () => {
    const text =
      '\ufeffDay,Campaign name,Ad set name,Ad name,Ad ID,Impressions,Amount spent (EUR),Link clicks\r\n' +
      '2026-11-01,"Spring, DE",Broad,"Hook ""A"",\r\nUGC",120000000000000007,"1,000",12.50,3\r\n' +
      '2026-11-02,"Spring, DE",Broad,"Hook ""A"",\r\nUGC",120000000000000007,900,"9.99",2\r\n' +
      '2026-11-03,"Spring, DE","Broad","Hook ""A"",\r\nUGC","120000000000000007",800,8,1\r\n';
    const p = parseMetaAdsBytes(textBytes(text), opts);
    expect(p.currency).toBe('EUR');
    expect(p.currencySource).toBe('header');
    expect(p.rejected).toEqual([]);
    expect(p.ads).toHaveLength(1);
    expect(p.ads[0]).toMatchObject({ campaignName: 'Spring, DE', adName: 'Hook "A",\r\nUGC', adId: '120000000000000007', rows: 3, firstDay: 9801 });
    expect(Array.from(p.line)).toEqual([2, 4, 6]);
    expect(Array.from(p.impressions)).toEqual([1000, 900, 800]);
    expect(Array.from(p.spend)).toEqual([1250, 999, 800]);
    expect(Array.from(p.day, isoDayOf)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('bad rows are rejected with their line and reason; the rest import', () => {
    const text = [
      'Day,Ad name,Ad ID,Impressions,Amount spent (USD),Link clicks',
      '2026-11-01,A,1,100,1.00,5',
      '2026-11-01,A,1,100,1.00,5',
      'yesterday,A,1,100,1.00,5',
      '2026-11-02,A,x1,100,1.00,5',
      '2026-11-02,A,1,1.5,1.00,5',
      '2026-11-02,A,1,10,1.00,50',
      '2026-11-02,A,1,10,"twelve",5',
      ',,,,,',
      '2026-11-03,A,1,100,$2.50,5',
    ].join('\n');
    const p = parseMetaAdsBytes(textBytes(text), opts);
    expect(p.read).toBe(9);
    expect(p.rejected).toEqual([
      { line: 3, reason: 'a second row for the same ad and day (first on line 2); export by ad and day without other breakdowns' },
      { line: 4, reason: 'day "yesterday" is not a date' },
      { line: 5, reason: 'ad ID "x1" is not a Meta id (digits only)' },
      { line: 6, reason: 'impressions "1.5" is not a valid number' },
      { line: 7, reason: 'link clicks (50) exceed impressions (10)' },
      { line: 8, reason: 'amount spent "twelve" is not a valid number' },
      { line: 9, reason: 'no ad ID or ad name (a total or summary row?)' },
    ]);
    expect(Array.from(p.line)).toEqual([2, 10]);
    expect(Array.from(p.spend)).toEqual([100, 250]);
  });

  it('an empty file, a header-only file and a deal export', () => {
    expect(fatalMessage(() => parseMetaAdsBytes(new Uint8Array(0), opts))).toMatch(/empty/);
    expect(fatalMessage(() => parseMetaAdsBytes(textBytes('\ufeff\r\n\r\n'), opts))).toMatch(/empty/);
    const headerOnly = parseMetaAdsBytes(textBytes('Day,Ad name,Impressions,Amount spent (USD),Link clicks\r\n'), opts);
    expect([headerOnly.read, headerOnly.count]).toEqual([0, 0]);
    expect(fatalMessage(() => parseMetaAdsBytes(fixtureBytes('hubspot-en.csv'), opts))).toMatch(/not look like an Ads Manager export/);
    expect(fatalMessage(() => parseMetaAdsBytes(textBytes('Day,Ad name,Impressions,Amount spent (USD),Link clicks\n"2026-11-01,A,1,1,1\n'), opts))).toMatch(/line 2: a quoted field is never closed/);
  });
});
