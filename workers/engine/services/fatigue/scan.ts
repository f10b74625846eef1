// A full fatigue scan: read every ad's days (read.ts), run the detector on the pool (pool.ts),
// store the scan with one finding per ad (store.ts), then hand the NEW flagged findings to
// remediation. Progress goes out as `progress` events with kind 'scan'.
import type { ScanSummary } from '../../../../contract';
import { STATUSES, dayString, findingAt, type FatigueStatus } from '../../../domain/fatigue';
import type { Database } from '../../db';
import { readSettings } from '../../handlers/settings';
import { detectorSettings } from './settings';
import type { FatiguePool } from './pool';
import { readScanData } from './read';
import { FLAGGED, emptyCounts, failScan, finishScan, getScan, insertFindings, previouslyFlagged, pruneScans, startScanRow, type StoredFinding } from './store';

export type ScanProgress = (step: string, done: number, total: number, message?: string) => void;

export interface NewFinding extends StoredFinding {
  accountId: string;
}

/** Turns new findings into proposals and tasks; returns how many proposals it made. */
export type Remediate = (db: Database, scanId: number, findings: NewFinding[]) => Promise<number>;

export interface ScanOptions {
  trigger: ScanSummary['trigger'];
  pool: FatiguePool;
  progress?: ScanProgress;
  remediate?: Remediate;
  /** Finished scans kept with their findings; older ones are deleted. */
  keepScans?: number;
}

export interface ScanOutcome {
  summary: ScanSummary;
  newFindings: NewFinding[];
}

const STEPS = 4;

export async function runScan(db: Database, opts: ScanOptions): Promise<ScanOutcome> {
  const t0 = performance.now();
  const progress: ScanProgress = opts.progress ?? (() => undefined);
  const scanId = await startScanRow(db, opts.trigger);
  try {
    progress('read', 0, STEPS, 'Reading daily history');
    const settings = detectorSettings(await readSettings(db));
    const data = await readScanData(db);
    const counts = emptyCounts();
    const stored: StoredFinding[] = [];
    const fresh: NewFinding[] = [];
    let asOf: string | null = null;
    if (data) {
      progress('detect', 1, STEPS, `Testing ${data.adIds.length.toLocaleString('en-US')} ads`);
      const asOfIndex = data.dayCount - 1;
      asOf = dayString(data.origin + asOfIndex);
      const result = await opts.pool.run({
        input: {
          offsets: data.offsets,
          day: data.day,
          impressions: data.impressions,
          clicks: data.clicks,
          spend: data.spend,
          reach: data.reach,
          audience: data.audience,
          account: data.account,
        },
        accountCpm: data.accountCpm,
        dayCount: data.dayCount,
        asOf: asOfIndex,
        settings,
      });
      progress('store', 2, STEPS, 'Storing findings');
      const before = await previouslyFlagged(db, scanId);
      for (let i = 0; i < data.adIds.length; i++) {
        const adId = data.adIds[i]!;
        const finding = findingAt(result, i, data.origin, data.audiences[i]!, settings);
        const status: FatigueStatus = STATUSES[result.status[i]!]!;
        counts[status]++;
        const isNew = FLAGGED.has(status) && !before.has(adId);
        stored.push({ adId, finding, isNew });
        if (isNew) fresh.push({ adId, finding, isNew, accountId: data.accountIds[data.account[i]!]! });
      }
    }
    await db.transaction(async (tx) => {
      await insertFindings(tx, scanId, stored);
    });
    progress('remediate', 3, STEPS, `${fresh.length} new finding(s)`);
    const proposed = opts.remediate && fresh.length > 0 ? await opts.remediate(db, scanId, fresh) : 0;
    await db.transaction(async (tx) => {
      await finishScan(tx, scanId, {
        asOf,
        adsScanned: stored.length,
        counts,
        newFindings: fresh.length,
        proposed,
        durationMs: performance.now() - t0,
      });
      await pruneScans(tx, opts.keepScans ?? 12);
    });
    progress('done', STEPS, STEPS);
    return { summary: (await getScan(db, scanId))!, newFindings: fresh };
  } catch (e) {
    await failScan(db, scanId, (e as Error).message ?? String(e), performance.now() - t0).catch(() => undefined);
    throw e;
  }
}
