import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../contract';
import { confidenceBand, coverageShare, decodeFileBytes, money, parseStageValue, reportHeadline } from '../../renderer/src/views/pipeline/logic';

describe('Pipeline view logic', () => {
  it('stage values are typed in major units and validated per currency', () => {
    expect(parseStageValue('2,250.50', 'USD')).toEqual({ ok: true, minor: 225050 });
    expect(parseStageValue('2250', 'JPY')).toEqual({ ok: true, minor: 2250 });
    expect(parseStageValue('0', 'USD')).toEqual({ ok: true, minor: 0 });
    expect(parseStageValue('-5', 'USD')).toEqual({ ok: false, message: 'A stage value cannot be negative.' });
    expect(parseStageValue('12.345', 'USD')).toEqual({ ok: false, message: 'USD amounts have at most 2 decimals.' });
    expect(parseStageValue('12.5', 'JPY')).toEqual({ ok: false, message: 'JPY has no minor units here; enter a whole amount.' });
    expect(parseStageValue('', 'USD')).toMatchObject({ ok: false, message: expect.stringMatching(/Enter a value/) });
    expect(parseStageValue('999999999999', 'USD')).toEqual({ ok: false, message: 'That value is too large.' });
  });

  it('confidence bands and coverage', () => {
    expect([0.97, 0.85, 0.6, 0.3, 0, null].map(confidenceBand)).toEqual(['high', 'high', 'medium', 'low', 'none', 'none']);
    expect(coverageShare(3, 4)).toBe(0.75);
    expect(coverageShare(0, 0)).toBeNull();
  });

  it('money of a deal uses its own currency’s minor units', () => {
    expect(money(123456, 'USD')).toBe('$1,234.56');
    expect(money(1234, 'JPY')).toBe('¥1,234');
  });

  it('decodes UTF-16 exports by their BOM and UTF-8 otherwise', () => {
    expect(decodeFileBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x3b, 0x00]))).toBe('A;');
    expect(decodeFileBytes(new TextEncoder().encode('Día'))).toBe('Día');
  });

  it('the report headline counts read, imported and rejected rows', () => {
    const r = { kind: 'hubspot-deals', rowsRead: 3, rowsImported: 2, inserted: 2, updated: 0, unchanged: 0, rowsRejected: 1 } as ImportReport;
    expect(reportHeadline(r)).toBe('3 deals read · 2 imported (2 new, 0 changed, 0 unchanged) · 1 rejected');
  });
});
