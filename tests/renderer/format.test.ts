import { describe, expect, it } from 'vitest';
import { formatCount, formatDayWindow, formatMoney, formatMoneyCompact, formatMultiple, formatPercent, windowStart } from '../../renderer/src/format/numbers';

describe('money in minor units', () => {
  it('divides cents by 100 and shows two decimals', () => {
    expect(formatMoney(123456, 'USD', 100, 'en-US')).toBe('$1,234.56');
    expect(formatMoney(5, 'EUR', 100, 'en-US')).toBe('€0.05');
  });

  it('takes offset-1 currencies as whole units, even where Intl would show decimals (TWD)', () => {
    expect(formatMoney(1234, 'JPY', 1, 'en-US')).toBe('¥1,234');
    expect(formatMoney(1234, 'TWD', 1, 'en-US')).toBe('NT$1,234'); // Intl alone prints NT$1,234.00
  });

  it('has a compact form for chart axes', () => {
    expect(formatMoneyCompact(1_250_000, 'USD', 100, 'en-US')).toBe('$12.5K');
  });
});

describe('other numbers', () => {
  it('formats counts, ratios and multiples, with a dash for "no data"', () => {
    expect(formatCount(7213820, 'en-US')).toBe('7,213,820');
    expect(formatPercent(0.014543, 'en-US')).toBe('1.45%');
    expect(formatPercent(null, 'en-US')).toBe('—');
    expect(formatMultiple(1.5432, 'en-US')).toBe('1.54×');
    expect(formatMultiple(null, 'en-US')).toBe('—');
  });

  it('counts both ends of the data window', () => {
    expect(formatDayWindow('2026-09-26', '2026-11-24')).toBe('2026-09-26 – 2026-11-24 (60 days)');
    expect(formatDayWindow('2026-11-24', '2026-11-24')).toBe('2026-11-24 – 2026-11-24 (1 day)');
    expect(formatDayWindow(null, null)).toBe('No data yet');
  });

  it('starts an n-day window n-1 days before its last day, across month ends', () => {
    expect(windowStart('2026-11-24', 7)).toBe('2026-11-18');
    expect(windowStart('2026-03-02', 3)).toBe('2026-02-28');
    expect(windowStart('2026-11-24', 1)).toBe('2026-11-24');
  });
});
