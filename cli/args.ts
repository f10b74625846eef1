// Small, strict flag parsing on top of node:util parseArgs: unknown flags and malformed numbers
// are usage errors (exit 2), never silently ignored.
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export function parseFlags<S extends FlagSpec>(argv: string[], spec: S) {
  try {
    return parseArgs({ args: argv, options: { ...spec, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

export function intFlag(value: string | boolean | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw new UsageError(`--${name} expects an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function requireString(value: string | boolean | undefined, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new UsageError(`--${name} is required`);
  return value;
}
