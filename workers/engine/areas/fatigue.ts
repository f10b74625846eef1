// Handlers and background work of the fatigue area: scans on a piscina pool (one at a time),
// the findings and one ad's history for the Fatigue view.
import type { fatigueMethods } from '../../../contract';
import { createFatiguePool } from '../services/fatigue/pool';
import { adHistory, latestFindings } from '../services/fatigue/queries';
import { createScanRunner } from '../services/fatigue/runner';
import { runScan } from '../services/fatigue/scan';
import type { AreaDeps, AreaHandlers } from './types';

export function fatigueArea(deps: AreaDeps): AreaHandlers<typeof fatigueMethods> {
  const { db, log, emit } = deps;
  // Threads start on the first scan and stop after 30 s idle, so an idle engine holds none.
  const pool = createFatiguePool();
  const runner = createScanRunner(async (trigger) => {
    const jobId = `fatigue.scan#${Date.now().toString(36)}`;
    let last = -1;
    const outcome = await runScan(db, {
      trigger,
      pool,
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
    return outcome;
  });
  deps.onClose(async () => {
    await runner.idle();
    await pool.close();
  });

  return {
    'fatigue.scan': async () => {
      const { outcome, joined } = await runner.run('manual');
      return { ...outcome.summary, joined };
    },
    'fatigue.latest': async (input) => latestFindings(db, input),
    'fatigue.ad': async (input) => adHistory(db, input.adId),
  };
}
