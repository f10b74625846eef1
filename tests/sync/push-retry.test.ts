// Retrying a failed push (approvals.retry): the emulator refuses a write, the change keeps Meta's
// reason; a retry moves it back to approved with a history row and the next push writes it once.
// A change applied on Meta meanwhile is settled by reading, not written again; retrying anything
// but a failed push, or a change a newer one supersedes, is refused with a clear error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../workers/engine/db';
import { approve, changeHistory, listChanges, propose, retry } from '../../workers/engine/services/approvals';
import type { Emulators } from '../emulators';
import { openPushWorkspace, type PushWorkspace } from './push-workspace';

let w: PushWorkspace;
let db: Database;
let emu: Emulators;
beforeAll(async () => {
  w = await openPushWorkspace('push-retry', { seed: 6, ads: 120 });
  ({ db, emu } = w);
});
afterAll(() => w?.close());

const push = () => w.push();
const abo = () => w.abo();
const writesTo = (id: string) => w.writesTo(id);
const stateOf = async (id: number) => (await listChanges(db, { ids: [id], limit: 1 }))[0]!.state;
const approvedBudget = (setId: string, budget: number) => w.approved({ targetType: 'ad_set', targetId: setId, changeType: 'set_budget', proposedBudget: budget });

/** An approved budget change that the emulator refuses once (code 17), pushed: it ends failed. */
async function failedBudget(setId: string, budget: number): Promise<number> {
  const id = await approvedBudget(setId, budget);
  emu.meta.inject({ kind: 'rate-limit', code: 17, path: `/${setId}`, method: 'POST' });
  const out = await push();
  expect(out.results.find((r) => r.id === id)).toMatchObject({ state: 'failed' });
  return id;
}

describe('approvals.retry', () => {
  it('a failed push, retried, is written once on the next push; the history keeps the failure', async () => {
    const set = abo()[0]!;
    const budget = Math.round(set.dailyBudget! * 1.1);
    const id = await failedBudget(set.id, budget);
    expect(writesTo(set.id)).toHaveLength(0);

    const retried = await retry(db, { id });
    expect(retried.state).toBe('approved');
    expect(new Date(retried.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000); // the expiry restarted
    const out = await push();
    expect(out.results).toEqual([expect.objectContaining({ id, state: 'applied', how: 'written' })]);
    expect(writesTo(set.id).map((w) => w.value)).toEqual([String(budget)]);

    const h = await changeHistory(db, id);
    expect(h.map((r) => `${r.fromState ?? '∅'}→${r.toState}`)).toEqual(['∅→proposed', 'proposed→approved', 'approved→pushing', 'pushing→failed', 'failed→approved', 'approved→pushing', 'pushing→applied']);
    const row = h.find((r) => r.fromState === 'failed')!;
    expect(row.detail).toMatchObject({ retry: true, attempt: 2 });
    expect(String(row.detail.retriedFailure)).toContain('Meta error 17');

    // Now applied: a second retry is refused and nothing more is written.
    await expect(retry(db, { id })).rejects.toMatchObject({ code: 'IllegalTransition', message: expect.stringContaining('already applied on Meta') });
    await push();
    expect(writesTo(set.id)).toHaveLength(1);
  });

  it('a failed change someone applied in Ads Manager meanwhile is marked applied on retry, not written again', async () => {
    const set = abo()[1]!;
    const budget = Math.round(set.dailyBudget! * 0.9);
    const id = await failedBudget(set.id, budget);
    emu.meta.data.adSets.get(set.id)!.dailyBudget = budget;
    await retry(db, { id, note: 'try again' });
    const out = await push();
    expect(out.results).toEqual([expect.objectContaining({ id, state: 'applied', how: 'already-in-effect' })]);
    expect(writesTo(set.id)).toHaveLength(0);
  });

  it('refuses to retry a change that did not fail, with the reason, changing nothing', async () => {
    const set = abo()[2]!;
    const { change } = await propose(db, { accountId: emu.sim.accounts[0]!.id, origin: 'user', reason: 'test', idempotencyKey: 'push-retry-proposed', targetType: 'ad_set', targetId: set.id, changeType: 'set_budget', proposedBudget: Math.round(set.dailyBudget! * 1.05) });
    await expect(retry(db, { id: change.id })).rejects.toMatchObject({ code: 'IllegalTransition', message: `Change #${change.id} cannot be retried: only a failed push can be retried, and it is proposed.` });
    await approve(db, { ids: [change.id] });
    await expect(retry(db, { id: change.id })).rejects.toMatchObject({ code: 'IllegalTransition', message: expect.stringContaining('waiting for the next push already') });
    expect(await stateOf(change.id)).toBe('approved');
    await expect(retry(db, { id: 999_999 })).rejects.toMatchObject({ code: 'NotFound' });
    expect((await changeHistory(db, change.id)).map((r) => r.toState)).toEqual(['proposed', 'approved']);
  });

  it('re-checks the guardrails and refuses a change a newer one superseded', async () => {
    const [s3, s4] = [abo()[3]!, abo()[4]!];
    // Guardrails: the ad set's budget moved since (a sync), so the old proposal is now a +60 % jump.
    const id3 = await failedBudget(s3.id, Math.round(s3.dailyBudget! * 1.1));
    await db.query('update ad_sets set daily_budget = $2 where id = $1', [s3.id, Math.round(s3.dailyBudget! * 0.7)]);
    await expect(retry(db, { id: id3 })).rejects.toMatchObject({ code: 'GuardrailViolation' });
    expect(await stateOf(id3)).toBe('failed');
    await db.query('update ad_sets set daily_budget = $2 where id = $1', [s3.id, s3.dailyBudget]);

    // Superseded: a newer change to the same ad set was applied after the failure.
    const id4 = await failedBudget(s4.id, Math.round(s4.dailyBudget! * 1.1));
    const newer = await approvedBudget(s4.id, Math.round(s4.dailyBudget! * 1.05));
    await push();
    expect(await stateOf(newer)).toBe('applied');
    await expect(retry(db, { id: id4 })).rejects.toMatchObject({ code: 'Conflict', message: expect.stringContaining(`change #${newer} to the same ad set is applied`) });
    expect(await stateOf(id4)).toBe('failed');
  });
});
