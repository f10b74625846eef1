import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { currencyOffset } from '../../contract';
import { fatalMessage } from '../helpers/fatal-message';
import { decodeCsvBytes, parseCsv } from '../../workers/domain/import/csv';
import { normalizeHeader } from '../../workers/domain/import/headers';
import { parseHubspotDealsCsv } from '../../workers/domain/import/hubspot-deals';
import { parseMetaAdsCsv } from '../../workers/domain/import/meta-ads';
import { detectDateOrder, detectDecimalMark, parseCount, parseDay, parseMoney } from '../../workers/domain/import/numbers';
import { StageResolver } from '../../workers/domain/import/stages';

const fixture = (name: string) => decodeCsvBytes(fs.readFileSync(path.join(__dirname, '../fixtures/csv', name)));
const opts = { offsetOf: currencyOffset };

describe('RFC 4180 parsing', () => {
  it('keeps delimiters, doubled quotes and line breaks inside quotes, and reports the line each record starts on', () => {
    const t = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n');
    expect(t.header).toEqual(['a', 'b', 'c']);
    expect(t.records).toEqual([['x, y', 'say "hi"', 'two\nlines'], ['last', '', '']]);
    expect(t.lines).toEqual([2, 5]);
  });

  it('drops the BOM and detects ";" and tab delimiters from the header', () => {
    expect(parseCsv('\ufeffDay;Ad name\n1;2').header).toEqual(['Day', 'Ad name']);
    expect(parseCsv('a\tb\n1\t2').delimiter).toBe('\t');
    expect(parseCsv('"x;y",b,c\n').delimiter).toBe(',');
  });

  it('decodes UTF-16 (Excel "Unicode text") and refuses workbooks and binaries', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Day\tAd\n', 'utf16le')]);
    expect(decodeCsvBytes(utf16)).toBe('Day\tAd\n');
    expect(() => decodeCsvBytes(fs.readFileSync(path.join(__dirname, '../fixtures/csv/report.xlsx')))).toThrow(/Excel workbook/);
    expect(() => decodeCsvBytes(Buffer.from('%PDF-1.7 ...'))).toThrow(/PDF/);
  });
});

describe('numbers, money and dates in five locales', () => {
  it('decides the decimal mark per file, not per cell', () => {
    expect(detectDecimalMark(['1,234', '12,5'], '.')).toBe(',');
    expect(detectDecimalMark(['1,234', '1,234.5'], ',')).toBe('.');
    expect(detectDecimalMark(['1.234', '1.000'], ',')).toBe(',');
    expect(detectDecimalMark(['1.234.567'], '.')).toBe(',');
    expect(detectDecimalMark(['1,234'], '.')).toBe('.');
  });

  it('parses money to exact minor units in either convention, with spaces, symbols and no-minor-unit currencies', () => {
    expect(parseMoney('1.234,56', ',', 100)).toBe(123456);
    expect(parseMoney('1,234.56', '.', 100)).toBe(123456);
    expect(parseMoney('1\u202f234,5', ',', 100)).toBe(123450);
    expect(parseMoney('$0.07', '.', 100)).toBe(7);
    expect(parseMoney('12,345', ',', 100)).toBe(1235); // three decimals round half up
    expect(parseMoney('15,230', '.', 1)).toBe(15230);
    expect(parseMoney('0.1', '.', 100)).toBe(10); // no floating point: 0.1 is exactly 10 cents
    expect(parseMoney('-5.00', '.', 100)).toBeNull();
    expect(parseMoney('12,34,5', '.', 100)).toBeNull();
    expect(parseMoney('abc', '.', 100)).toBeNull();
  });

  it('parses counts with grouping', () => {
    expect(parseCount('1.234', ',')).toBe(1234);
    expect(parseCount('1,234', '.')).toBe(1234);
    expect(parseCount('12.5', '.')).toBeNull();
  });

  it('orders day and month from the data when it can, from the language when it must', () => {
    expect(detectDateOrder(['05/11/2026', '13/11/2026'], 'mdy')).toBe('dmy');
    expect(detectDateOrder(['11/05/2026', '11/13/2026'], 'dmy')).toBe('mdy');
    expect(detectDateOrder(['02/11/2026'], 'dmy')).toBe('dmy');
    expect(parseDay('03.11.2026', 'dmy')).toBe('2026-11-03');
    expect(parseDay('11/3/2026', 'mdy')).toBe('2026-11-03');
    expect(parseDay('2026-02-30', 'ymd')).toBeNull();
  });

  it('normalises headers: accents, typographic apostrophes, currency suffix', () => {
    expect(normalizeHeader('Nom de l’ensemble de publicités')).toBe("nom de l'ensemble de publicites");
    expect(normalizeHeader('Amount spent (USD)')).toBe('amount spent');
  });
});

describe('Ads Manager exports', () => {
  it('English: skips the summary row, reads quoted names, takes the currency from the header', () => {
    const p = parseMetaAdsCsv(fixture('meta-en.csv'), opts);
    expect(p.currency).toBe('USD');
    expect(p.language).toBe('en');
    expect(p.read).toBe(4);
    expect(p.rejected).toEqual([{ line: 2, reason: 'no ad ID or ad name (a total or summary row?)' }]);
    expect(p.rows.map((r) => [r.day, r.adName, r.impressions, r.clicks, r.spend])).toEqual([
      ['2026-11-01', 'Hook A, UGC', 1200, 20, 41225],
      ['2026-11-01', 'Hook B', 800, 11, 12800],
      ['2026-11-02', 'Hook A, UGC', 1400, 30, 170025],
    ]);
    expect(p.rows[0]!.campaignName).toBe('Prospecting, US');
    expect(p.ignoredColumns).toContain('CPM (cost per 1,000 impressions) (USD)');
  });

  it('German, French, Spanish and Portuguese exports read to the same shape', () => {
    const de = parseMetaAdsCsv(fixture('meta-de.csv'), opts);
    expect([de.language, de.currency]).toEqual(['de', 'EUR']);
    expect(de.rows.map((r) => [r.day, r.impressions, r.reach, r.spend, r.clicks])).toEqual([
      ['2026-11-03', 1234, 1000, 123456, 45],
      ['2026-11-04', 2000, 1500, 9990, 60],
      ['2026-11-04', 500, 480, 1250, 7],
    ]);
    const fr = parseMetaAdsCsv(fixture('meta-fr.csv'), opts);
    expect(fr.language).toBe('fr');
    expect(fr.rows.map((r) => [r.day, r.adName, r.impressions, r.spend])).toEqual([
      ['2026-11-05', 'Vidéo\nversion 2', 12345, 123450],
      ['2026-11-13', 'Vidéo\nversion 2', 2000, 30000],
    ]);
    expect(fr.rows[1]!.line).toBe(4); // the quoted line break moves the second record down a line
    const es = parseMetaAdsCsv(fixture('meta-es.csv'), opts);
    expect(es.language).toBe('es');
    expect(es.rows.map((r) => [r.adId, r.adName, r.impressions, r.frequency, r.spend])).toEqual([
      [null, 'Anuncio 1', 1500, 1.25, 4530],
      [null, 'Anuncio 1', 1600, 1.28, 5010],
    ]);
    const pt = parseMetaAdsCsv(fixture('meta-pt.csv'), opts);
    expect([pt.language, pt.currency]).toEqual(['pt', 'BRL']);
    expect(pt.rows.map((r) => [r.day, r.impressions, r.spend, r.clicks])).toEqual([['2026-11-02', 3210, 105075, 88]]);
  });

  it('yen amounts are whole units', () => {
    const p = parseMetaAdsCsv(fixture('meta-jpy.csv'), opts);
    expect(p.rows[0]!.spend).toBe(15230);
    expect(p.rows[0]!.impressions).toBe(10000);
  });

  it('rejects unreadable rows with their line and reason and keeps the rest', () => {
    const p = parseMetaAdsCsv(fixture('meta-bad-rows.csv'), opts);
    expect(p.read).toBe(6);
    expect(p.rows.map((r) => r.line)).toEqual([2, 7]);
    expect(p.rejected).toEqual([
      { line: 3, reason: 'impressions "lots" is not a valid number' },
      { line: 4, reason: 'day "2026-13-45" is not a date' },
      { line: 5, reason: 'link clicks (50) exceed impressions (10)' },
      { line: 6, reason: 'a second row for the same ad and day (first on line 2); export by ad and day without other breakdowns' },
    ]);
  });

  it('fatal problems say what is wrong: empty file, unclosed quote, wrong kind of export, unknown currency', () => {
    expect(fatalMessage(() => parseMetaAdsCsv('', opts))).toMatch(/empty/);
    expect(fatalMessage(() => parseMetaAdsCsv(fixture('meta-unclosed-quote.csv'), opts))).toMatch(/line 2: a quoted field is never closed/);
    expect(fatalMessage(() => parseMetaAdsCsv(fixture('hubspot-en.csv'), opts))).toMatch(/not look like an Ads Manager export.*Impressions/);
    expect(fatalMessage(() => parseMetaAdsCsv('Day,Ad name,Impressions,Amount spent,Link clicks\n2026-11-01,A,1,1,1\n', opts))).toMatch(/does not say its currency/);
  });
});

describe('HubSpot deal exports', () => {
  it('English: money, timestamps, sources, rejected rows', () => {
    const p = parseHubspotDealsCsv(fixture('hubspot-en.csv'), { ...opts, fallbackCurrency: 'USD' });
    expect(p.rows.map((r) => [r.id, r.stage, r.amount, r.createdAt, r.closedAt])).toEqual([
      ['9100000001', 'Appointment Scheduled', 150000, '2026-11-02T10:15:00Z', null],
      ['9100000002', 'Closed Won', 200000, '2026-11-01T09:00:00Z', '2026-11-05T16:30:00Z'],
      ['9100000003', 'Closed Lost', 90000, '2026-11-01T12:00:00Z', '2026-11-04T12:00:00Z'],
      ['9100000004', 'Contract Sent', null, '2026-11-03T12:00:00Z', null],
    ]);
    expect(p.rows[0]!.sourceData2).toBe('Hook A, UGC');
    expect(p.rows[0]!.firstUrl).toContain('hsa_ad=120000000000000001');
    expect(p.rejected).toEqual([
      { line: 6, reason: 'record ID "oops" is not a HubSpot id (digits only)' },
      { line: 7, reason: 'create date "yesterday" is not a date' },
    ]);
  });

  it('German: semicolons, EUR from the header, day-first dates', () => {
    const p = parseHubspotDealsCsv(fixture('hubspot-de.csv'), opts);
    expect(p.language).toBe('de');
    expect(p.rows.map((r) => [r.stage, r.pipeline, r.amount, r.currency, r.createdAt.slice(0, 10)])).toEqual([
      ['Termin vereinbart', 'Sales Pipeline', 1250000, 'EUR', '2026-11-03'],
      ['Gewonnen', 'Partner', 300000, 'EUR', '2026-11-01'],
      ['Erstgespräch', 'Partner', 100000, 'EUR', '2026-11-02'],
    ]);
  });

  it('resolves stage labels in any language to HubSpot ids, creating what the workspace lacks', () => {
    const r = new StageResolver([{ id: 'default', label: 'Sales Pipeline' }], [
      { pipelineId: 'default', id: 'appointmentscheduled', label: 'Appointment scheduled', probability: 0.2, isClosed: false, isWon: false, order: 0 },
    ]);
    expect(r.resolve('Sales Pipeline', 'Termin vereinbart')).toEqual({ pipelineId: 'default', stageId: 'appointmentscheduled' });
    expect(r.resolve('', 'appointmentscheduled')).toEqual({ pipelineId: 'default', stageId: 'appointmentscheduled' });
    expect(r.resolve('Sales Pipeline', 'Cerrado ganado')).toEqual({ pipelineId: 'default', stageId: 'closedwon' });
    expect(r.resolve('Partner', 'Gewonnen')).toEqual({ pipelineId: 'csv-partner', stageId: 'closedwon' });
    expect(r.resolve('Partner', 'Erstgespräch')).toEqual({ pipelineId: 'csv-partner', stageId: 'erstgesprach' });
    expect(r.createdStages.map((s) => [s.id, s.probability, s.isClosed, s.isWon])).toEqual([
      ['closedwon', 1, true, true],
      ['closedwon', 1, true, true],
      ['erstgesprach', null, false, false],
    ]);
    expect(r.createdPipelines).toEqual([{ id: 'csv-partner', label: 'Partner' }]);
    // Same letters, other spelling: the stage made from "Erstgespräch" is reused, not duplicated.
    expect(r.resolve('Partner', 'Erst-gesprach')).toEqual({ pipelineId: 'csv-partner', stageId: 'erstgesprach' });
    expect(r.createdStages).toHaveLength(3);
  });
});
