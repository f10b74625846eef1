// A full fatigue scan: read every ad's days (read.ts), run the detector on the pool (pool.ts),
// store the scan with one finding per ad (store.ts), then hand the NEW flagged findings to
// remediation. Progress goes out as `progress` events with kind 'scan'.
//
// Detect and store overlap: the pool threads turn each chunk of ads into finding lines right
// after detecting it (finding-rows.ts), and this thread COPYs a chunk's lines while the threads
// work on the next ones — all in one transaction, so a failed scan stores none of its findings.
import type { ScanSummary } from '../../../../contract';
import { STATUSES, dayString, findingAt, type FatigueStatus } from '../../../domain/fatigue';
import type { Database } from '../../db';
import { readSettings } from '../../handlers/settings';
import { detectorSettings } from './settings';
import type { FatiguePool } from './pool';
import { readScanData } from './read';
import { FLAGGED, emptyCounts, failScan, finishScan, findingsWriter, getScan, previouslyFlagged, pruneScans, startScanRow, type StoredFinding } from './store';

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
    const fresh: NewFinding[] = [];
    let adsScanned = 0;
    let asOf: string | null = null;
    if (data) {
      // Whether a flagged finding is new depends on the previous scan: known before detecting, so
      // the threads can write is_new into the lines themselves.
      const before = await previouslyFlagged(db, scanId);
      const wasFlagged = new Uint8Array(data.adIds.length);
      data.adIds.forEach((id, i) => (wasFlagged[i] = before.has(id) ? 1 : 0));
      progress('detect', 1, STEPS, `Testing ${data.adIds.length.toLocaleString('en-US')} ads`);
      const asOfIndex = data.dayCount - 1;
      asOf = dayString(data.origin + asOfIndex);
      const result = await db.transaction(async (tx) => {
        const writer = await findingsWriter(tx, scanId);
        let detected: Awaited<ReturnType<FatiguePool['run']>> | undefined;
        try {
          detected = await opts.pool.runWithLines(
            {
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
            },
            { scanId, origin: data.origin, adIds: data.adIds, audiences: data.audiences, previouslyFlagged: wasFlagged, settings },
            (lines) => writer.add(lines),
          );
          progress('store', 2, STEPS, 'Storing findings');
        } finally {
          // Parts already queued must finish (or fail) before the transaction ends either way.
          await writer.finish(data.adIds.length).catch((e: unknown) => {
            if (detected !== undefined) throw e;
          });
        }
        return detected;
      });
      for (let i = 0; i < data.adIds.length; i++) {
        const status: FatigueStatus = STATUSES[result.status[i]!]!;
        counts[status]++;
        if (!FLAGGED.has(status) || wasFlagged[i] === 1) continue;
        // Only the new flagged ones (a few) become objects here, for remediation and the event.
        const finding = findingAt(result, i, data.origin, data.audiences[i]!, settings);
        fresh.push({ adId: data.adIds[i]!, finding, isNew: true, accountId: data.accountIds[data.account[i]!]! });
      }
      adsScanned = data.adIds.length;
    }
    progress('remediate', 3, STEPS, `${fresh.length} new finding(s)`);
    const proposed = opts.remediate && fresh.length > 0 ? await opts.remediate(db, scanId, fresh) : 0;
    await db.transaction(async (tx) => {
      await finishScan(tx, scanId, {
        asOf,
        adsScanned,
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
