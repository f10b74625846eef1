// The message of the InvalidInput a parser throws for a fatal problem (a test fails if it throws
// anything else, or nothing).
import { expect } from 'vitest';
import { isAdloopError } from '../../contract';

export function fatalMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(isAdloopError(e) && e.code === 'InvalidInput').toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a fatal InvalidInput');
}
