// Handlers and background work of the fatigue area: scans on a piscina pool (one at a time),
// the scan schedule (next_due_at in the database, catch-up on start and on wake), the findings
// and one ad's history for the Fatigue view.
import type { fatigueMethods } from '../../../contract';
import { readSettings } from '../handlers/settings';
import { createFatiguePool } from '../services/fatigue/pool';
import { adHistory, latestFindings } from '../services/fatigue/queries';
import { createScanRunner } from '../services/fatigue/runner';
import { remediate } from '../services/fatigue/remediate';
import { runScan } from '../services/fatigue/scan';
import { createScheduler } from '../services/fatigue/scheduler';
import { getScan, latestScan } from '../services/fatigue/store';
import type { AreaDeps, AreaHandlers } from './types';

const KIND = 'fatigue.scan';

export function fatigueArea(deps: AreaDeps, opts: { taskFile?: string } = {}): AreaHandlers<typeof fatigueMethods> {
  const { db, log, emit, clock } = deps;
  // Threads start on the first scan and stop after 30 s idle, so an idle engine holds none.
  const pool = createFatiguePool(opts.taskFile ? { file: opts.taskFile } : {});
  const runner = createScanRunner(async (trigger) => {
    const jobId = `fatigue.scan#${clock.now().toString(36)}`;
    let last = -1;
    const outcome = await runScan(db, {
      trigger,
      pool,
      remediate: (d, scanId, findings) => remediate(d, scanId, findings, log),
      progress: (step, done, total, message) => {
        const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
        if (percent === last && done !== total) return;
        last = percent;
        emit('progress', { jobId, kind: 'scan', step, done, total, percent, ...(message !== undefined ? { message } : {}) });
      },
    });
    const s = outcome.summary;
    log.info('fatigue scan', { scanId: s.scanId, trigger, ads: s.adsScanned, newFindings: s.newFindings, proposed: s.proposed, durationMs: s.durationMs });
    emit('workspace.changed', { reason: 'fatigue' });
    if (s.newFindings > 0) {
      const byStatus = { FATIGUING: 0, SATURATED: 0, AUDIENCE_EXHAUSTED: 0 };
      for (const f of outcome.newFindings) byStatus[f.finding.status as keyof typeof byStatus]++;
      emit('fatigue.findings', { scanId: s.scanId, newFindings: s.newFindings, byStatus, proposed: s.proposed });
    }
    if (s.proposed > 0) emit('workspace.changed', { reason: 'approvals' });
    return outcome;
  });
  const scheduler = createScheduler({
    db,
    kind: KIND,
    clock,
    log,
    intervalHours: async () => (await readSettings(db)).scanIntervalHours,
    paused: async () => (await readSettings(db)).automationPaused,
    run: (trigger) => runner.run(trigger),
  });
  if (deps.background) {
    // Not awaited: the engine answers calls while a catch-up scan runs.
    void scheduler.start().catch((e: unknown) => log.warn('fatigue scheduler failed to start', { error: String(e) }));
  }
  // The learning cycle's step 6: a scan (joining one already running) and its remediation
  // proposals; the approval queue's idempotency keys keep a re-run from proposing twice.
  deps.cycle.register('fatigue', async () => {
    const startedAt = clock.now();
    const { outcome, joined } = await runner.run('manual');
    if (!joined) await scheduler.ran(startedAt, clock.now());
    const s = outcome.summary;
    return { counts: { adsScanned: s.adsScanned, newFindings: s.newFindings, proposalsCreated: s.proposed } };
  });
  deps.onClose(async () => {
    await scheduler.stop();
    await runner.idle();
    await pool.close();
  });

  return {
    'fatigue.scan': async () => {
      const startedAt = clock.now();
      const { outcome, joined } = await runner.run('manual');
      // A manual scan counts as the scheduled one: the next is due an interval after it.
      if (!joined) await scheduler.ran(startedAt, clock.now());
      return { ...outcome.summary, joined };
    },
    'fatigue.latest': async (input) => latestFindings(db, input),
    'fatigue.ad': async (input) => adHistory(db, input.adId),
    'fatigue.schedule': async () => {
      const row = await scheduler.state();
      return {
        kind: KIND,
        intervalHours: (await readSettings(db)).scanIntervalHours,
        nextDueAt: row ? new Date(row.nextDueAt).toISOString() : null,
        running: runner.running,
        lastScan: await latestScan(db),
      };
    },
    'fatigue.wake': async () => {
      const before = await db.query<{ id: number | null }>(`select max(id) as id from fatigue_scans`);
      const caughtUp = await scheduler.wake();
      const row = await scheduler.state();
      const after = await db.query<{ id: number | null }>(`select max(id) as id from fatigue_scans`);
      const id = after.rows[0]?.id ?? null;
      const scan = caughtUp && id !== null && id !== before.rows[0]?.id ? await getScan(db, Number(id)) : null;
      return { caughtUp, scan, nextDueAt: row ? new Date(row.nextDueAt).toISOString() : null };
    },
  };
}
