// Pushing approved changes to the Meta emulator through the sync area: read before write, one
// write per change (the emulator counts them), failures with Meta's reason, and interrupted pushes
// settled by reading Meta instead of writing again.
import { testAreaDeps } from '../helpers/area-deps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../contract';
import { MemorySecretStore } from '../../sync';
import { syncArea } from '../../workers/engine/areas/sync';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { approve, changeHistory, propose, transition } from '../../workers/engine/services/approvals';
import { yesterday } from '../../workers/simulator';
import { startEmulators, type Emulators } from '../emulators';
import { memoryLogger } from '../helpers/silent-log';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
let emu: Emulators;
let area: ReturnType<typeof syncArea>;
const ctx: CallContext = { requestId: 't', progress: () => undefined };
let key = 0;

beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('push')).pgdata });
  emu = await startEmulators({ seed: 4, ads: 200, days: 10, endDay: yesterday() });
  area = syncArea(testAreaDeps(db, memoryLogger()), new MemorySecretStore());
  await area['sync.connect']({ source: 'meta', token: 'meta-test-token', url: emu.meta.url }, ctx);
  expect((await area['sync.run']({ source: 'meta', metaUrl: emu.meta.url }, ctx)).results[0]!.status).toBe('ok');
});
afterAll(async () => {
  await emu?.close();
  await db?.close();
});

const push = () => area['sync.push']({ metaUrl: emu.meta.url }, ctx);
const abo = () => emu.sim.adSets.filter((s) => s.dailyBudget !== null);

async function approved(p: { targetType: 'ad_set' | 'ad'; targetId: string; changeType: 'set_budget' | 'pause'; proposedBudget?: number }): Promise<number> {
  const { change } = await propose(db, { accountId: emu.sim.accounts[0]!.id, origin: 'user', reason: 'test', idempotencyKey: `k${++key}`, ...p });
  const b = await approve(db, { ids: [change.id] });
  expect(b.refused).toEqual([]);
  return change.id;
}

const writesTo = (id: string) => emu.meta.writes.filter((w) => w.id === id);

describe('sync.push', () => {
  it('writes each approved change once and marks it applied; a second push writes nothing', async () => {
    const set = abo()[0]!;
    const ad = emu.sim.ads[0]!;
    const budget = Math.round(set.dailyBudget! * 1.1);
    const a = await approved({ targetType: 'ad_set', targetId: set.id, changeType: 'set_budget', proposedBudget: budget });
    const b = await approved({ targetType: 'ad', targetId: ad.id, changeType: 'pause' });
    const out = await push();
    expect(out).toMatchObject({ applied: 2, alreadyInEffect: 0, failed: 0, unsettled: 0 });
    expect(writesTo(set.id).map((w) => w.value)).toEqual([String(budget)]);
    expect(writesTo(ad.id).map((w) => w.value)).toEqual(['PAUSED']);
    const local = await db.query<{ daily_budget: string }>('select daily_budget::text from ad_sets where id = $1', [set.id]);
    expect(local.rows[0]!.daily_budget).toBe(String(budget));
    const states = await db.query<{ id: number; state: string }>('select id::int, state from approval_queue where id = any($1::bigint[]) order by id', [[a, b]]);
    expect(states.rows.map((r) => r.state)).toEqual(['applied', 'applied']);
    expect(emu.meta.requests.filter((r) => r.method === 'POST' && r.path === '/v25.0/').length).toBe(2); // one batch read, one batch write
    const again = await push();
    expect(again.results).toEqual([]);
    expect(emu.meta.writes).toHaveLength(2);
  });

  it('marks a change already in effect on Meta applied without writing', async () => {
    const set = abo()[1]!;
    const target = Math.round(set.dailyBudget! * 0.9);
    emu.meta.data.adSets.get(set.id)!.dailyBudget = target; // someone set it in Ads Manager
    const before = emu.meta.writes.length;
    await approved({ targetType: 'ad_set', targetId: set.id, changeType: 'set_budget', proposedBudget: target });
    const out = await push();
    expect(out).toMatchObject({ applied: 0, alreadyInEffect: 1 });
    expect(emu.meta.writes.length).toBe(before);
  });

  it('fails with Meta’s reason when a write is refused, and reads back after a lost reply instead of writing again', async () => {
    const [s2, s3] = [abo()[2]!, abo()[3]!];
    const refused = await approved({ targetType: 'ad_set', targetId: s2.id, changeType: 'set_budget', proposedBudget: Math.round(s2.dailyBudget! * 1.05) });
    const lost = await approved({ targetType: 'ad_set', targetId: s3.id, changeType: 'set_budget', proposedBudget: Math.round(s3.dailyBudget! * 1.05) });
    emu.meta.inject({ kind: 'rate-limit', code: 17, path: `/${s2.id}`, method: 'POST' }, { kind: 'server-error', path: `/${s3.id}`, method: 'POST' });
    const out = await push();
    expect(out.results.find((r) => r.id === refused)).toMatchObject({ state: 'failed' });
    expect(out.results.find((r) => r.id === refused)!.note).toContain('Meta error 17');
    expect(out.results.find((r) => r.id === lost)).toMatchObject({ state: 'failed' }); // read back: not in effect
    expect(writesTo(s2.id)).toHaveLength(0);
    expect(writesTo(s3.id)).toHaveLength(0);
    const h = await changeHistory(db, refused);
    expect(JSON.stringify(h)).toContain('Meta error 17');
  });

  it('settles a change left "pushing" by a crash from Meta: written → applied with no second write', async () => {
    const set = abo()[4]!;
    const budget = Math.round(set.dailyBudget! * 1.15);
    const id = await approved({ targetType: 'ad_set', targetId: set.id, changeType: 'set_budget', proposedBudget: budget });
    // The crash: approved → pushing committed, the write reached Meta, the engine died before "applied".
    await db.transaction((tx) => transition(tx, id, 'pushing', 'sync'));
    const res = await fetch(`${emu.meta.url}/v25.0/${set.id}`, { method: 'POST', headers: { authorization: 'Bearer meta-test-token', 'content-type': 'application/x-www-form-urlencoded' }, body: `daily_budget=${budget}` });
    expect(res.status).toBe(200);
    const out = await push();
    expect(out.results).toEqual([expect.objectContaining({ id, state: 'applied', how: 'already-in-effect' })]);
    expect(writesTo(set.id)).toHaveLength(1);
  });
});
