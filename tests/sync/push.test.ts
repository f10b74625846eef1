// Pushing approved changes to the Meta emulator through the sync area: read before write, one
// write per change (the emulator counts them), failures with Meta's reason, and interrupted pushes
// settled by reading Meta instead of writing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../workers/engine/db';
import { changeHistory, transition } from '../../workers/engine/services/approvals';
import type { Emulators } from '../emulators';
import { openPushWorkspace, type PushWorkspace } from './push-workspace';

let w: PushWorkspace;
let db: Database;
let emu: Emulators;
beforeAll(async () => {
  w = await openPushWorkspace('push', { seed: 4, ads: 200 });
  ({ db, emu } = w);
});
afterAll(() => w?.close());

const push = () => w.push();
const abo = () => w.abo();
const approved: PushWorkspace['approved'] = (p) => w.approved(p);
const writesTo = (id: string) => w.writesTo(id);

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
