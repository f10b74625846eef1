import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import * as q from '../../workers/engine/services/approvals';
import { approvalStates, canTransition, type ApprovalState } from '../../workers/domain/approvals/state-machine';
import { freshWorkspace } from '../helpers/workspace';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('approvals')).pgdata });
});
afterAll(async () => db?.close());
beforeEach(async () => {
  await db.exec(`
    delete from approval_history; delete from approval_queue; delete from ads; delete from ad_sets; delete from campaigns; delete from accounts;
    insert into accounts (id, name, currency, min_daily_budget) values ('1', 'Acme', 'USD', 500);
    insert into campaigns (id, account_id, name, budget_mode) values ('c1', '1', 'Prospecting', 'ABO');
    insert into ad_sets (id, campaign_id, account_id, name, daily_budget) values ('s1', 'c1', '1', 'Lookalike 1%', 10000);
    insert into ads (id, ad_set_id, campaign_id, account_id, name) values ('a1', 's1', 'c1', '1', 'Hook A');
  `);
});

const budget = (amount: number, key = `k-${amount}-${Math.random()}`) =>
  q.propose(db, { accountId: '1', targetType: 'ad_set', targetId: 's1', changeType: 'set_budget', proposedBudget: amount, origin: 'sampler', reason: 'test', idempotencyKey: key });

async function history(id: number) {
  return (await q.changeHistory(db, id)).map((h) => `${h.fromState ?? '∅'}→${h.toState}`);
}

describe('approval queue', () => {
  it('proposes once per idempotency key, with a history row', async () => {
    const a = await budget(11_000, 'same');
    const b = await budget(11_500, 'same');
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.change.id).toBe(a.change.id);
    expect(b.change.proposedBudget).toBe(11_000);
    expect(a.change).toMatchObject({ state: 'proposed', currentBudget: 10_000, targetName: 'Lookalike 1%' });
    expect(await history(a.change.id)).toEqual(['∅→proposed']);
  });

  it('walks proposed → approved → pushing → applied, one history row per transition', async () => {
    const { change } = await budget(11_000);
    const res = await q.approve(db, { ids: [change.id] });
    expect(res.changed[0]!.state).toBe('approved');
    await db.transaction((tx) => q.transition(tx, change.id, 'pushing', 'sync'));
    await db.transaction((tx) => q.transition(tx, change.id, 'applied', 'sync'));
    expect(await history(change.id)).toEqual(['∅→proposed', 'proposed→approved', 'approved→pushing', 'pushing→applied']);
  });

  it('refuses every illegal transition with IllegalTransition and a reason, changing nothing', async () => {
    const legal: Array<[ApprovalState, ApprovalState]> = [];
    for (const from of approvalStates) for (const to of approvalStates) if (canTransition(from, to)) legal.push([from, to]);
    expect(legal).toHaveLength(9);
    const { change } = await budget(11_000);
    // proposed → pushing / applied / failed are illegal
    for (const to of ['pushing', 'applied', 'failed'] as const) {
      await expect(db.transaction((tx) => q.transition(tx, change.id, to, 'test'))).rejects.toMatchObject({
        code: 'IllegalTransition',
        message: expect.stringMatching(/cannot become/),
      });
    }
    await q.reject(db, { ids: [change.id] });
    for (const to of ['approved', 'proposed', 'pushing', 'expired'] as const) {
      await expect(db.transaction((tx) => q.transition(tx, change.id, to, 'test'))).rejects.toMatchObject({ code: 'IllegalTransition', message: expect.stringContaining('already rejected') });
    }
    expect(await history(change.id)).toEqual(['∅→proposed', 'proposed→rejected']);
    const again = await q.approve(db, { ids: [change.id] });
    expect(again.refused[0]).toMatchObject({ id: change.id, code: 'IllegalTransition' });
  });

  it('guardrails: refused at proposal, at approval of an edited amount, and before push', async () => {
    await expect(budget(13_000)).rejects.toMatchObject({ code: 'GuardrailViolation', message: expect.stringContaining('±20 %') });
    await expect(budget(400)).rejects.toMatchObject({ code: 'GuardrailViolation', message: expect.stringContaining('minimum') });
    expect((await q.listChanges(db, { limit: 100 })).length).toBe(0);

    const { change } = await budget(11_000);
    const edited = await q.approve(db, { ids: [change.id], amounts: { [change.id]: 15_000 } });
    expect(edited.refused[0]).toMatchObject({ code: 'GuardrailViolation' });
    expect((await q.listChanges(db, { limit: 10 }))[0]).toMatchObject({ state: 'proposed', proposedBudget: 11_000 });

    const ok = await q.approve(db, { ids: [change.id], amounts: { [change.id]: 11_800 } });
    expect(ok.changed[0]).toMatchObject({ state: 'approved', proposedBudget: 11_800 });
    const h = await q.changeHistory(db, change.id);
    expect(h[1]!.detail).toEqual({ editedFrom: 11_000, editedTo: 11_800 });

    // Right before a push the guardrails run again: Meta's minimum moved above the amount.
    await db.query(`update accounts set min_daily_budget = 12000 where id = '1'`);
    await expect(db.transaction((tx) => q.assertPushable(tx, change.id))).rejects.toMatchObject({ code: 'GuardrailViolation' });
  });

  it('the 4-edits-per-hour rule counts budget changes being pushed or applied', async () => {
    for (let i = 0; i < 4; i++) {
      const { change } = await budget(10_000 + i * 100);
      await q.approve(db, { ids: [change.id] });
      await db.transaction((tx) => q.transition(tx, change.id, 'pushing', 'sync'));
      await db.transaction((tx) => q.transition(tx, change.id, 'applied', 'sync'));
    }
    await expect(budget(10_500)).rejects.toMatchObject({ code: 'GuardrailViolation', message: expect.stringContaining('4 budget edits per hour') });
  });

  it('batch approve and reject report each refusal without undoing the rest', async () => {
    const a = (await budget(10_100)).change;
    const b = (await budget(10_200)).change;
    await q.reject(db, { ids: [b.id] });
    const res = await q.approve(db, { ids: [a.id, b.id, 999_999] });
    expect(res.changed.map((c) => c.id)).toEqual([a.id]);
    expect(res.refused.map((r) => r.code)).toEqual(['IllegalTransition', 'NotFound']);
  });

  it('expires stale proposals and approvals', async () => {
    const a = (await budget(10_100)).change;
    const b = (await budget(10_200)).change;
    await q.approve(db, { ids: [b.id] });
    const n = await q.expire(db, new Date(Date.now() + 25 * 3600_000).toISOString());
    expect(n).toBe(2);
    expect(await history(a.id)).toEqual(['∅→proposed', 'proposed→expired']);
    expect(await history(b.id)).toEqual(['∅→proposed', 'proposed→approved', 'approved→expired']);
  });

  it('undo of an applied change is a new proposal restoring the earlier value; undo of anything else is refused', async () => {
    const { change } = await budget(11_000);
    await q.approve(db, { ids: [change.id] });
    await expect(q.undo(db, change.id)).rejects.toMatchObject({ code: 'IllegalTransition' });
    await db.transaction((tx) => q.transition(tx, change.id, 'pushing', 'sync'));
    await db.transaction((tx) => q.transition(tx, change.id, 'applied', 'sync'));
    await db.query(`update ad_sets set daily_budget = 11000 where id = 's1'`);
    const u = await q.undo(db, change.id);
    expect(u).toMatchObject({ origin: 'undo', undoOf: change.id, proposedBudget: 10_000, state: 'proposed' });
    expect((await q.undo(db, change.id)).id).toBe(u.id); // idempotent
  });
});
