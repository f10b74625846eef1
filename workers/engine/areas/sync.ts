// Handlers of the sync area: tokens into the SecretStore (OS keychain; never the database or a
// log line), one pull at a time, and the status the UI shows (including "reconnect needed").
import { AdloopError, type Output, type SyncSource } from '../../../contract';
import { defaultSecretStore, type SecretStore } from '../../../sync';
import { forgetIdentity, saveIdentity, verifyToken, type ConnectOptions } from '../services/sync/connect';
import { pushApproved } from '../services/sync/push';
import { metaClientFor, runSync, SECRET_KEYS } from '../services/sync/run';
import { readSettings } from '../handlers/settings';
import { readSchedule } from '../services/fatigue/scheduler';
import { LimitsRecorder } from '../services/sync/limits';
import { clearReconnect, CONNECTION, readStates } from '../services/sync/state';
import { PermanentJobError } from '../jobs/runner';
import type { AreaDeps, AreaHandlers } from './types';
import type { syncMethods } from '../../../contract';

/** Pull failures that no retry can mend (sync/errors.ts kinds). */
const PERMANENT_SYNC_ERRORS = new Set(['reconnect-needed', 'invalid-request', 'forbidden', 'malformed-reply']);

/** `connect`: client options for the token check (tests: a short timeout, a fake clock). */
export function syncArea(deps: AreaDeps, secrets: SecretStore = defaultSecretStore(), opts: { connect?: ConnectOptions } = {}): AreaHandlers<typeof syncMethods> {
  let running: Promise<unknown> | null = null;

  // The learning cycle's steps 1 and 2. A source that is not connected (a CSV-imported or demo
  // workspace) is skipped with that reason; a refused token fails the step (reconnect needed).
  for (const [step, source] of [['pull-meta', 'meta'], ['pull-hubspot', 'hubspot']] as const) {
    deps.cycle.register(step, async (ctx) => {
      if (running) throw new AdloopError('Conflict', 'A sync is already running; the cycle will pull on its next attempt.');
      const job = runSync({ db: deps.db, log: deps.log, secrets }, { source }, (_step, done, total, message) => void ctx.progress(done, total, message));
      running = job;
      let out: Awaited<typeof job>;
      try {
        out = await job;
      } finally {
        running = null;
      }
      const r = out.results[0]!;
      if (r.status === 'not-connected') {
        return { skipped: true, notes: [`${source === 'meta' ? 'Meta' : 'HubSpot'} is not connected: nothing to pull (a CSV-imported or demo workspace works from its imports).`] };
      }
      // The step's note is all the Learning view shows of a failure: say why, not only that it failed.
      if (r.status !== 'ok') {
        const why = r.error?.message ? `: ${r.error.message}` : '.';
        const message = `${source === 'meta' ? 'Meta' : 'HubSpot'} pull ${r.status}${why}`;
        // A refused token, a refused request or a reply of the wrong shape fails the same way on
        // every attempt: fail the cycle now instead of retrying it for a minute. Outages and rate
        // limits (already retried inside the pull) may heal, so the job's backoff tries again.
        if (r.status === 'reconnect-needed' || (r.error && PERMANENT_SYNC_ERRORS.has(r.error.kind))) throw new PermanentJobError(message);
        throw new AdloopError('Internal', message);
      }
      deps.emit('workspace.changed', { reason: 'sync.run' });
      const counts: Record<string, number> = {};
      for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && v > 0) counts[k] = v;
      return { counts };
    });
  }

  return {
    'sync.connect': async (input) => {
      // The service first: a token it refuses (or cannot be asked about) is never stored.
      const verified = await verifyToken(input.source, input.token, await readSettings(deps.db), input.url, opts.connect).catch((e: unknown) => {
        deps.log.warn('sync connect failed', { source: input.source, code: (e as { code?: string }).code, error: (e as Error).message });
        throw e;
      });
      await secrets.set(SECRET_KEYS[input.source], input.token);
      await saveIdentity(deps.db, input.source, verified);
      await clearReconnect(deps.db, input.source);
      deps.log.info('sync connected', { source: input.source, store: secrets.kind, connectedAs: verified.connectedAs });
      return deps.changed('sync.connect', { source: input.source, stored: true as const, store: secrets.kind, ...verified });
    },
    'sync.disconnect': async (input) => {
      const removed = await secrets.delete(SECRET_KEYS[input.source]);
      await forgetIdentity(deps.db, input.source);
      return deps.changed('sync.disconnect', { source: input.source, removed });
    },
    'sync.run': async (input, ctx) => {
      if (running) throw new AdloopError('Conflict', 'A sync is already running; wait for it to finish.');
      const job = runSync({ db: deps.db, log: deps.log, secrets }, input, (step, done, total, message) => ctx.progress(step, done, total, message));
      running = job;
      try {
        const out = await job;
        return deps.changed('sync.run', out);
      } finally {
        running = null;
      }
    },
    'sync.push': async (input, ctx) => {
      if (running) throw new AdloopError('Conflict', 'A sync or push is already running; wait for it to finish.');
      const limits = new LimitsRecorder('meta');
      const client = await metaClientFor({ db: deps.db, log: deps.log, secrets }, await readSettings(deps.db), input.metaUrl, limits);
      if (!client) throw new AdloopError('NotConnected', 'Meta is not connected: store a token first (sync.connect, or ADLOOP_META_TOKEN with adloop push).');
      const job = pushApproved(deps.db, client, deps.log, (done, total) => ctx.progress('push', done, total)).finally(() => limits.save(deps.db));
      running = job;
      try {
        const results = await job;
        const count = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
        return deps.changed('sync.push', {
          applied: count((r) => r.how === 'written'),
          alreadyInEffect: count((r) => r.how === 'already-in-effect'),
          failed: count((r) => r.state === 'failed'),
          unsettled: count((r) => r.state === 'pushing'),
          results,
        });
      } finally {
        running = null;
      }
    },
    'sync.status': async () => {
      const rows = await readStates(deps.db);
      const settings = await readSettings(deps.db);
      // Pulls happen as the learning cycle's first two steps, so the next pull is its next run.
      const cycle = await readSchedule(deps.db, 'learning');
      const sources: Output<'sync.status'>['sources'] = [];
      for (const source of ['meta', 'hubspot'] as SyncSource[]) {
        const mine = rows.filter((r) => r.source === source);
        const conn = mine.find((r) => r.account_id === CONNECTION);
        const connected = await secrets.get(SECRET_KEYS[source]).then((t) => t !== null, () => false);
        const reconnectNeeded = mine.some((r) => r.reconnect_needed);
        const next = nextPull(connected, reconnectNeeded, settings.automationPaused, cycle?.nextDueAt ?? null);
        sources.push({
          source,
          connected,
          // A label from before a disconnect (or a token removed from the keychain) names no one.
          connectedAs: connected ? (conn?.connected_as ?? null) : null,
          connectedSince: connected ? (conn?.connected_at ?? null) : null,
          reconnectNeeded,
          lastStartedAt: conn?.last_started_at ?? null,
          lastSuccessAt: conn?.last_success_at ?? null,
          lastError: conn?.last_error ? { kind: conn.last_error_kind ?? 'unknown', message: conn.last_error } : null,
          nextPullAt: next.at,
          nextPullNote: next.note,
          limits: conn?.limits ?? null,
          lastCounts: conn?.last_counts ?? {},
          accounts: mine
            .filter((r) => r.account_id !== CONNECTION || source === 'hubspot')
            .map((r) => ({ accountId: r.account_id, cursor: r.cursor, lastSuccessAt: r.last_success_at, reconnectNeeded: r.reconnect_needed })),
        });
      }
      return { running: running !== null, sources };
    },
  };
}

function nextPull(connected: boolean, reconnectNeeded: boolean, paused: boolean, dueAt: number | null): { at: string | null; note: string } {
  if (!connected) return { at: null, note: 'Not connected: nothing is pulled (store a token in Settings, or import CSV exports).' };
  if (reconnectNeeded) return { at: null, note: 'The token was refused: reconnect before the next pull.' };
  if (paused) return { at: null, note: 'Automation is paused: the scheduled pull waits until it is resumed (Sync now still works).' };
  if (dueAt === null) return { at: null, note: 'Pulled by the learning cycle, which this host does not schedule: use Sync now.' };
  return { at: new Date(dueAt).toISOString(), note: 'With the next learning cycle.' };
}
