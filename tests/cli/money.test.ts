import { describe, expect, it } from 'vitest';
import { formatMinor, toMinorUnits } from '../../cli/money';

describe('amounts typed by a person', () => {
  it('convert exactly to minor units, per currency offset', () => {
    expect(toMinorUnits('1500', 100)).toBe(150_000);
    expect(toMinorUnits('1500.5', 100)).toBe(150_050);
    expect(toMinorUnits('0.07', 100)).toBe(7);
    expect(toMinorUnits('20000', 1)).toBe(20_000); // JPY
    expect(formatMinor(150_050, 'USD', 100)).toBe('USD 1,500.50');
    expect(formatMinor(20_000, 'JPY', 1)).toBe('JPY 20,000');
  });
  it('refuse what is not an amount, or more decimals than the currency has', () => {
    expect(() => toMinorUnits('12.345', 100)).toThrow(/two decimals/);
    expect(() => toMinorUnits('100.5', 1)).toThrow(/no minor units/);
    expect(() => toMinorUnits('-5', 100)).toThrow(/amount like/);
    expect(() => toMinorUnits('1e5', 100)).toThrow(/amount like/);
  });
});
