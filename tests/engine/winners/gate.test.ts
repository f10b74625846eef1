// The gate on the index, on constructed neighbourhoods: each scenario is its own workspace with a
// cluster of ads around the draft's DNA (results chosen per scenario) and a block of unlike ads
// that set the account CTR at 2 % (REJECT line 1.4 %).
import { afterEach, describe, expect, it } from 'vitest';
import { methods, settingsSchema } from '../../../contract';
import type { Dna } from '../../../contract/dna';
import { openDatabase, type Database } from '../../../workers/engine/db';
import { workspaceLayout } from '../../../workers/engine/layout';
import { battlePlan, exactIsCheap, gate, GATE_EXACT_MAX_ROWS } from '../../../workers/engine/services/winners/gate';
import { refreshIndex } from '../../../workers/engine/services/winners/index';
import { freshWorkspace } from '../../helpers/workspace';
import { baseVideo, seedAccount, type SeedAd } from './seed';

const settings = { ...settingsSchema.parse({}), gateNeighbours: 8 };
const unlike: Dna = { format: 'image', hookType: 'offer', hookText: 'Last chance weekend sale', textOverlayDensity: 0.9, textContrast: 0.2, facesInFirst3s: false, captions: false, cta: 'shop_now', offer: 'discount', emotion: 'urgency', palette: 'vibrant', aspectRatio: '1:1', audio: 'none' };
// Eight close variants of the base video (palette, CTA, emotion, a little hook text).
const palettes = ['warm', 'cool', 'neutral', 'vibrant'] as const;
const variants: Dna[] = Array.from({ length: 8 }, (_, i) => ({ ...baseVideo, palette: palettes[i % 4], cta: i < 4 ? 'learn_more' : 'sign_up', hookSeconds: 1.2 + i * 0.1 }));

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function workspace(cluster: (dna: Dna, i: number) => Omit<SeedAd, 'id' | 'dna'>): Promise<Database> {
  db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('winners-gate')).pgdata });
  const background: SeedAd[] = Array.from({ length: 6 }, (_, i) => ({ id: `bg${i}`, dna: { ...unlike, hookSeconds: undefined, textContrast: 0.1 + i * 0.05 }, impressions: 500_000, clicks: 10_000, spendPerDay: 5000 }));
  await seedAccount(db, [...background, ...variants.map((dna, i) => ({ id: `n${i}`, dna, ...cluster(dna, i) }))]);
  await refreshIndex(db, settings);
  return db;
}

const draft: Dna = { ...baseVideo, hookSeconds: 5, durationSeconds: 30, facesInFirst3s: false };

describe('pre-spend gate on the index', () => {
  it('all-winner neighbourhood → PROCEED, and the recommendation names the DNA differences to the winners', async () => {
    const d = await workspace(() => ({ impressions: 20_000, clicks: 800 }));
    const out = await gate(d, { dna: draft, record: true, settings });
    expect(out.accountCtr).toBeCloseTo((6 * 10_000 + 8 * 800) / (6 * 500_000 + 8 * 20_000), 10);
    expect(out.decision).toBe('PROCEED');
    expect(out.predictedCtr).toBeGreaterThan(0.03);
    expect(out.predictedCtr).toBeLessThan(0.04); // shrunk a little toward the 2.1 % account mean
    expect(out.interval.lower).toBeGreaterThanOrEqual(out.threshold);
    expect(out.neighboursUsed).toBe(8);
    // The winners share a hook within 2 s and a face in the first 3 s; the draft has neither.
    expect(out.differences.map((x) => x.field)).toEqual(expect.arrayContaining(['hookSeconds', 'facesInFirst3s']));
    expect(out.recommendation).toMatch(/a hook within 2 s \(5 of 5\)/);
    expect(out.recommendation).toMatch(/Shorten the hook to 2 s \(yours: 5 s\)\./);
    expect(out.recommendation).toMatch(/Show a face in the first 3 seconds\./);
    // Stored for the learning cycle to score.
    const p = await d.query<{ kind: string; subject_id: string; model_version: string; predicted: { ctr: number; lower: number; upper: number; decision: string; dna: Dna }; scored_at: string | null }>(
      `select kind, subject_id, model_version, predicted, scored_at from predictions where id = $1`,
      [out.predictionId],
    );
    expect(p.rows[0]).toMatchObject({ kind: 'gate_ctr', model_version: 'gate-v1+encoder-v1', scored_at: null, predicted: { ctr: out.predictedCtr, lower: out.interval.lower, upper: out.interval.upper, decision: 'PROCEED', dna: draft } });
    expect(p.rows[0]!.subject_id).toMatch(/^dna:[0-9a-f]{16}$/);
  });

  it('all-loser neighbourhood → REJECT (advice, not a block), with a fix plan', async () => {
    const d = await workspace(() => ({ impressions: 20_000, clicks: 80 }));
    const out = await gate(d, { dna: draft, record: false, settings });
    expect(out.decision).toBe('REJECT');
    expect(out.interval.upper).toBeLessThan(out.threshold);
    expect(out.advice).toMatch(/not a block/);
    expect(out.predictionId).toBeNull();
    expect((await d.query(`select 1 from predictions`)).rows).toHaveLength(0);
    // No ad is a winner (cluster at 0.4 %, background at 2 %): the plan has no winners to follow.
    const plan = await battlePlan(d, { dna: draft, settings });
    expect(plan.gate.decision).toBe('REJECT');
    expect(plan.winners).toEqual([]);
    expect(plan.text[0]).toMatch(/^Gate: REJECT/);
  });

  it('sparse neighbours (a few hundred impressions) → UNCERTAIN, pulled to the account mean', async () => {
    const d = await workspace((_, i) => ({ impressions: 100, clicks: i % 4 === 0 ? 1 : 0 }));
    const out = await gate(d, { dna: draft, record: false, settings });
    expect(out.decision).toBe('UNCERTAIN');
    expect(out.shrinkage).toBeGreaterThan(0.3);
    expect(out.interval.lower).toBeLessThan(out.threshold);
    expect(out.interval.upper).toBeGreaterThanOrEqual(out.threshold);
  });

  it('a neighbourhood straddling the bar → UNCERTAIN; the battle plan lists the winners, patterns and changes', async () => {
    const d = await workspace((_, i) => (i % 3 === 0 ? { impressions: 20_000, clicks: 640 } : { impressions: 20_000, clicks: 80 }));
    const out = await gate(d, { dna: draft, record: false, settings });
    expect(out.decision).toBe('UNCERTAIN');
    expect(out.predictedCtr).toBeGreaterThan(0.012);
    expect(out.predictedCtr).toBeLessThan(0.017);
    const plan = await battlePlan(d, { dna: draft, settings });
    expect(plan.winners.map((w) => w.adId).sort()).toEqual(['n0', 'n3', 'n6']);
    expect(plan.patterns.find((p) => p.field === 'facesInFirst3s')).toMatchObject({ value: true, agree: 3, of: 3, draftFollows: false });
    expect(plan.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['hookSeconds', 'facesInFirst3s']));
    expect(plan.text).toContain('Changes to consider:');
  });

  it('gating an indexed ad leaves the ad itself out of its neighbours', async () => {
    const d = await workspace(() => ({ impressions: 20_000, clicks: 800 }));
    await d.query(`update creative_embeddings set clicks = 0 where ad_id <> 'n0'`);
    const out = await gate(d, { adId: 'n0', record: false, settings: { ...settings, gateNeighbours: 1 } });
    // Its single neighbour is another cluster ad, now at 0 clicks: a low prediction despite n0's 4 %.
    expect(out.predictedCtr).toBeLessThan(0.02);
  });

  it('the audience: the same neighbours predict for the ad set the creative will run in, leave-one-out, and an unknown ad set is refused', async () => {
    // A cold ad set at 0.5 % and a hot one at 3 %; the draft's look-alikes all ran in the hot one at 3 %.
    db = await openDatabase({ dataDir: workspaceLayout(await freshWorkspace('winners-gate-context')).pgdata });
    const block = (set: string, clicks: number): SeedAd[] =>
      Array.from({ length: 6 }, (_, i) => ({ id: `${set}${i}`, adSetId: set, dna: { ...unlike, hookSeconds: undefined, textContrast: 0.1 + i * 0.05 }, impressions: 500_000, clicks, spendPerDay: 5000 }));
    await seedAccount(db, [...block('cold', 2_500), ...block('hot', 15_000), ...variants.map((dna, i) => ({ id: `n${i}`, adSetId: 'hot', dna, impressions: 20_000, clicks: 600 }))]);
    await refreshIndex(db, settings);
    const none = await gate(db, { dna: draft, record: false, settings });
    const cold = await gate(db, { dna: draft, adSetId: 'cold', record: true, settings });
    const hot = await gate(db, { dna: draft, adSetId: 'hot', record: false, settings });
    expect(none).toMatchObject({ adSetId: null, contextRatio: 1 });
    expect(cold.adSetId).toBe('cold');
    // Typical creatives: 6 ads at 0.5 % and 14 at 3 %, a 2.25 % account mean. Cold: six at 0.5 %
    // pooled with two at 2.25 % → 0.94 %, ρ ≈ 0.42; hot (one left out): 13 at 3 % and two → ρ ≈ 1.29.
    expect(cold.contextRatio).toBeCloseTo(0.42, 1);
    expect(hot.contextRatio).toBeCloseTo(1.29, 1);
    // 3 % neighbours from a 1.29× audience: ~2.3 % for an average one, ~1 % cold, ~3 % hot.
    expect(none.predictedCtr).toBeGreaterThan(0.02);
    expect(none.predictedCtr).toBeLessThan(0.026);
    expect(cold.predictedCtr).toBeLessThan(0.0115);
    expect(cold.decision).toBe('REJECT'); // below 70 % of the account's 1.8 %
    expect(hot.predictedCtr).toBeGreaterThan(0.027);
    expect(hot.decision).toBe('PROCEED');
    // Recorded with the context, so the learning cycle replays exactly this prediction.
    const p = await db.query<{ predicted: { contextRatio: number; adSetId: string; neighbours: number[][] } }>(`select predicted from predictions where id = $1`, [cold.predictionId]);
    expect(p.rows[0]!.predicted).toMatchObject({ contextRatio: cold.contextRatio, adSetId: 'cold' });
    expect(p.rows[0]!.predicted.neighbours.every((n) => n.length === 4 && n[3]! > 1.2)).toBe(true);
    // An indexed ad is gated in its own ad set, without its own results.
    const own = await gate(db, { adId: 'n0', record: false, settings });
    expect(own.adSetId).toBe('hot');
    expect(own.contextRatio).toBeGreaterThan(1.2);
    await expect(gate(db, { dna: draft, adSetId: 'nope', record: false, settings })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('the contract refuses an ad set beside an ad: an ad is gated where it runs', () => {
    const input = methods['winners.gate'].input;
    expect(input.safeParse({ adId: 'n0', adSetId: 'cold' }).success).toBe(false);
    expect(input.safeParse({ dna: draft, adSetId: 'cold' }).success).toBe(true);
    expect(methods['winners.battlePlan'].input.safeParse({ adId: 'n0', adSetId: 'cold' }).success).toBe(false);
  });

  it('reads its neighbours by an exact scan while the index is small enough for one to be cheap', async () => {
    const d = await workspace(() => ({ impressions: 20_000, clicks: 800 }));
    const rows = 6 + variants.length;
    expect(GATE_EXACT_MAX_ROWS).toBe(20_000);
    expect(await exactIsCheap(d, 1)).toBe(true);
    expect(await exactIsCheap(d, 1, rows)).toBe(true);
    expect(await exactIsCheap(d, 1, rows - 1)).toBe(false);
    expect(await exactIsCheap(d, 2, 0)).toBe(true); // no rows of another encoder version
  });
});
