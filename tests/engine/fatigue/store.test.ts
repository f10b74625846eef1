// Storing a scan's findings: one COPY with the per-row foreign-key triggers off for it alone. The guarantee the triggers gave must hold anyway (an unknown ad or scan fails the whole
// write), and the triggers must be back on for the rest of the transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FatigueFinding } from '../../../workers/domain/fatigue';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { insertFindings, startScanRow, type StoredFinding } from '../../../workers/engine/services/fatigue/store';
import { freshWorkspace } from '../../helpers/workspace';
import { seedFatigueAccount } from './seed';

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('fatigue-store')).pgdata });
  await seedFatigueAccount(db);
}, 60_000);
afterAll(async () => db?.close());

const finding = (adId: string, status: FatigueFinding['status'] = 'HEALTHY'): StoredFinding => ({
  adId,
  isNew: status !== 'HEALTHY',
  finding: {
    status,
    confidence: 0.9,
    onsetDay: status === 'HEALTHY' ? null : '2026-10-30',
    daysToCritical: null,
    baseline: null,
    evidence: { test: 'none', sentence: `${adId} is fine` },
  } as unknown as FatigueFinding,
});

const stored = async (scanId: number) =>
  (await db.query<{ ad_id: string; status: string; is_new: boolean }>(`select ad_id, status, is_new from fatigue_findings where scan_id = $1 order by ad_id`, [scanId])).rows;

describe('insertFindings', () => {
  it('stores every finding, and the foreign keys are enforced again right after', async () => {
    const scanId = await startScanRow(db, 'manual');
    await expect(
      db.transaction(async (tx) => {
        await insertFindings(tx, scanId, [finding('steady'), finding('tired', 'FATIGUING')]);
        await tx.query(`insert into fatigue_findings (scan_id, ad_id, status, confidence) values ($1, 'no-such-ad', 'HEALTHY', 0.5)`, [scanId]);
      }),
    ).rejects.toThrow(/foreign key/);
    await db.transaction((tx) => insertFindings(tx, scanId, [finding('steady'), finding('tired', 'FATIGUING')]));
    expect(await stored(scanId)).toEqual([
      { ad_id: 'steady', status: 'HEALTHY', is_new: false },
      { ad_id: 'tired', status: 'FATIGUING', is_new: true },
    ]);
  });

  it('round-trips every field exactly, including text COPY has to escape and a flagged finding\'s full evidence', async () => {
    const odd = 'odd\tid\\with\nbreaks';
    await db.query(`insert into ads (id, ad_set_id, campaign_id, account_id, name) values ($1, 's1', 'c1', '1', 'Odd') on conflict do nothing`, [odd]);
    const scanId = await startScanRow(db, 'manual');
    const flagged: StoredFinding = {
      adId: odd,
      isNew: true,
      finding: {
        status: 'SATURATED',
        confidence: 0.1 + 0.2, // 0.30000000000000004: the stored float8 must be this exact number
        onsetDay: '2026-10-30',
        daysToCritical: 1e-7,
        baseline: { fromDay: '2026-10-01', toDay: '2026-10-05', impressions: 12345, clicks: 67, ctr: 67 / 12345 },
        evidence: { test: 'frequency', sentence: 'Tab\there, back\\slash, "quoted", line\nbreak, − and ±', frequency: 4.000000000000001, extra: [1, null, { a: 'b' }] },
      } as unknown as FatigueFinding,
    };
    const healthy = finding('steady');
    await db.transaction((tx) => insertFindings(tx, scanId, [flagged, healthy]));
    const rows = (
      await db.query<{ ad_id: string; status: string; confidence: number; onset_day: string | null; days_to_critical: number | null; evidence: Record<string, unknown>; is_new: boolean }>(
        `select ad_id, status, confidence, onset_day::text, days_to_critical, evidence, is_new from fatigue_findings where scan_id = $1 order by status`,
        [scanId],
      )
    ).rows;
    expect(rows).toEqual([
      { ad_id: 'steady', status: 'HEALTHY', confidence: 0.9, onset_day: null, days_to_critical: null, evidence: { test: 'none', sentence: 'steady is fine', baseline: null }, is_new: false },
      {
        ad_id: odd,
        status: 'SATURATED',
        confidence: 0.1 + 0.2,
        onset_day: '2026-10-30',
        days_to_critical: 1e-7,
        evidence: { ...flagged.finding.evidence, baseline: flagged.finding.baseline },
        is_new: true,
      },
    ]);
  });

  it('a finding for an ad that no longer exists fails the whole write', async () => {
    const scanId = await startScanRow(db, 'manual');
    await expect(db.transaction((tx) => insertFindings(tx, scanId, [finding('steady'), finding('gone')]))).rejects.toThrow(/1 of 2 findings name an ad or scan that no longer exists/);
    expect(await stored(scanId)).toEqual([]);
  });

  it('findings for a scan that does not exist are refused', async () => {
    await expect(db.transaction((tx) => insertFindings(tx, 987654, [finding('steady')]))).rejects.toThrow(/no longer exists/);
    expect(await stored(987654)).toEqual([]);
  });
});
