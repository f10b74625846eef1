// The winners methods through the engine's dispatcher (the contract boundary every client uses),
// on a demo workspace: demo generation indexes it, and bad input is a typed error naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorShape, MethodName, Output } from '../../../contract';
import { openEngine, type Engine } from '../../../workers/engine/engine';
import { memoryLogger } from '../../helpers/silent-log';
import { freshWorkspace } from '../../helpers/workspace';

let engine: Engine;
let nextId = 1;

async function call(method: MethodName, params: unknown = {}): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorShape }> {
  return (await engine.dispatch({ id: nextId++, method, params })) as never;
}
async function ok<M extends MethodName>(method: M, params: unknown = {}): Promise<Output<M>> {
  const res = await call(method, params);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as Output<M>;
}

beforeAll(async () => {
  engine = await openEngine({ dataDir: await freshWorkspace('winners-methods'), log: memoryLogger(), emit: () => undefined });
  await ok('demo.generate', { seed: 2, ads: 250, days: 40, endDay: '2026-11-20' });
}, 120_000);
afterAll(async () => engine?.close());

describe('winners methods', () => {
  it('demo generation leaves every ad indexed with winners flagged', async () => {
    const s = await ok('winners.status');
    expect(s).toMatchObject({ currentEncoderVersion: 1, activeEncoderVersion: 1, building: null, ads: 250, indexed: 250, stale: 0 });
    expect(s.winners).toBeGreaterThan(10);
  });

  it('reindex after a DNA edit re-embeds just that ad', async () => {
    await engine.db.query(`update ads set dna = dna || '{"captions": false}'::jsonb where id = (select min(id) from ads)`);
    expect((await ok('winners.status')).stale).toBe(1);
    expect(await ok('winners.reindex')).toMatchObject({ embedded: 1, indexed: 250, complete: true });
    expect((await ok('winners.status')).stale).toBe(0);
  });

  it('search by ad id returns k winners, nearest first, never the ad itself', async () => {
    const ad = (await engine.db.query<{ id: string }>(`select id from ads order by id limit 1 offset 10`)).rows[0]!.id;
    const out = await ok('winners.search', { adId: ad, k: 5 });
    expect(out.adId).toBe(ad);
    expect(out.neighbours).toHaveLength(5);
    expect(out.neighbours.every((n) => n.isWinner && n.adId !== ad)).toBe(true);
    const filtered = await ok('winners.search', { adId: ad, k: 5, filters: { format: 'image', minSpend: 10_000 } });
    expect(filtered.neighbours.every((n) => n.format === 'image' && n.spend >= 10_000)).toBe(true);
  });

  it('gate and battle plan for a DNA draft; the gate call is recorded', async () => {
    const dna = { format: 'video', hookType: 'question', hookSeconds: 1.5, facesInFirst3s: true, textContrast: 0.85, captions: true };
    const g = await ok('winners.gate', { dna });
    expect(['REJECT', 'PROCEED', 'UNCERTAIN']).toContain(g.decision);
    expect(g.interval.lower).toBeLessThanOrEqual(g.predictedCtr);
    expect(g.interval.upper).toBeGreaterThanOrEqual(g.predictedCtr);
    expect(g.predictionId).toBeGreaterThan(0);
    const plan = await ok('winners.battlePlan', { dna });
    expect(plan.gate.predictedCtr).toBeCloseTo(g.predictedCtr, 12);
    expect(plan.winners.length).toBeGreaterThan(0);
    expect(plan.text.join('\n')).toMatch(/Nearest winners/);
  });

  it('malformed DNA is InvalidInput naming the field, and nothing is recorded', async () => {
    const before = (await engine.db.query<{ n: number }>(`select count(*)::int as n from predictions`)).rows[0]!.n;
    const bad = await call('winners.gate', { dna: { format: 'video', hookSeconds: 'three' } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('InvalidInput');
    expect(bad.error.issues).toEqual([{ path: 'dna.hookSeconds', message: expect.stringMatching(/number/) }]);
    const typo = await call('winners.search', { dna: { hookSecs: 2 } });
    expect(typo.ok || typo.error.message).toMatch(/hookSecs/);
    const both = await call('winners.search', { adId: 'x', dna: {} });
    expect(both.ok || both.error.issues).toEqual([{ path: 'dna', message: 'give exactly one of adId or dna' }]);
    const neither = await call('winners.gate', {});
    expect(neither.ok || neither.error.code).toBe('InvalidInput');
    const missing = await call('winners.search', { adId: 'no-such-ad' });
    expect(missing.ok || missing.error.code).toBe('NotFound');
    expect((await engine.db.query<{ n: number }>(`select count(*)::int as n from predictions`)).rows[0]!.n).toBe(before);
  });
});
