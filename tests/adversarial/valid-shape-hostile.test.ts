// Payloads that pass the schema's shape but make no sense: impossible calendar days, ids that do
// not exist or sit at the edge of the integer range, contradictory fields, unknown targets, header
// injection in a token. Each must be refused with the documented typed error (never Internal),
// and a refusal must leave the whole workspace unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../contract';
import type { Engine } from '../../workers/engine/engine';
import { demoEngine, rawCall } from './engine';
import { snapshot } from './snapshot';

const MAX = Number.MAX_SAFE_INTEGER;
// A closed local port: a check against the service fails fast instead of leaving the machine.
const DEAD_URL = 'http://127.0.0.1:9';
const dna = { format: 'video', hookType: 'question' };

type Case = [label: string, method: string, params: unknown, codes: ErrorCode[]];

const refusals: Case[] = [
  ['an impossible month in from', 'workspace.summary', { from: '2026-13-01' }, ['InvalidInput']],
  ['31 February in to', 'workspace.daily', { to: '2026-02-31' }, ['InvalidInput']],
  ['day 00 in pipeline.summary', 'pipeline.summary', { from: '2026-01-00' }, ['InvalidInput']],
  ['an impossible day in pipeline.timeline', 'pipeline.timeline', { to: '2026-04-31' }, ['InvalidInput']],
  ['an impossible launchedFrom filter', 'winners.search', { dna, filters: { launchedFrom: '2026-99-99' } }, ['InvalidInput']],
  ['an impossible launchedBefore', 'winners.gate', { dna, launchedBefore: '2025-02-29', record: false }, ['InvalidInput']],
  // Before the fix this one replaced the whole workspace, ending the demo on 2 March.
  ['an impossible demo endDay', 'demo.generate', { endDay: '2026-02-30', replace: true }, ['InvalidInput']],
  ['history of the largest id', 'approvals.history', { id: MAX }, ['NotFound']],
  ['undo of the largest id', 'approvals.undo', { id: MAX }, ['NotFound']],
  ['retry of the largest id', 'approvals.retry', { id: MAX }, ['NotFound']],
  ['cancel of the largest job id', 'jobs.cancel', { id: MAX }, ['NotFound']],
  ['a budget change without an amount', 'approvals.propose', { targetType: 'ad_set', targetId: 'x', changeType: 'set_budget' }, ['InvalidInput', 'NotFound']],
  ['a budget for an unknown ad set', 'approvals.propose', { targetType: 'ad_set', targetId: 'no-such-set', changeType: 'set_budget', proposedBudget: 5000 }, ['NotFound']],
  ['a budget on an ad', 'approvals.propose', { targetType: 'ad', targetId: 'no-such-ad', changeType: 'set_budget', proposedBudget: 5000 }, ['InvalidInput', 'NotFound']],
  ['an amount for an id not being approved', 'approvals.approve', { ids: [1], amounts: { '2': 100 } }, ['InvalidInput']],
  ['an allocation for an unknown account', 'budget.allocate', { accountId: 'no-such-account', total: 100000 }, ['NotFound', 'InvalidInput']],
  ['fatigue of an unknown ad', 'fatigue.ad', { adId: 'no-such-ad' }, ['NotFound']],
  ['a search with neither ad nor DNA', 'winners.search', {}, ['InvalidInput']],
  ['a search with both ad and DNA', 'winners.search', { adId: 'x', dna }, ['InvalidInput']],
  ['a search from an unknown ad', 'winners.search', { adId: 'no-such-ad' }, ['NotFound']],
  ['a gate for an unknown ad', 'winners.gate', { adId: 'no-such-ad' }, ['NotFound']],
  ['a gate in an unknown ad set', 'winners.gate', { dna, adSetId: 'no-such-set' }, ['NotFound']],
  ['a battle plan for an unknown ad', 'winners.battlePlan', { adId: 'no-such-ad' }, ['NotFound']],
  ['a token carrying a header', 'sync.connect', { source: 'hubspot', token: 'pat-na1-abcdef\r\nX-Injected: 1', url: DEAD_URL }, ['InvalidInput']],
  ['a token with a NUL', 'sync.connect', { source: 'meta', token: 'EAAB\u0000abcdefgh', url: DEAD_URL }, ['InvalidInput']],
  ['a token the service cannot be asked about', 'sync.connect', { source: 'meta', token: 'EAABabcdefgh', url: DEAD_URL }, ['ServiceUnavailable']],
  ['a URL with no host', 'sync.connect', { source: 'meta', token: 'EAABabcdefgh', url: 'http://' }, ['InvalidInput']],
  ['a settings URL with no host', 'settings.update', { metaBaseUrl: 'https://' }, ['InvalidInput']],
  ['a settings URL with spaces', 'settings.update', { hubspotBaseUrl: 'https://api hubapi com' }, ['InvalidInput']],
  ['a valid setting next to a bad URL', 'settings.update', { halfLifeDays: 3, metaBaseUrl: 'http://' }, ['InvalidInput']],
  ['stage values for an unknown pipeline', 'pipeline.setStageValues', { values: [{ pipelineId: 'nope', stageId: 'nope', value: 1 }] }, ['NotFound', 'InvalidInput']],
  ['a template for an unknown pipeline', 'pipeline.applyStageTemplate', { pipelineId: 'nope', template: 'b2b-saas' }, ['NotFound']],
  ['an import with neither path nor content', 'import.csv', { kind: 'meta-ads' }, ['InvalidInput']],
  ['an import of a missing file', 'import.csv', { kind: 'meta-ads', path: '/no/such/file.csv' }, ['NotFound']],
  ['an import of a folder', 'import.csv', { kind: 'hubspot-deals', path: '/tmp' }, ['InvalidInput']],
  ['an import of a device', 'import.csv', { kind: 'hubspot-deals', path: '/dev/zero' }, ['InvalidInput']],
  ['a restore of a missing backup', 'backup.restore', { name: 'adloop-20260101T000000Z.tar.gz' }, ['NotFound', 'InvalidInput']],
];

let engine: Engine;
beforeAll(async () => {
  engine = await demoEngine('adv-valid-shape');
}, 120_000);
afterAll(async () => engine?.close());

describe('schema-valid but hostile payloads are refused with a typed error and change nothing', () => {
  it.each(refusals)('%s (%s)', async (_label, method, params, codes) => {
    const before = await snapshot(engine.db);
    const res = await rawCall(engine, method, params);
    expect(res.ok ? 'ok' : `${res.error.code}: ${res.error.message}`).toMatch(new RegExp(`^(${codes.join('|')}):`));
    expect(await snapshot(engine.db)).toEqual(before);
  });
});

describe('a missing secret and an edge-of-range page are answers, not errors', () => {
  it('secrets.getCiphertext of an unknown name and pipeline.deals past the end both succeed, changing nothing', async () => {
    const before = await snapshot(engine.db);
    expect(await rawCall(engine, 'secrets.getCiphertext', { name: 'nope' })).toMatchObject({ ok: true });
    expect(await rawCall(engine, 'pipeline.deals', { offset: MAX })).toMatchObject({ ok: true, result: { deals: [] } });
    expect(await snapshot(engine.db)).toEqual(before);
  });
});
