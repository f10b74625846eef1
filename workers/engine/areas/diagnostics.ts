// Handler of diagnostics.get: what the Settings view's diagnostics panel shows and a person may
// paste into a support request. Reads only; never a token, ad or CRM row.
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics, diagnosticsMethods } from '../../../contract';
import { workspaceLayout } from '../layout';
import { ENGINE_VERSION } from '../version';
import { backupDir } from './backup-files';
import type { AreaDeps, AreaHandlers } from './types';

/** Bytes under a folder (files only; symlinks not followed). */
function folderBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;
    }
  }
  return total;
}

const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());

export function diagnosticsArea(deps: AreaDeps): AreaHandlers<typeof diagnosticsMethods> {
  const layout = workspaceLayout(deps.dataDir);
  return {
    'diagnostics.get': async (): Promise<Diagnostics> => {
      const { db } = deps;
      // Jobs have no separate finish time: a finished job's last update is its finish, so the
      // duration is created → finished (queue wait included, which is what a person waited).
      const jobs = await db.query<{ kind: string; done: number; failed: number; cancelled: number; queued: number; running: number; median_ms: number | null; max_ms: number | null; last_finished: string | null }>(
        `select kind,
                count(*) filter (where state = 'done')::int as done,
                count(*) filter (where state = 'failed')::int as failed,
                count(*) filter (where state = 'cancelled')::int as cancelled,
                count(*) filter (where state = 'queued')::int as queued,
                count(*) filter (where state = 'running')::int as running,
                (percentile_cont(0.5) within group (order by extract(epoch from updated_at - created_at) * 1000) filter (where state = 'done'))::float8 as median_ms,
                (max(extract(epoch from updated_at - created_at) * 1000) filter (where state = 'done'))::float8 as max_ms,
                max(updated_at) filter (where state in ('done', 'failed', 'cancelled')) as last_finished
           from jobs group by kind order by kind`,
      );
      const failures = await db.query<{ id: number; kind: string; error: string | null; updated_at: string }>(
        `select id::int, kind, error, updated_at from jobs where state = 'failed' order by updated_at desc limit 10`,
      );
      const sync = await db.query<{ source: 'meta' | 'hubspot'; account_id: string; last_started_at: string | null; last_success_at: string | null; last_error: string | null; last_error_kind: string | null; reconnect_needed: boolean; last_counts: Record<string, unknown> }>(
        `select source, account_id, last_started_at, last_success_at, last_error, last_error_kind, reconnect_needed, last_counts from sync_state order by source, account_id`,
      );
      const migrations = await db.query<{ id: string }>('select id from schema_migrations order by id');
      const size = await db.query<{ bytes: string }>('select pg_database_size(current_database())::text as bytes');
      return {
        appVersion: ENGINE_VERSION,
        engineVersion: ENGINE_VERSION,
        schemaVersion: migrations.rows.at(-1)?.id ?? null,
        migrationsApplied: migrations.rows.length,
        dataDir: layout.root,
        logDir: layout.logs,
        backupDir: backupDir(layout.root),
        databaseBytes: Number(size.rows[0]?.bytes ?? 0),
        databaseFolderBytes: folderBytes(layout.pgdata),
        jobs: jobs.rows.map((r) => ({
          kind: r.kind,
          done: r.done,
          failed: r.failed,
          cancelled: r.cancelled,
          queued: r.queued,
          running: r.running,
          medianMs: r.median_ms === null ? null : Math.round(r.median_ms),
          maxMs: r.max_ms === null ? null : Math.round(r.max_ms),
          lastFinishedAt: iso(r.last_finished),
        })),
        recentFailures: failures.rows.map((r) => ({ id: r.id, kind: r.kind, error: r.error ?? '(no reason recorded)', at: iso(r.updated_at)! })),
        sync: sync.rows.map((r) => ({
          source: r.source,
          accountId: r.account_id,
          lastStartedAt: iso(r.last_started_at),
          lastSuccessAt: iso(r.last_success_at),
          lastError: r.last_error,
          lastErrorKind: r.last_error_kind,
          reconnectNeeded: r.reconnect_needed,
          lastCounts: r.last_counts ?? {},
        })),
      };
    },
  };
}
