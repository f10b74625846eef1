// Full fatigue scans against a real on-disk PGlite workspace, through the engine's dispatcher:
// what is stored, what the Fatigue view reads back, progress, and one scan at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, MethodName, Output } from '../../../contract';
import { STATUSES, detectFatigueBatch, findingAt } from '../../../workers/domain/fatigue';
import { openEngine, type Engine } from '../../../workers/engine/engine';
import { readSettings } from '../../../workers/engine/handlers/settings';
import { FLAGGED } from '../../../workers/engine/services/fatigue/finding-rows';
import { createFatiguePool, type FatiguePool } from '../../../workers/engine/services/fatigue/pool';
import { readScanData } from '../../../workers/engine/services/fatigue/read';
import { runScan } from '../../../workers/engine/services/fatigue/scan';
import { detectorSettings } from '../../../workers/engine/services/fatigue/settings';
import { memoryLogger } from '../../helpers/silent-log';
import { freshWorkspace } from '../../helpers/workspace';
import { LAST_DAY, seedFatigueAccount } from './seed';

let engine: Engine;
const events: EngineEvent[] = [];

async function call<M extends MethodName>(method: M, params: unknown): Promise<Output<M>> {
  const res = await engine.dispatch({ id: 1, method, params });
  if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
  return res.result as Output<M>;
}

beforeAll(async () => {
  engine = await openEngine({ dataDir: await freshWorkspace('fatigue-scan'), log: memoryLogger(), emit: (e) => events.push(e) });
  await seedFatigueAccount(engine.db);
});
afterAll(async () => engine?.close());

describe('fatigue scan', () => {
  it('before any scan, latest is empty', async () => {
    expect(await call('fatigue.latest', {})).toEqual({ scan: null, total: 0, findings: [] });
  });

  it('stores one finding per ad with status, onset and evidence, and reports progress', async () => {
    const scan = await call('fatigue.scan', {});
    expect(scan).toMatchObject({ status: 'done', trigger: 'manual', asOf: LAST_DAY, adsScanned: 6, joined: false });
    expect(scan.counts).toEqual({ WARMING: 1, HEALTHY: 3, FATIGUING: 2, SATURATED: 0, AUDIENCE_EXHAUSTED: 0 });
    expect(scan.newFindings).toBe(2);

    const rows = await engine.db.query<{ ad_id: string; status: string; onset_day: string | null; is_new: boolean }>(
      `select ad_id, status, onset_day::text, is_new from fatigue_findings where scan_id = $1 order by ad_id`,
      [scan.scanId],
    );
    const by = Object.fromEntries(rows.rows.map((r) => [r.ad_id, r]));
    expect(by.tired).toMatchObject({ status: 'FATIGUING', onset_day: '2026-10-30', is_new: true });
    expect(by.worn).toMatchObject({ status: 'FATIGUING', onset_day: '2026-10-25', is_new: true });
    expect(by.steady).toMatchObject({ status: 'HEALTHY', onset_day: null, is_new: false });
    expect(by.tiny).toMatchObject({ status: 'WARMING', is_new: false });

    const progress = events.filter((e) => e.event === 'progress' && (e.payload as { kind: string }).kind === 'scan');
    expect(progress.map((e) => (e.payload as { step: string }).step)).toEqual(['read', 'detect', 'store', 'remediate', 'done']);
    expect(events.some((e) => e.event === 'workspace.changed' && (e.payload as { reason: string }).reason === 'fatigue')).toBe(true);
  });

  it('a re-scan of the same data finds the same ads, none of them new', async () => {
    const again = await call('fatigue.scan', {});
    expect(again.counts.FATIGUING).toBe(2);
    expect(again.newFindings).toBe(0);
  });

  it('two requests at once run one scan: the second joins it', async () => {
    const before = await engine.db.query<{ n: number }>(`select count(*)::int as n from fatigue_scans`);
    const [a, b] = await Promise.all([call('fatigue.scan', {}), call('fatigue.scan', {})]);
    expect(a.scanId).toBe(b.scanId);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    const after = await engine.db.query<{ n: number }>(`select count(*)::int as n from fatigue_scans`);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
  });

  it('latest filters by status and by name, flagged first', async () => {
    const all = await call('fatigue.latest', {});
    expect(all.total).toBe(6);
    expect(all.findings.slice(0, 2).map((f) => f.status)).toEqual(['FATIGUING', 'FATIGUING']);
    const fat = await call('fatigue.latest', { statuses: ['FATIGUING'] });
    expect(fat.findings.map((f) => f.adId).sort()).toEqual(['tired', 'worn']);
    expect(fat.findings[0]!.sentence).toMatch(/CUSUM/);
    const named = await call('fatigue.latest', { search: 'tiny' });
    expect(named.findings.map((f) => [f.adId, f.status])).toEqual([['tiny', 'WARMING']]);
    // The search text is literal: LIKE's wildcards match nothing here.
    expect((await call('fatigue.latest', { search: '%' })).total).toBe(0);
    expect((await call('fatigue.latest', { search: 'T_NY' })).total).toBe(0);
    expect((await call('fatigue.latest', { search: 'TINY' })).total).toBe(1);
  });

  it("an ad's history has its daily CTR, CPM, account CPM and frequency with the baseline and onset", async () => {
    const ad = await call('fatigue.ad', { adId: 'tired' });
    expect(ad.series).toHaveLength(45);
    expect(ad.series[0]).toMatchObject({ day: '2026-09-30', impressions: 20000, clicks: 400, ctr: 0.02, cpm: 1200 });
    expect(ad.series[40]!.ctr).toBeCloseTo(0.01, 6);
    expect(ad.series[10]!.accountCpm).toBeCloseTo(1200, 0);
    expect(ad.series[10]!.frequency).toBeCloseTo(1.1, 2);
    expect(ad.finding).toMatchObject({ status: 'FATIGUING', onsetDay: '2026-10-30' });
    expect(ad.finding!.baseline).toMatchObject({ fromDay: '2026-10-02', toDay: '2026-10-06' });
    expect(ad.finding!.evidence.sentence).toMatch(/against a launch baseline of 2\.00%/);
  });

  it('the fatigueAlarm setting picks the CUSUM threshold the scan uses (strict by default)', async () => {
    const strict = await call('fatigue.ad', { adId: 'tired' });
    expect(strict.finding!.evidence.cusumThreshold).toBe(12);
    await call('settings.update', { fatigueAlarm: 'sensitive' });
    await call('fatigue.scan', {});
    const sensitive = await call('fatigue.ad', { adId: 'tired' });
    expect(sensitive.finding!.evidence.cusumThreshold).toBe(5);
    expect(sensitive.finding!.evidence.sentence).toMatch(/threshold of 5/);
    await call('settings.update', { fatigueAlarm: 'strict' });
    const bad = await engine.dispatch({ id: 4, method: 'settings.update', params: { fatigueAlarm: 'loud' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it('an unknown ad is NotFound; a bad filter is InvalidInput', async () => {
    const res = await engine.dispatch({ id: 2, method: 'fatigue.ad', params: { adId: 'nope' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    const bad = await engine.dispatch({ id: 3, method: 'fatigue.latest', params: { statuses: ['TIRED'] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
  });

  it("stores exactly the detector's findings (encoded on the pool threads): full evidence when flagged, the compact form otherwise", async () => {
    const scan = await call('fatigue.scan', {});
    const data = (await readScanData(engine.db))!;
    const settings = detectorSettings(await readSettings(engine.db));
    const { offsets, day, impressions, clicks, spend, reach, audience, account } = data;
    const result = detectFatigueBatch({ offsets, day, impressions, clicks, spend, reach, audience, account }, data.accountCpm, {
      dayCount: data.dayCount,
      asOf: data.dayCount - 1,
      settings,
    });
    const rows = await engine.db.query<{ ad_id: string; status: string; confidence: number; onset_day: string | null; days_to_critical: number | null; evidence: Record<string, unknown> }>(
      `select ad_id, status, confidence, onset_day::text, days_to_critical, evidence from fatigue_findings where scan_id = $1`,
      [scan.scanId],
    );
    const byAd = new Map(rows.rows.map((r) => [r.ad_id, r]));
    expect(byAd.size).toBe(data.adIds.length);
    const compactKeys = ['test', 'sentence', 'baselineCtr', 'currentCtr', 'ctrChange', 'frequency', 'daysLive', 'baseline'];
    data.adIds.forEach((adId, i) => {
      const f = findingAt(result, i, data.origin, data.audiences[i]!, settings);
      const row = byAd.get(adId)!;
      expect(row.status).toBe(STATUSES[result.status[i]!]);
      expect([row.status, row.confidence, row.onset_day, row.days_to_critical]).toEqual([f.status, f.confidence, f.onsetDay, f.daysToCritical]);
      const full = JSON.parse(JSON.stringify({ ...f.evidence, baseline: f.baseline })) as Record<string, unknown>;
      if (FLAGGED.has(f.status)) {
        expect(row.evidence).toEqual(full);
      } else {
        const compact = Object.fromEntries(Object.entries(full).filter(([k]) => compactKeys.includes(k)));
        if (f.baseline) compact.baseline = { fromDay: f.baseline.fromDay, toDay: f.baseline.toDay, ctr: f.baseline.ctr, impressions: f.baseline.impressions, clicks: f.baseline.clicks };
        expect(row.evidence).toEqual(compact);
      }
    });
  });

  it('a write that fails part-way (an ad gone by the time its findings go in) fails the scan and stores none of its findings', async () => {
    const real = createFatiguePool();
    // The threads encode one ad under an id that no ads row has, as if it were deleted mid-scan.
    const pool: FatiguePool = { ...real, runWithLines: (job, rows, onLines) => real.runWithLines(job, { ...rows, adIds: rows.adIds.map((id, i) => (i === 0 ? 'deleted-meanwhile' : id)) }, onLines) };
    try {
      await expect(runScan(engine.db, { trigger: 'manual', pool })).rejects.toThrow(/1 of 6 findings name an ad or scan that no longer exists/);
    } finally {
      await real.close();
    }
    const last = await engine.db.query<{ id: number; status: string; n: number }>(
      `select s.id, s.status, (select count(*)::int from fatigue_findings f where f.scan_id = s.id) as n from fatigue_scans s order by s.id desc limit 1`,
    );
    expect(last.rows[0]).toMatchObject({ status: 'failed', n: 0 });
    // The next scan is whole again, and its flagged ads are not new (the failed scan does not count).
    const next = await call('fatigue.scan', {});
    expect(next).toMatchObject({ status: 'done', adsScanned: 6, newFindings: 0 });
  });
});
