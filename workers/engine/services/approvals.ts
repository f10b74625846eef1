// The approval queue in the database: proposals with idempotency keys, every transition written
// to approval_history in the same transaction as the state change, guardrails re-checked at
// each step. Nothing here talks to Meta: pushing is the sync's job and starts from "approved".
import { AdloopError, type ApprovalChange, type Output, type ParsedInput } from '../../../contract';
import { checkGuardrails, type GuardrailContext } from '../../domain/approvals/guardrails';
import { retryRefusal, transitionRefusal, type ApprovalState } from '../../domain/approvals/state-machine';
import type { Database } from '../db';
import { readSettings } from '../handlers/settings';

type Tx = Pick<Database, 'query'>;

export interface ProposalInput {
  accountId: string;
  targetType: 'ad_set' | 'campaign' | 'ad';
  targetId: string;
  changeType: 'set_budget' | 'pause' | 'resume';
  proposedBudget?: number | undefined;
  origin: ApprovalChange['origin'];
  reason: string;
  evidence?: Record<string, unknown>;
  idempotencyKey: string;
  undoOf?: number | null;
  ttlHours?: number;
}

const DEFAULT_TTL_HOURS = 24;
const MAX_EDITS_PER_HOUR = 4;

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

function rowToChange(r: Record<string, unknown>): ApprovalChange {
  const current = (r.current_value ?? null) as { budget?: number } | null;
  const proposed = (r.proposed_value ?? {}) as { budget?: number };
  return {
    id: Number(r.id),
    idempotencyKey: String(r.idempotency_key),
    accountId: String(r.account_id),
    targetType: r.target_type as ApprovalChange['targetType'],
    targetId: String(r.target_id),
    targetName: (r.target_name as string | null) ?? null,
    changeType: r.change_type as ApprovalChange['changeType'],
    currentBudget: typeof current?.budget === 'number' ? current.budget : null,
    proposedBudget: typeof proposed.budget === 'number' ? proposed.budget : null,
    origin: r.origin as ApprovalChange['origin'],
    reason: String(r.reason),
    evidence: (r.evidence ?? {}) as Record<string, unknown>,
    state: r.state as ApprovalState,
    undoOf: r.undo_of === null || r.undo_of === undefined ? null : Number(r.undo_of),
    expiresAt: r.expires_at ? iso(r.expires_at) : null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const SELECT = `
  select q.*, coalesce(s.name, c.name, a.name) as target_name
    from approval_queue q
    left join ad_sets s on q.target_type = 'ad_set' and s.id = q.target_id
    left join campaigns c on q.target_type = 'campaign' and c.id = q.target_id
    left join ads a on q.target_type = 'ad' and a.id = q.target_id`;

async function getChange(tx: Tx, id: number, forUpdate = false): Promise<ApprovalChange | null> {
  const res = await tx.query<Record<string, unknown>>(`${SELECT} where q.id = $1${forUpdate ? ' for update of q' : ''}`, [id]);
  return res.rows[0] ? rowToChange(res.rows[0]) : null;
}

interface Target {
  accountId: string;
  status: string;
  budget: number | null;
  minBudget: number;
}

export async function readTarget(tx: Tx, type: string, id: string): Promise<Target | null> {
  const table = type === 'ad_set' ? 'ad_sets' : type === 'campaign' ? 'campaigns' : type === 'ad' ? 'ads' : null;
  if (!table) return null;
  const budget = table === 'ads' ? 'null::bigint' : 't.daily_budget';
  const res = await tx.query<Record<string, unknown>>(
    `select t.account_id, t.status, ${budget} as budget, acc.min_daily_budget
       from ${table} t join accounts acc on acc.id = t.account_id where t.id = $1`,
    [id],
  );
  const r = res.rows[0];
  if (!r) return null;
  return {
    accountId: String(r.account_id),
    status: String(r.status),
    budget: r.budget === null ? null : Number(r.budget),
    minBudget: Number(r.min_daily_budget),
  };
}

async function guardrailContext(tx: Tx, targetType: string, targetId: string, target: Target | null, excludeId?: number): Promise<GuardrailContext> {
  const settings = await readSettings(tx as Database);
  // The budget 24 h ago: the value before the earliest budget change applied since then.
  const past = await tx.query<{ current_value: { budget?: number } | null }>(
    `select current_value from approval_queue
      where target_type = $1 and target_id = $2 and change_type = 'set_budget' and state = 'applied'
        and updated_at > now() - interval '24 hours'
      order by updated_at asc limit 1`,
    [targetType, targetId],
  );
  const before = past.rows[0]?.current_value?.budget;
  const edits = await tx.query<{ n: number }>(
    `select count(*)::int as n from approval_queue
      where target_type = $1 and target_id = $2 and change_type = 'set_budget'
        and state in ('pushing', 'applied') and updated_at > now() - interval '1 hour' and id <> $3`,
    [targetType, targetId, excludeId ?? -1],
  );
  return {
    budget24hAgo: typeof before === 'number' ? before : (target?.budget ?? null),
    minBudget: target?.minBudget ?? 0,
    editsLastHour: edits.rows[0]?.n ?? 0,
    maxChangePct: settings.maxBudgetChangePct,
    maxEditsPerHour: MAX_EDITS_PER_HOUR,
    targetStatus: target?.status ?? null,
  };
}

async function assertGuardrails(tx: Tx, c: { targetType: string; targetId: string; changeType: ProposalInput['changeType']; proposedBudget?: number | null }, excludeId?: number) {
  const target = await readTarget(tx, c.targetType, c.targetId);
  const ctx = await guardrailContext(tx, c.targetType, c.targetId, target, excludeId);
  const change: Parameters<typeof checkGuardrails>[0] = { changeType: c.changeType };
  if (c.proposedBudget !== null && c.proposedBudget !== undefined) change.proposedBudget = c.proposedBudget;
  const violations = checkGuardrails(change, ctx);
  if (violations.length) {
    throw new AdloopError('GuardrailViolation', `Guardrail: ${violations.map((v) => v.message).join(' ')}`, { details: { violations } });
  }
  return target;
}

async function writeHistory(tx: Tx, id: number, from: ApprovalState | null, to: ApprovalState, actor: string, note?: string | null, detail: Record<string, unknown> = {}) {
  await tx.query(`insert into approval_history (change_id, from_state, to_state, actor, note, detail) values ($1, $2, $3, $4, $5, $6::jsonb)`, [
    id,
    from,
    to,
    actor,
    note ?? null,
    JSON.stringify(detail),
  ]);
}

/** Move one change; refuses illegal edges with IllegalTransition. Runs inside the caller's transaction. */
export async function transition(tx: Tx, id: number, to: ApprovalState, actor: string, note?: string | null, detail: Record<string, unknown> = {}): Promise<ApprovalChange> {
  const current = await getChange(tx, id, true);
  if (!current) throw new AdloopError('NotFound', `There is no change #${id} in the approval queue.`);
  const refusal = transitionRefusal(current.state, to);
  if (refusal) throw new AdloopError('IllegalTransition', `Change #${id} cannot become ${to}: ${refusal}.`, { details: { id, from: current.state, to } });
  await tx.query('update approval_queue set state = $2, updated_at = now() where id = $1', [id, to]);
  await writeHistory(tx, id, current.state, to, actor, note, detail);
  return (await getChange(tx, id))!;
}

/** Insert a proposal once per idempotency key; a repeat returns the existing change unchanged. */
export async function propose(db: Database, p: ProposalInput): Promise<{ change: ApprovalChange; created: boolean }> {
  return db.transaction(async (tx) => {
    const existing = await tx.query<{ id: number }>('select id from approval_queue where idempotency_key = $1', [p.idempotencyKey]);
    if (existing.rows[0]) return { change: (await getChange(tx, Number(existing.rows[0].id)))!, created: false };
    const target = await assertGuardrails(tx, p);
    const current = p.changeType === 'set_budget' ? { budget: target?.budget ?? null } : { status: target?.status ?? null };
    const proposed = p.changeType === 'set_budget' ? { budget: p.proposedBudget } : { status: p.changeType === 'pause' ? 'PAUSED' : 'ACTIVE' };
    const res = await tx.query<{ id: number }>(
      `insert into approval_queue (idempotency_key, account_id, target_type, target_id, change_type, current_value, proposed_value,
                                   origin, reason, evidence, undo_of, expires_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10::jsonb, $11, now() + make_interval(hours => $12))
       returning id`,
      [
        p.idempotencyKey,
        p.accountId,
        p.targetType,
        p.targetId,
        p.changeType,
        JSON.stringify(current),
        JSON.stringify(proposed),
        p.origin,
        p.reason,
        JSON.stringify(p.evidence ?? {}),
        p.undoOf ?? null,
        p.ttlHours ?? DEFAULT_TTL_HOURS,
      ],
    );
    const id = Number(res.rows[0]!.id);
    await writeHistory(tx, id, null, 'proposed', p.origin === 'user' ? 'user' : 'engine', p.reason);
    return { change: (await getChange(tx, id))!, created: true };
  });
}

type Batch = Output<'approvals.approve'>;

async function batch(db: Database, ids: number[], step: (tx: Tx, id: number) => Promise<ApprovalChange>): Promise<Batch> {
  const out: Batch = { changed: [], refused: [] };
  // Each change in its own transaction: one refusal does not undo the others.
  for (const id of ids) {
    try {
      out.changed.push(await db.transaction((tx) => step(tx, id)));
    } catch (e) {
      const err = e instanceof AdloopError ? e : new AdloopError('Internal', (e as Error).message);
      out.refused.push({ id, code: err.code, message: err.message });
    }
  }
  return out;
}

export function approve(db: Database, input: ParsedInput<'approvals.approve'>, actor = 'user'): Promise<Batch> {
  return batch(db, input.ids, async (tx, id) => {
    const change = await getChange(tx, id, true);
    if (!change) throw new AdloopError('NotFound', `There is no change #${id} in the approval queue.`);
    const refusal = transitionRefusal(change.state, 'approved');
    if (refusal) throw new AdloopError('IllegalTransition', `Change #${id} cannot become approved: ${refusal}.`);
    const edited = input.amounts?.[String(id)];
    const detail: Record<string, unknown> = {};
    if (edited !== undefined) {
      if (change.changeType !== 'set_budget') throw new AdloopError('InvalidInput', `Change #${id} is a ${change.changeType}; it has no amount to edit.`);
      detail.editedFrom = change.proposedBudget;
      detail.editedTo = edited;
    }
    const budget = edited ?? change.proposedBudget;
    await assertGuardrails(tx, { ...change, proposedBudget: budget }, id);
    if (edited !== undefined) {
      await tx.query(`update approval_queue set proposed_value = jsonb_build_object('budget', $2::bigint) where id = $1`, [id, edited]);
    }
    return transition(tx, id, 'approved', actor, input.note, detail);
  });
}

export function reject(db: Database, input: ParsedInput<'approvals.reject'>, actor = 'user'): Promise<Batch> {
  return batch(db, input.ids, (tx, id) => transition(tx, id, 'rejected', actor, input.note));
}

/**
 * The last check, right before a push: the sync calls this inside the transaction that moves the
 * change to "pushing", so a change that no longer fits the guardrails is never sent.
 */
export async function assertPushable(tx: Tx, id: number): Promise<ApprovalChange> {
  const change = await getChange(tx, id, true);
  if (!change) throw new AdloopError('NotFound', `There is no change #${id} in the approval queue.`);
  if (change.state !== 'approved') throw new AdloopError('IllegalTransition', `Change #${id} is ${change.state}; only approved changes are pushed.`);
  await assertGuardrails(tx, change, id);
  return change;
}

/**
 * Retry a failed push: failed → approved, so the next push sends it. Guardrails are re-checked now
 * (and again by the push), the expiry restarts (a day-old failure would otherwise expire at once),
 * and the history row keeps the failure it retries. A second write of a change already in effect
 * cannot follow: the push reads Meta before writing and marks such a change applied unwritten.
 * Refused when a later change to the same target was approved or applied meanwhile: re-sending the
 * older value would silently undo the newer one.
 */
export async function retry(db: Database, input: ParsedInput<'approvals.retry'>, actor = 'user'): Promise<ApprovalChange> {
  return db.transaction(async (tx) => {
    const change = await getChange(tx, input.id, true);
    if (!change) throw new AdloopError('NotFound', `There is no change #${input.id} in the approval queue.`);
    const refusal = retryRefusal(change.state);
    if (refusal) throw new AdloopError('IllegalTransition', `Change #${input.id} cannot be retried: ${refusal}.`, { details: { id: input.id, from: change.state, to: 'approved' } });
    const later = await tx.query<{ id: number; state: string }>(
      `select id::int, state from approval_queue
        where target_type = $1 and target_id = $2 and id > $3 and state in ('approved', 'pushing', 'applied')
        order by id desc limit 1`,
      [change.targetType, change.targetId, change.id],
    );
    const newer = later.rows[0];
    if (newer) {
      throw new AdloopError('Conflict', `Change #${change.id} cannot be retried: change #${newer.id} to the same ${change.targetType.replace('_', ' ')} is ${newer.state} since; propose again instead.`, {
        details: { id: change.id, supersededBy: Number(newer.id) },
      });
    }
    await assertGuardrails(tx, change, change.id);
    const failures = await tx.query<{ note: string | null; n: number }>(
      `select (select note from approval_history where change_id = $1 and to_state = 'failed' order by id desc limit 1) as note,
              (select count(*)::int from approval_history where change_id = $1 and to_state = 'failed') as n`,
      [change.id],
    );
    const f = failures.rows[0];
    await tx.query(`update approval_queue set state = 'approved', updated_at = now(), expires_at = now() + make_interval(hours => $2) where id = $1`, [change.id, DEFAULT_TTL_HOURS]);
    await writeHistory(tx, change.id, 'failed', 'approved', actor, input.note ?? 'Retry after a failed push', { retry: true, attempt: (f?.n ?? 1) + 1, retriedFailure: f?.note ?? null });
    return (await getChange(tx, change.id))!;
  });
}

export async function expire(db: Database, now?: string): Promise<number> {
  return db.transaction(async (tx) => {
    const res = await tx.query<{ id: number }>(
      `select id from approval_queue where state in ('proposed', 'approved') and expires_at < coalesce($1::timestamptz, now()) for update`,
      [now ?? null],
    );
    for (const r of res.rows) await transition(tx, Number(r.id), 'expired', 'engine', 'Not decided before it expired');
    return res.rows.length;
  });
}

export async function undo(db: Database, id: number): Promise<ApprovalChange> {
  const original = await getChange(db, id);
  if (!original) throw new AdloopError('NotFound', `There is no change #${id} in the approval queue.`);
  if (original.state !== 'applied') throw new AdloopError('IllegalTransition', `Only an applied change can be undone; #${id} is ${original.state}.`);
  const back: Pick<ProposalInput, 'changeType' | 'proposedBudget'> =
    original.changeType === 'set_budget'
      ? { changeType: 'set_budget', proposedBudget: original.currentBudget ?? undefined }
      : { changeType: original.changeType === 'pause' ? 'resume' : 'pause' };
  if (back.changeType === 'set_budget' && back.proposedBudget === undefined) {
    throw new AdloopError('Conflict', `Change #${id} did not record the budget before it; there is nothing to restore.`);
  }
  const { change } = await propose(db, {
    accountId: original.accountId,
    targetType: original.targetType,
    targetId: original.targetId,
    ...back,
    origin: 'undo',
    reason: `Undo of change #${id}: restore the value before it.`,
    evidence: { undoOf: id },
    idempotencyKey: `undo:${id}`,
    undoOf: id,
  });
  return change;
}

export async function proposeByHand(db: Database, input: ParsedInput<'approvals.propose'>): Promise<ApprovalChange> {
  const target = await readTarget(db, input.targetType, input.targetId);
  if (!target) throw new AdloopError('NotFound', `There is no ${input.targetType.replace('_', ' ')} ${input.targetId} in this workspace.`);
  const { change } = await propose(db, {
    accountId: target.accountId,
    targetType: input.targetType,
    targetId: input.targetId,
    changeType: input.changeType,
    proposedBudget: input.proposedBudget,
    origin: 'user',
    reason: input.reason,
    idempotencyKey: `user:${input.targetType}:${input.targetId}:${input.changeType}:${input.proposedBudget ?? ''}:${Date.now()}`,
  });
  return change;
}

export async function listChanges(db: Database, input: ParsedInput<'approvals.list'>): Promise<ApprovalChange[]> {
  const res = await db.query<Record<string, unknown>>(
    `${SELECT} where ($1::text[] is null or q.state = any($1)) and ($2::text is null or q.target_id = $2)
        and ($4::bigint[] is null or q.id = any($4))
      order by q.created_at desc, q.id desc limit $3`,
    [input.states ?? null, input.targetId ?? null, input.limit, input.ids ?? null],
  );
  return res.rows.map(rowToChange);
}

export async function changeHistory(db: Database, id: number): Promise<Output<'approvals.history'>> {
  const exists = await db.query('select 1 from approval_queue where id = $1', [id]);
  if (!exists.rows.length) throw new AdloopError('NotFound', `There is no change #${id} in the approval queue.`);
  const res = await db.query<Record<string, unknown>>(
    'select change_id, from_state, to_state, actor, note, detail, at from approval_history where change_id = $1 order by id',
    [id],
  );
  return res.rows.map((r) => ({
    changeId: Number(r.change_id),
    fromState: (r.from_state as ApprovalState | null) ?? null,
    toState: r.to_state as ApprovalState,
    actor: String(r.actor),
    note: (r.note as string | null) ?? null,
    detail: (r.detail ?? {}) as Record<string, unknown>,
    at: iso(r.at),
  }));
}
