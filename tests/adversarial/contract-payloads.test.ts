// Every contract method against hostile payloads, table-driven from the method table itself so a
// new method is covered the day it is added: wrong shapes, prototype-pollution keys, deep nesting,
// and, per declared field, values of the wrong type, NaN/Infinity, out-of-range numbers, floats
// for integers, over-long strings, unknown enum values and over-long arrays. Each must come back
// as a typed InvalidInput naming the field, and the workspace must be byte-for-byte unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methodNames, methods } from '../../contract';
import type { Engine } from '../../workers/engine/engine';
import { demoEngine, rawCall } from './engine';
import { snapshot, type Snapshot } from './snapshot';

interface Prop {
  type?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: Prop[];
}

function deep(depth: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

const HUGE = 'x'.repeat(5 * 1024 * 1024);

/** Values that no declared field of this JSON-schema type may accept. */
function badValues(p: Prop): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [
    ['null', null],
    ['nested object', deep(200)],
  ];
  if (p.type === 'string') {
    out.push(['number', 42], ['array', ['a']]);
    if (p.enum) out.push(['unknown enum value', 'bogus-value'], ['enum-cased', String(p.enum[0]).toUpperCase() + '!']);
    if (p.maxLength !== undefined) out.push(['one char too long', 'a'.repeat(p.maxLength + 1)], ['5 MB string', HUGE]);
    if (p.minLength) out.push(['empty string', '']);
    if (p.pattern) out.push(['not matching its pattern', 'no match \u0000 ../..']);
  } else if (p.type === 'number' || p.type === 'integer') {
    out.push(['numeric string', '1'], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['boolean', true]);
    if (p.type === 'integer') out.push(['float', 1.5], ['2^53', 2 ** 53]);
    if (p.minimum !== undefined) out.push(['below minimum', p.minimum - 1]);
    if (p.exclusiveMinimum !== undefined) out.push(['at exclusive minimum', p.exclusiveMinimum]);
    if (p.maximum !== undefined) out.push(['above maximum', p.maximum === Number.MAX_SAFE_INTEGER ? 1e308 : p.maximum + 1]);
  } else if (p.type === 'boolean') {
    out.push(['string "true"', 'true'], ['number 1', 1]);
  } else if (p.type === 'array') {
    out.push(['string', 'a,b'], ['object', { 0: 1 }]);
    if (p.minItems) out.push(['empty array', []]);
    if (p.maxItems !== undefined) out.push([`${p.maxItems + 1} items`, Array.from({ length: p.maxItems + 1 }, (_, i) => i + 1)]);
    // "approve 100,000 ids": even a list far past any limit is refused by its size, not worked through.
    out.push(['100,000 items', Array.from({ length: 100_000 }, (_, i) => i + 1)]);
  } else if (p.type === 'object') {
    out.push(['string', '{}'], ['array', []], ['unknown key', { bogusKey: 1 }], ['__proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')]);
  }
  return out;
}

const rootPayloads: Array<[string, unknown]> = [
  ['a string', 'hello'],
  ['a number', 42],
  ['true', true],
  ['an empty array', []],
  ['an array of objects', [{}]],
  ['an unknown key', { bogusKey: 1 }],
  ['a __proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')],
  ['a constructor.prototype key', JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')],
  ['5,000 levels of nesting', { a: deep(5000) }],
];

let engine: Engine;
let before: Snapshot;
beforeAll(async () => {
  engine = await demoEngine('adv-contract');
  before = await snapshot(engine.db);
}, 120_000);
afterAll(async () => engine?.close());

function expectInvalid(res: Awaited<ReturnType<typeof rawCall>>, field: string | null, what: string) {
  expect(res.ok, what).toBe(false);
  if (res.ok) return;
  expect(res.error.code, `${what}: ${res.error.message}`).toBe('InvalidInput');
  expect(res.error.message.length, what).toBeLessThan(2_000);
  if (field) expect(res.error.issues?.some((i) => i.path === field || i.path.startsWith(`${field}.`)), `${what}: ${res.error.message}`).toBe(true);
}

describe.each(methodNames.map((m) => [m]))('%s refuses hostile payloads', (method) => {
  const schema = z.toJSONSchema(methods[method].input, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, Prop> };

  it.each(rootPayloads)('params that are %s', async (what, params) => {
    expectInvalid(await rawCall(engine, method, params), null, `${method} with ${what}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const cases = Object.entries(schema.properties ?? {}).flatMap(([field, prop]) =>
    badValues(prop.anyOf?.[0] ?? prop).map(([what, value]) => [field, what, value] as const),
  );
  if (cases.length) {
    it.each(cases)('field %s set to %s', async (field, what, value) => {
      expectInvalid(await rawCall(engine, method, { [field]: value }), field, `${method}.${field} = ${what}`);
    });
  }
});

describe('after every refusal', () => {
  it('the workspace is unchanged, table by table', async () => {
    expect(await snapshot(engine.db)).toEqual(before);
  });
});
