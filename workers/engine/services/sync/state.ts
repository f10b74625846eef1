// sync_state: the incremental cursor, last run and error, and "reconnect needed" per source and
// account. The row with account '*' speaks for the whole connection (the token).
import type { SyncLimits, SyncSource } from '../../../../contract';
import type { Database } from '../../db';

type Tx = Pick<Database, 'query'>;
export const CONNECTION = '*';

export interface StateRow {
  source: SyncSource;
  account_id: string;
  cursor: Record<string, unknown>;
  last_started_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_kind: string | null;
  reconnect_needed: boolean;
  last_counts: Record<string, unknown>;
  limits: SyncLimits | null;
  /** What Connect learned from the service (migration 0018). */
  connected_as: string | null;
  connected_at: string | null;
}

export async function readCursor(tx: Tx, source: SyncSource, accountId: string): Promise<Record<string, unknown>> {
  const r = await tx.query<{ cursor: Record<string, unknown> }>('select cursor from sync_state where source = $1 and account_id = $2', [source, accountId]);
  return r.rows[0]?.cursor ?? {};
}

export async function markStarted(tx: Tx, source: SyncSource, accountId: string): Promise<void> {
  await tx.query(
    `insert into sync_state (source, account_id, last_started_at) values ($1, $2, now())
     on conflict (source, account_id) do update set last_started_at = now()`,
    [source, accountId],
  );
}

export async function markSuccess(tx: Tx, source: SyncSource, accountId: string, cursor: Record<string, unknown> | null, counts: Record<string, unknown>): Promise<void> {
  await tx.query(
    `insert into sync_state (source, account_id, cursor, last_started_at, last_success_at, last_counts) values ($1, $2, coalesce($3::jsonb, '{}'::jsonb), now(), now(), $4::jsonb)
     on conflict (source, account_id) do update set cursor = coalesce($3::jsonb, sync_state.cursor), last_success_at = now(), last_error = null,
       last_error_kind = null, reconnect_needed = false, last_counts = $4::jsonb`,
    [source, accountId, cursor === null ? null : JSON.stringify(cursor), JSON.stringify(counts)],
  );
}

export async function markFailed(tx: Tx, source: SyncSource, accountId: string, kind: string, message: string): Promise<void> {
  await tx.query(
    `insert into sync_state (source, account_id, last_error, last_error_kind, reconnect_needed) values ($1, $2, $3, $4, $5)
     on conflict (source, account_id) do update set last_error = $3, last_error_kind = $4, reconnect_needed = $5`,
    [source, accountId, message, kind, kind === 'reconnect-needed'],
  );
}

export async function clearReconnect(tx: Tx, source: SyncSource): Promise<void> {
  await tx.query(`update sync_state set reconnect_needed = false, last_error = case when last_error_kind = 'reconnect-needed' then null else last_error end,
                    last_error_kind = case when last_error_kind = 'reconnect-needed' then null else last_error_kind end where source = $1`, [source]);
}

export async function readStates(tx: Tx): Promise<StateRow[]> {
  const r = await tx.query<StateRow>(
    `select source, account_id, cursor, last_started_at::text, last_success_at::text, last_error, last_error_kind, reconnect_needed, last_counts, limits,
            connected_as, to_char(connected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as connected_at from sync_state order by source, account_id`,
  );
  return r.rows;
}
