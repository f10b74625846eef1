// Hostile payloads aimed at things that exist: a real ad set with an absurd budget, a batch of
// stage values with one unknown stage, 10,000 approvals of which none exist, the largest total.
// Refusals are typed and change nothing; a batch of stage values is all-or-nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../workers/engine/engine';
import { demoEngine, rawCall } from './engine';
import { snapshot } from './snapshot';

let engine: Engine;
let adSet: { id: string; daily_budget: string };
let stage: { pipelineId: string; stageId: string };
beforeAll(async () => {
  engine = await demoEngine('adv-targets');
  adSet = (await engine.db.query<{ id: string; daily_budget: string }>(`select id, daily_budget::text from ad_sets where daily_budget is not null order by id limit 1`)).rows[0]!;
  const stages = await rawCall(engine, 'pipeline.stageValues', {});
  const p = (stages as { result: Array<{ pipelineId: string; stages: Array<{ stageId: string }> }> }).result[0]!;
  stage = { pipelineId: p.pipelineId, stageId: p.stages[0]!.stageId };
}, 120_000);
afterAll(async () => engine?.close());

async function unchangedBy(method: string, params: unknown) {
  const before = await snapshot(engine.db);
  const res = await rawCall(engine, method, params);
  expect(await snapshot(engine.db)).toEqual(before);
  return res;
}

describe('hostile payloads at real targets', () => {
  it('a budget of 2^53 − 1 for a real ad set is a guardrail violation', async () => {
    const res = await unchangedBy('approvals.propose', { targetType: 'ad_set', targetId: adSet.id, changeType: 'set_budget', proposedBudget: Number.MAX_SAFE_INTEGER });
    expect(res).toMatchObject({ ok: false, error: { code: 'GuardrailViolation' } });
  });

  it('a pause carrying a budget is refused', async () => {
    const res = await unchangedBy('approvals.propose', { targetType: 'ad_set', targetId: adSet.id, changeType: 'pause', proposedBudget: 100 });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it('stage values with one unknown stage write none of them', async () => {
    const res = await unchangedBy('pipeline.setStageValues', { values: [{ ...stage, value: 123_456 }, { pipelineId: stage.pipelineId, stageId: 'no-such-stage', value: 1 }] });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(['NotFound', 'InvalidInput']).toContain(res.error.code);
  });

  it('the same stage twice with two values is refused', async () => {
    const res = await unchangedBy('pipeline.setStageValues', { values: [{ ...stage, value: 1 }, { ...stage, value: 2 }] });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it('approving 10,000 ids that do not exist refuses each, changes nothing and does not crawl', async () => {
    const t0 = performance.now();
    const res = await unchangedBy('approvals.approve', { ids: Array.from({ length: 10_000 }, (_, i) => 9_000_000 + i) });
    expect(res).toMatchObject({ ok: true, result: { changed: [] } });
    if (res.ok) expect((res.result as { refused: unknown[] }).refused).toHaveLength(10_000);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('an allocation of the largest total neither overflows nor fails untyped', async () => {
    const res = await rawCall(engine, 'budget.allocate', { total: Number.MAX_SAFE_INTEGER, propose: false });
    if (!res.ok) expect(['InvalidInput', 'GuardrailViolation']).toContain(res.error.code);
  });
});
