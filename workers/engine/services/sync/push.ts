// Pushes approved changes to Meta, exactly once even across a kill:
//   1. in one transaction: the last guardrail check (assertPushable) and approved → pushing;
//   2. read the target on Meta; if the change is already in effect, it is applied without a write;
//   3. write (the client never retries a write), then pushing → applied with the local copy updated.
// A change found in "pushing" at the start was interrupted: step 2 decides whether its write
// happened, so a kill at any point never causes a second write. A write whose reply was lost is
// read back at once the same way. Failures keep Meta's reason in the history.
import { AdloopError, isAdloopError, type ApprovalChange } from '../../../../contract';
import { ApiError, type MetaClient } from '../../../../sync';
import type { Logger } from '../../../log';
import type { Database } from '../../db';
import { assertPushable, transition } from '../approvals';

export interface PushOutcome {
  id: number;
  state: 'applied' | 'failed' | 'pushing';
  how: 'written' | 'already-in-effect' | 'failed' | 'unknown';
  note: string;
}

type Tx = Pick<Database, 'query'>;

async function pushingIds(db: Database): Promise<number[]> {
  return (await db.query<{ id: number }>(`select id from approval_queue where state = 'pushing' order by id`)).rows.map((r) => Number(r.id));
}

async function readChange(db: Tx, id: number): Promise<ApprovalChange> {
  const r = await db.query<Record<string, unknown>>('select * from approval_queue where id = $1', [id]);
  const row = r.rows[0]!;
  const proposed = (row.proposed_value ?? {}) as { budget?: number };
  return {
    id,
    accountId: String(row.account_id),
    targetType: row.target_type,
    targetId: String(row.target_id),
    changeType: row.change_type,
    proposedBudget: typeof proposed.budget === 'number' ? proposed.budget : null,
    idempotencyKey: String(row.idempotency_key),
  } as ApprovalChange;
}

function inEffect(c: ApprovalChange, now: { dailyBudget: number | null; status: string }): boolean {
  if (c.changeType === 'set_budget') return now.dailyBudget === c.proposedBudget;
  return now.status === (c.changeType === 'pause' ? 'PAUSED' : 'ACTIVE');
}

async function applyLocally(tx: Tx, c: ApprovalChange): Promise<void> {
  const table = c.targetType === 'ad_set' ? 'ad_sets' : c.targetType === 'campaign' ? 'campaigns' : 'ads';
  if (c.changeType === 'set_budget') await tx.query(`update ${table} set daily_budget = $2, updated_at = now() where id = $1`, [c.targetId, c.proposedBudget]);
  else await tx.query(`update ${table} set status = $2, updated_at = now() where id = $1`, [c.targetId, c.changeType === 'pause' ? 'PAUSED' : 'ACTIVE']);
}

async function finish(db: Database, c: ApprovalChange, how: 'written' | 'already-in-effect', note: string): Promise<PushOutcome> {
  await db.transaction(async (tx) => {
    await applyLocally(tx, c);
    await transition(tx, c.id, 'applied', 'sync', note, { how, idempotencyKey: c.idempotencyKey });
  });
  return { id: c.id, state: 'applied', how, note };
}

async function fail(db: Database, c: ApprovalChange, e: unknown): Promise<PushOutcome> {
  const detail = e instanceof ApiError ? { kind: e.kind, code: e.code ?? null, subcode: e.subcode ?? null } : isAdloopError(e) ? { code: e.code } : {};
  const note = (e as Error).message;
  await db.transaction((tx) => transition(tx, c.id, 'failed', 'sync', note, detail));
  return { id: c.id, state: 'failed', how: 'failed', note };
}

/** Read-before-write, then at most one write. `c` is in "pushing". */
async function settle(db: Database, client: MetaClient, c: ApprovalChange, log: Logger): Promise<PushOutcome> {
  let now: { dailyBudget: number | null; status: string };
  try {
    now = await client.readHolder(c.targetId, c.accountId);
  } catch (e) {
    if (e instanceof ApiError && (e.kind === 'reconnect-needed' || e.kind === 'transient' || e.kind === 'rate-limited')) {
      // Cannot tell whether it is in effect: leave it in "pushing" for the next push to settle.
      return { id: c.id, state: 'pushing', how: 'unknown', note: e.message };
    }
    return fail(db, c, e);
  }
  if (inEffect(c, now)) return finish(db, c, 'already-in-effect', 'Already in effect on Meta; nothing written');
  try {
    if (c.changeType === 'set_budget') await client.setDailyBudget(c.targetId, c.accountId, c.proposedBudget!);
    else await client.setStatus(c.targetId, c.accountId, c.changeType === 'pause' ? 'PAUSED' : 'ACTIVE');
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'reconnect-needed') return { id: c.id, state: 'pushing', how: 'unknown', note: e.message };
    if (e instanceof ApiError && e.kind === 'transient') {
      // The reply was lost: the write may have happened. Read back instead of writing again.
      const back = await client.readHolder(c.targetId, c.accountId).catch(() => null);
      if (back && inEffect(c, back)) return finish(db, c, 'written', 'Written (confirmed by reading back after a lost reply)');
      if (!back) return { id: c.id, state: 'pushing', how: 'unknown', note: e.message };
    }
    log.warn('push failed', { id: c.id, target: c.targetId, error: (e as Error).message });
    return fail(db, c, e);
  }
  return finish(db, c, 'written', 'Written to Meta');
}

export async function pushApproved(db: Database, client: MetaClient, log: Logger, progress: (done: number, total: number) => void = () => undefined): Promise<PushOutcome[]> {
  const out: PushOutcome[] = [];
  // Interrupted pushes first: decide from Meta whether their write happened.
  for (const id of await pushingIds(db)) out.push(await settle(db, client, await readChange(db, id), log));
  const approved = (await db.query<{ id: number }>(`select id from approval_queue where state = 'approved' order by id`)).rows.map((r) => Number(r.id));
  let done = 0;
  for (const id of approved) {
    let change: ApprovalChange;
    try {
      change = await db.transaction(async (tx) => {
        await assertPushable(tx, id);
        await transition(tx, id, 'pushing', 'sync', null);
        return readChange(tx, id);
      });
    } catch (e) {
      if (isAdloopError(e) && e.code === 'GuardrailViolation') {
        // It no longer fits the guardrails: it is never sent, and says why.
        await db.transaction(async (tx) => {
          await transition(tx, id, 'pushing', 'sync', null);
          await transition(tx, id, 'failed', 'sync', e.message, { code: e.code });
        });
        out.push({ id, state: 'failed', how: 'failed', note: e.message });
        continue;
      }
      if (isAdloopError(e) && e.code === 'IllegalTransition') continue; // decided elsewhere meanwhile
      throw e instanceof Error ? e : new AdloopError('Internal', String(e));
    }
    const o = await settle(db, client, change, log);
    out.push(o);
    progress(++done, approved.length);
    if (o.state === 'pushing') break; // the connection is in doubt: stop, settle on the next push
  }
  return out;
}
