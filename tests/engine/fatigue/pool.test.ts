// The piscina pool gives the same answer as the detector on one thread, whatever the chunking —
// and, for a scan, the same finding lines as encoding every ad on this thread.
import { describe, expect, it } from 'vitest';
import { detectFatigueBatch, STATUS_CODE, type AudienceType } from '../../../workers/domain/fatigue';
import { createRng } from '../../../workers/domain/math/random';
import { findingLines, type FindingRowsSpec } from '../../../workers/engine/services/fatigue/finding-rows';
import { chunkBounds, createFatiguePool } from '../../../workers/engine/services/fatigue/pool';

function account(ads: number, days: number) {
  const rng = createRng(7);
  const offsets = new Int32Array(ads + 1);
  const rows: number[][] = [];
  for (let a = 0; a < ads; a++) {
    offsets[a] = rows.length;
    const start = Math.floor(rng() * 20);
    const base = 2_000 + rng() * 20_000;
    const ctr = 0.008 + rng() * 0.02;
    const onset = rng() < 0.3 ? start + 15 + Math.floor(rng() * 30) : Infinity;
    for (let d = start; d < days; d++) {
      if (rng() < 0.05) continue; // missing days
      const n = Math.round(base * (0.8 + 0.4 * rng()));
      rows.push([d, n, Math.round(n * ctr * (d >= onset ? 0.6 : 1) * (0.9 + 0.2 * rng())), Math.round(n * 1.1), Math.round(n / 1.2)]);
    }
  }
  offsets[ads] = rows.length;
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]!);
  return {
    input: { offsets, day: Int32Array.from(rows, (r) => r[0]!), impressions: col(1), clicks: col(2), spend: col(3), reach: col(4), audience: Uint8Array.from({ length: ads }, (_, i) => i % 4), account: new Int32Array(ads) },
    accountCpm: new Float64Array(days).fill(1100),
    dayCount: days,
    asOf: days - 1,
  };
}

describe('fatigue pool', () => {
  it('cuts the ads into chunks of about equal rows that cover every ad once', () => {
    const offsets = Int32Array.of(0, 10, 20, 90, 100, 110, 200);
    const bounds = chunkBounds(offsets, 3);
    expect(bounds[0]![0]).toBe(0);
    expect(bounds.at(-1)![1]).toBe(6);
    for (let k = 1; k < bounds.length; k++) expect(bounds[k]![0]).toBe(bounds[k - 1]![1]);
    expect(chunkBounds(Int32Array.of(0, 5), 4)).toEqual([[0, 1]]);
    // Weighted: 100 ads of 10 rows, the first chunk a quarter of the others.
    const even = Int32Array.from({ length: 101 }, (_, i) => i * 10);
    expect(chunkBounds(even, 3, [0.25, 1, 1])).toEqual([[0, 12], [12, 56], [56, 100]]);
  });

  it('worker threads return exactly what the detector returns on this thread', async () => {
    const job = account(300, 70);
    const expected = detectFatigueBatch(job.input, job.accountCpm, { dayCount: job.dayCount, asOf: job.asOf });
    const pool = createFatiguePool({ threads: 3 });
    try {
      expect(pool.threads).toBe(3);
      let chunks = 0;
      const got = await pool.run(job, () => chunks++);
      expect(chunks).toBe(3);
      expect(got).toEqual(expected);
      expect(Array.from(got.status).filter((s) => s === 2).length).toBeGreaterThan(10);
      // Columns in shared memory (as the scan's read makes them) are read in place: same answer,
      // and the caller's arrays are left whole (nothing transferred away).
      const shared = <T extends Int32Array | Float64Array>(a: T): T => {
        const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
        out.set(a);
        return out;
      };
      const { input } = job;
      const sharedInput = { ...input, day: shared(input.day), impressions: shared(input.impressions), clicks: shared(input.clicks), spend: shared(input.spend), reach: shared(input.reach) };
      expect(await pool.run({ ...job, input: sharedInput })).toEqual(expected);
      expect(sharedInput.day.length).toBe(input.day.length);
    } finally {
      await pool.close();
    }
  });

  it('with lines: every chunk is encoded on its thread and handed over once; together they equal encoding all ads here', async () => {
    const job = account(300, 70);
    const expected = detectFatigueBatch(job.input, job.accountCpm, { dayCount: job.dayCount, asOf: job.asOf });
    const audiences: AudienceType[] = ['cold', 'lookalike', 'retargeting', 'broad'];
    const rows: FindingRowsSpec = {
      scanId: 42,
      origin: 20_000,
      adIds: Array.from({ length: 300 }, (_, i) => `ad\t${i}`), // escaped in COPY text
      audiences: Array.from({ length: 300 }, (_, i) => audiences[i % 4]!),
      // Every third ad was flagged before: a flagged ad among them is not new.
      previouslyFlagged: Uint8Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
    };
    const here = findingLines(expected, rows).split('\n').filter(Boolean);
    for (const threads of [3, 0]) {
      const pool = createFatiguePool({ threads });
      try {
        const parts: string[] = [];
        const got = await pool.runWithLines(job, rows, (lines) => parts.push(lines));
        expect(got).toEqual(expected);
        expect(parts).toHaveLength(threads === 0 ? 1 : 3 * 4);
        const lines = parts.join('').split('\n').filter(Boolean);
        expect(lines.sort()).toEqual([...here].sort());
      } finally {
        await pool.close();
      }
    }
    // is_new: flagged and not flagged before.
    const byAd = new Map(here.map((l) => [l.split('\t')[1]!.replace('\\t', '\t'), l.split('\t')]));
    for (let i = 0; i < 300; i++) {
      const f = byAd.get(`ad\t${i}`)!;
      const flagged = expected.status[i]! >= STATUS_CODE.FATIGUING;
      expect(f[7]).toBe(flagged && i % 3 !== 0 ? 't' : 'f');
    }
  });
});
