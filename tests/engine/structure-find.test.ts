// The pickers' lookup (structure.find) through the engine's contract, on a real workspace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAdloopError } from '../../contract';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('structure-find') });
  await engine.client.call('demo.generate', { seed: 3, ads: 40, days: 10 });
});
afterAll(async () => engine?.close());

const find = (input: Record<string, unknown>) => engine.client.call('structure.find', input as never);

describe('structure.find', () => {
  it('finds ads by part of a name, with their ad set and campaign, names starting with the text first', async () => {
    const all = await find({ query: 'ad', limit: 50 });
    expect(all.length).toBe(40);
    const one = all[7]!;
    const fragment = one.name.slice(1, 5);
    const hits = await find({ query: fragment.toUpperCase(), limit: 50 });
    expect(hits.map((h) => h.id)).toContain(one.id);
    for (const h of hits) {
      expect(h.kind).toBe('ad');
      expect(`${h.name} ${h.id}`.toLowerCase()).toContain(fragment.toLowerCase());
      expect(h.adSetId).not.toBeNull();
      expect(h.campaignName.length).toBeGreaterThan(0);
    }
    const prefix = one.name.slice(0, 4);
    const ranked = await find({ query: prefix, limit: 50 });
    const starts = ranked.map((h) => h.name.toLowerCase().startsWith(prefix.toLowerCase()));
    expect(starts.indexOf(false) === -1 || starts.slice(starts.indexOf(false)).every((s) => !s)).toBe(true);
  });

  it('puts the exact id first and honours the limit', async () => {
    const [first] = await find({ query: 'a', limit: 1 });
    const hits = await find({ query: first!.id, limit: 3 });
    expect(hits[0]!.id).toBe(first!.id);
    expect(hits.length).toBeLessThanOrEqual(3);
  });

  it('finds ad sets, and matches % and _ literally', async () => {
    const sets = await find({ query: 'e', kind: 'adSet', limit: 50 });
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      expect(s.kind).toBe('adSet');
      expect(s.adSetId).toBeNull();
    }
    expect(await find({ query: '%' })).toEqual([]);
    expect(await find({ query: '_' })).toEqual([]);
  });

  it('refuses an empty query, an unknown kind, a limit over 50 and extra keys, with InvalidInput', async () => {
    for (const bad of [{ query: '   ' }, { query: 'x', kind: 'campaign' }, { query: 'x', limit: 51 }, { query: 'x', extra: 1 }]) {
      const err = await find(bad).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAdloopError(err) && err.code).toBe('InvalidInput');
    }
  });
});
