import { describe, expect, it } from 'vitest';
import { decimalToMinor, hubSpotSpacing, readMetaUsage, spacingForUsage } from '../../sync';

describe('decimal strings to minor units', () => {
  it('parses digits exactly, never through a float product', () => {
    expect(decimalToMinor('0.29', 100)).toBe(29);
    expect(decimalToMinor('12.3', 100)).toBe(1230);
    expect(decimalToMinor('1500', 100)).toBe(150_000);
    expect(decimalToMinor('12.345', 100)).toBe(1235);
    expect(decimalToMinor('1500', 1)).toBe(1500);
    expect(decimalToMinor('1500.6', 1)).toBe(1501);
    expect(decimalToMinor('12,30', 100)).toBeNull();
    expect(decimalToMinor('', 100)).toBeNull();
  });
});

describe('usage headers', () => {
  it('reads the highest Meta usage for the account and the longest time to regain access', () => {
    const h = new Headers({
      'x-app-usage': JSON.stringify({ call_count: 12, total_cputime: 3, total_time: 5 }),
      'x-business-use-case-usage': JSON.stringify({ '42': [{ type: 'ads_insights', call_count: 80, total_cputime: 91, total_time: 10, estimated_time_to_regain_access: 4 }], '43': [{ call_count: 100 }] }),
    });
    expect(readMetaUsage(h, '42')).toEqual({ pct: 91, regainMs: 240_000 });
    expect(readMetaUsage(new Headers({ 'x-app-usage': 'not json' }), '42')).toEqual({ pct: 0, regainMs: 0 });
  });

  it('spaces calls from 75 % and spreads HubSpot’s remaining calls over the interval', () => {
    expect(spacingForUsage(74, 2000)).toBe(0);
    expect(spacingForUsage(87.5, 2000)).toBe(1000);
    expect(spacingForUsage(120, 2000)).toBe(2000);
    expect(hubSpotSpacing({ max: 100, remaining: 50, intervalMs: 10_000, dailyRemaining: null })).toEqual({ spacingMs: 0, blockMs: 0 });
    expect(hubSpotSpacing({ max: 100, remaining: 10, intervalMs: 10_000, dailyRemaining: null })).toEqual({ spacingMs: 1000, blockMs: 0 });
    expect(hubSpotSpacing({ max: 100, remaining: 0, intervalMs: 10_000, dailyRemaining: null })).toEqual({ spacingMs: 0, blockMs: 10_000 });
  });
});
