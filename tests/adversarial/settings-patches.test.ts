// Settings patches: a value in the wrong unit or out of range is refused, a patch is all-or-nothing
// however it is mixed, and a patch of one key leaves every other stored setting as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../workers/engine/engine';
import { demoEngine, rawCall } from './engine';
import { snapshot } from './snapshot';

let engine: Engine;
beforeAll(async () => {
  engine = await demoEngine('adv-settings');
}, 120_000);
afterAll(async () => engine?.close());

const get = async () => ((await rawCall(engine, 'settings.get', {})) as { result: Record<string, unknown> }).result;

describe('settings.update', () => {
  it('a patch of one key keeps the other stored settings', async () => {
    expect(await rawCall(engine, 'settings.update', { halfLifeDays: 14, fatigueAlarm: 'sensitive', winnerMinClicks: 5 })).toMatchObject({ ok: true });
    expect(await rawCall(engine, 'settings.update', { maxBudgetChangePct: 30 })).toMatchObject({ ok: true });
    // The shell's own one-key patches (crash-report prompt, update channel) must not reset preferences either.
    expect(await rawCall(engine, 'settings.update', { crashReports: true })).toMatchObject({ ok: true });
    expect(await get()).toMatchObject({ halfLifeDays: 14, fatigueAlarm: 'sensitive', winnerMinClicks: 5, maxBudgetChangePct: 30, crashReports: true });
    const before = await snapshot(engine.db);
    expect(await rawCall(engine, 'settings.update', {})).toMatchObject({ ok: true });
    expect(await snapshot(engine.db)).toEqual(before);
  });

  it.each([
    ['a fraction for a percent', { maxBudgetChangePct: 0.2 }, 'maxBudgetChangePct'],
    ['hours for days', { halfLifeDays: 168 }, 'halfLifeDays'],
    ['minutes for hours', { scanIntervalHours: 120 }, 'scanIntervalHours'],
    ['a percent for a fraction', { winnerMinCtr: 3 }, 'winnerMinCtr'],
    ['a duration string', { learningIntervalHours: '24h' }, 'learningIntervalHours'],
    ['a negative spend', { winnerMinSpend: -50 }, 'winnerMinSpend'],
    ['an API version without v', { metaApiVersion: '25.0' }, 'metaApiVersion'],
    ['a URL that is not http', { metaBaseUrl: 'file:///etc/passwd' }, 'metaBaseUrl'],
  ])('%s is refused, naming the key, and changes nothing', async (_what, patch, key) => {
    const before = await snapshot(engine.db);
    const res = await rawCall(engine, 'settings.update', patch);
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput', issues: [{ path: key }] } });
    expect(await snapshot(engine.db)).toEqual(before);
  });

  it('a patch with nine good keys and one bad one writes none of them', async () => {
    const before = await snapshot(engine.db);
    const res = await rawCall(engine, 'settings.update', {
      halfLifeDays: 3,
      maxBudgetChangePct: 50,
      scanIntervalHours: 4,
      autoApproveWithinGuardrails: true,
      crashReports: true,
      learningIntervalHours: 12,
      automationPaused: true,
      winnerMinCtr: 0.05,
      gateNeighbours: 20,
      syncRereadDays: 29,
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'InvalidInput', issues: [{ path: 'syncRereadDays' }] } });
    expect(await snapshot(engine.db)).toEqual(before);
  });
});
