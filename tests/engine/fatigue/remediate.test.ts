// Remediation of new fatigue findings on a real workspace: a 20 % cut of the holder's budget when
// the ad carries most of its delivery, a pause otherwise, a creative-refresh task each, the
// event, no duplicates on re-scan, and the auto-approve setting within the guardrails.
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, MethodName, Output } from '../../../contract';
import { openEngine, type Engine } from '../../../workers/engine/engine';
import { memoryLogger } from '../../helpers/silent-log';
import { freshWorkspace } from '../../helpers/workspace';
import { seedFatigueAccount } from './seed';

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
});

async function open(label: string) {
  const events: EngineEvent[] = [];
  engine = await openEngine({ dataDir: await freshWorkspace(label), log: memoryLogger(), emit: (e) => events.push(e) });
  await seedFatigueAccount(engine.db);
  const call = async <M extends MethodName>(method: M, params: unknown = {}): Promise<Output<M>> => {
    const res = await engine!.dispatch({ id: 1, method, params });
    if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
    return res.result as Output<M>;
  };
  return { engine, events, call };
}

describe('fatigue remediation', () => {
  it('cuts the holder 20 % for the ad that carries it, pauses the minor one, raises refresh tasks, emits the event', async () => {
    const { engine: e, events, call } = await open('fatigue-remedy');
    const scan = await call('fatigue.scan');
    expect(scan.proposed).toBe(2);

    const queue = await call('approvals.list', {});
    const fatigue = queue.filter((q) => q.origin === 'fatigue');
    expect(fatigue.map((q) => [q.targetType, q.targetId, q.changeType, q.currentBudget, q.proposedBudget, q.state]).sort()).toEqual([
      ['ad', 'worn', 'pause', null, null, 'proposed'],
      ['ad_set', 's1', 'set_budget', 50000, 40000, 'proposed'],
    ]);
    const cut = fatigue.find((q) => q.targetId === 's1')!;
    expect(cut.reason).toMatch(/carries 9\d % of Cold A's spend/);
    expect(cut.evidence).toMatchObject({ adId: 'tired', status: 'FATIGUING', onsetDay: '2026-10-30', test: 'bernoulli-cusum' });
    expect(fatigue.find((q) => q.targetId === 'worn')!.reason).toMatch(/Pause it; it had 1\d % of Cold B's spend/);

    const tasks = await e.db.query<{ ad_id: string; title: string; done: boolean }>(`select ad_id, title, done from workspace_tasks where kind = 'creative_refresh' order by ad_id`);
    expect(tasks.rows).toEqual([
      { ad_id: 'tired', title: 'Refresh the creative of "Tired hook"', done: false },
      { ad_id: 'worn', title: 'Refresh the creative of "Worn UGC"', done: false },
    ]);
    const latest = await call('fatigue.latest', { newOnly: true });
    expect(latest.findings.map((f) => f.changeId).sort()).toEqual(fatigue.map((q) => q.id).sort());

    const ev = events.filter((x) => x.event === 'fatigue.findings');
    expect(ev.map((x) => x.payload)).toEqual([{ scanId: scan.scanId, newFindings: 2, byStatus: { FATIGUING: 2, SATURATED: 0, AUDIENCE_EXHAUSTED: 0 }, proposed: 2 }]);

    // Re-scan: nothing new, nothing proposed, no event.
    const again = await call('fatigue.scan');
    expect([again.newFindings, again.proposed]).toEqual([0, 0]);
    // Even if the findings look new again (the previous scans are gone), the idempotency key holds.
    await e.db.query(`delete from fatigue_scans`);
    const third = await call('fatigue.scan');
    expect(third.newFindings).toBe(2);
    expect(third.proposed).toBe(0);
    expect((await call('approvals.list', {})).filter((q) => q.origin === 'fatigue')).toHaveLength(2);
    expect((await e.db.query(`select 1 from workspace_tasks`)).rows).toHaveLength(2);
    expect(events.filter((x) => x.event === 'fatigue.findings')).toHaveLength(2);
  });

  it('auto-approves within the guardrails when the setting is on; a cut past a tighter cap becomes a pause', async () => {
    const { call } = await open('fatigue-auto');
    await call('settings.update', { autoApproveWithinGuardrails: true, maxBudgetChangePct: 10 });
    const scan = await call('fatigue.scan');
    expect(scan.proposed).toBe(2);
    const fatigue = (await call('approvals.list', {})).filter((q) => q.origin === 'fatigue');
    expect(fatigue.map((q) => [q.targetId, q.changeType, q.state]).sort()).toEqual([
      ['tired', 'pause', 'approved'],
      ['worn', 'pause', 'approved'],
    ]);
    const history = await call('approvals.history', { id: fatigue[0]!.id });
    expect(history.map((h) => [h.toState, h.actor])).toEqual([
      ['proposed', 'engine'],
      ['approved', 'engine'],
    ]);
  });

  it('leaves proposals waiting when auto-approve is off (the default), and skips ads already paused', async () => {
    const { engine: e, call } = await open('fatigue-paused');
    await e.db.query(`update ads set status = 'PAUSED' where id = 'worn'`);
    const scan = await call('fatigue.scan');
    expect(scan.newFindings).toBe(2);
    expect(scan.proposed).toBe(1);
    const fatigue = (await call('approvals.list', {})).filter((q) => q.origin === 'fatigue');
    expect(fatigue.map((q) => [q.targetId, q.state])).toEqual([['s1', 'proposed']]);
  });
});
