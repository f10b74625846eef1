// Amounts typed by a person (major units, "1500" or "1500.50") to minor units, exactly — no
// floating point on the way.
import { UsageError } from './usage-error';

export function toMinorUnits(text: string, offset: number, flag = 'budget'): number {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${flag} expects an amount like 1500 or 1500.50, got ${JSON.stringify(text)}`);
  const decimals = offset === 1 ? 0 : 2;
  const frac = m[2] ?? '';
  if (frac.length > decimals) {
    throw new UsageError(decimals === 0 ? `--${flag}: this currency has no minor units; use a whole amount` : `--${flag}: at most two decimals`);
  }
  const minor = Number(m[1]) * offset + (frac ? Number(frac.padEnd(decimals, '0')) : 0);
  if (!Number.isSafeInteger(minor)) throw new UsageError(`--${flag} is too large`);
  return minor;
}

export { formatMinorUnits as formatMinor } from '../contract';
