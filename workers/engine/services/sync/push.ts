// Pushes approved changes to Meta, exactly once even across a kill, in batches of at most 50
// (Meta's batch rule; each item still counts against the limits):
//   1. per change, one transaction: the last guardrail check (assertPushable) and approved → pushing;
//   2. one batch read of the targets; a change already in effect is applied without a write;
//   3. one batch of writes (never repeated by the client); each item → applied (local copy
//      updated) or failed with Meta's reason. An item whose answer was lost is read back, not
//      written again.
// Changes found in "pushing" at the start were interrupted: step 2 decides whether their write
// happened, so a kill at any point never causes a second write. When Meta cannot be asked (lost
// token, network down, rate limited), changes stay in "pushing" for the next push to settle.
import { isAdloopError, type ApprovalChange } from '../../../../contract';
import { ApiError, type EntityStatus, type MetaClient } from '../../../../sync';
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
type Now = { dailyBudget: number | null; status: EntityStatus };
const BATCH = 50;

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

function inEffect(c: ApprovalChange, now: Now): boolean {
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

const unknown = (c: ApprovalChange, e: unknown): PushOutcome => ({ id: c.id, state: 'pushing', how: 'unknown', note: (e as Error).message });
/** Errors after which we cannot tell (or must not guess) what Meta holds: settle on a later push. */
const inDoubt = (e: unknown) => e instanceof ApiError && (e.kind === 'reconnect-needed' || e.kind === 'transient' || e.kind === 'rate-limited');

async function readAll(client: MetaClient, changes: ApprovalChange[]): Promise<Map<string, Now | ApiError> | ApiError> {
  try {
    return await client.readHolders(changes[0]!.accountId, changes.map((c) => ({ id: c.targetId, isAd: c.targetType === 'ad' })));
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
}

/** Read, then write what is not yet in effect; every change of `changes` is in "pushing", one account. */
async function settleChunk(db: Database, client: MetaClient, changes: ApprovalChange[], log: Logger): Promise<PushOutcome[]> {
  const out: PushOutcome[] = [];
  const read = await readAll(client, changes);
  if (read instanceof ApiError) return changes.map((c) => unknown(c, read));
  const toWrite: ApprovalChange[] = [];
  for (const c of changes) {
    const now = read.get(c.targetId)!;
    if (now instanceof ApiError) out.push(inDoubt(now) ? unknown(c, now) : await fail(db, c, now));
    else if (inEffect(c, now)) out.push(await finish(db, c, 'already-in-effect', 'Already in effect on Meta; nothing written'));
    else toWrite.push(c);
  }
  if (!toWrite.length) return out;
  let results: Awaited<ReturnType<MetaClient['batch']>>;
  try {
    results = await client.batch(
      toWrite[0]!.accountId,
      toWrite.map((c) => ({
        method: 'POST' as const,
        relativeUrl: c.targetId,
        body: (c.changeType === 'set_budget' ? { daily_budget: String(c.proposedBudget) } : { status: c.changeType === 'pause' ? 'PAUSED' : 'ACTIVE' }) as Record<string, string>,
      })),
      false,
    );
  } catch (e) {
    if (e instanceof ApiError && e.kind === 'transient') results = toWrite.map(() => ({ ok: false as const, error: e })); // lost: read back below
    else if (inDoubt(e)) return [...out, ...toWrite.map((c) => unknown(c, e))];
    else return [...out, ...(await Promise.all(toWrite.map((c) => fail(db, c, e))))];
  }
  const lost: ApprovalChange[] = [];
  for (let i = 0; i < toWrite.length; i++) {
    const c = toWrite[i]!;
    const r = results[i]!;
    if (r.ok) out.push(await finish(db, c, 'written', 'Written to Meta'));
    else if (r.error.kind === 'transient') lost.push(c);
    else if (r.error.kind === 'reconnect-needed') out.push(unknown(c, r.error));
    else {
      // Refused (a rate limit such as the 4 edits per hour, a bad value): not written; keep why.
      log.warn('push failed', { id: c.id, target: c.targetId, error: r.error.message });
      out.push(await fail(db, c, r.error));
    }
  }
  if (lost.length) {
    // The answer was lost: the write may have happened. Read back instead of writing again.
    const back = await readAll(client, lost);
    for (const c of lost) {
      const now = back instanceof ApiError ? back : back.get(c.targetId)!;
      if (now instanceof ApiError) out.push(unknown(c, now));
      else if (inEffect(c, now)) out.push(await finish(db, c, 'written', 'Written (confirmed by reading back after a lost reply)'));
      else out.push(await fail(db, c, new ApiError('meta', 'transient', 'Meta did not confirm the write and reading back shows it not in effect')));
    }
  }
  return out;
}

function chunks(changes: ApprovalChange[]): ApprovalChange[][] {
  const byAccount = new Map<string, ApprovalChange[]>();
  for (const c of changes) {
    const list = byAccount.get(c.accountId) ?? [];
    list.push(c);
    byAccount.set(c.accountId, list);
  }
  const out: ApprovalChange[][] = [];
  for (const list of byAccount.values()) for (let i = 0; i < list.length; i += BATCH) out.push(list.slice(i, i + BATCH));
  return out;
}

export async function pushApproved(db: Database, client: MetaClient, log: Logger, progress: (done: number, total: number) => void = () => undefined): Promise<PushOutcome[]> {
  const out: PushOutcome[] = [];
  // Interrupted pushes first: decide from Meta whether their write happened.
  const interrupted = (await db.query<{ id: number }>(`select id from approval_queue where state = 'pushing' order by id`)).rows;
  const pending = await Promise.all(interrupted.map((r) => readChange(db, Number(r.id))));
  for (const chunk of chunks(pending)) out.push(...(await settleChunk(db, client, chunk, log)));
  if (out.some((o) => o.state === 'pushing')) return out; // Meta cannot be asked now: stop here

  const approved = (await db.query<{ id: number }>(`select id from approval_queue where state = 'approved' order by id`)).rows.map((r) => Number(r.id));
  let done = 0;
  for (let i = 0; i < approved.length; i += BATCH) {
    const started: ApprovalChange[] = [];
    for (const id of approved.slice(i, i + BATCH)) {
      try {
        started.push(
          await db.transaction(async (tx) => {
            await assertPushable(tx, id);
            await transition(tx, id, 'pushing', 'sync', null);
            return readChange(tx, id);
          }),
        );
      } catch (e) {
        if (isAdloopError(e) && e.code === 'GuardrailViolation') {
          // It no longer fits the guardrails: it is never sent, and says why.
          await db.transaction(async (tx) => {
            await transition(tx, id, 'pushing', 'sync', null);
            await transition(tx, id, 'failed', 'sync', e.message, { code: e.code });
          });
          out.push({ id, state: 'failed', how: 'failed', note: e.message });
        } else if (!(isAdloopError(e) && e.code === 'IllegalTransition')) throw e; // IllegalTransition: decided elsewhere meanwhile
      }
    }
    for (const chunk of chunks(started)) {
      const settled = await settleChunk(db, client, chunk, log);
      out.push(...settled);
      done += chunk.length;
      progress(done, approved.length);
      if (settled.some((o) => o.state === 'pushing')) return out; // in doubt: settle on the next push
    }
  }
  return out;
}
