import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dnaLogOdds } from '../../workers/simulator/dna';
import { simulate } from '../../workers/simulator/generate';
import type { Simulation } from '../../workers/simulator/types';

function digest(s: Simulation): string {
  const h = createHash('sha256');
  const m = s.metrics;
  for (const a of [m.ad, m.day, m.impressions, m.reach, m.clicks, m.spend]) h.update(Buffer.from(a.buffer, 0, m.count * 4));
  h.update(JSON.stringify([s.accounts, s.campaigns, s.adSets, s.ads, s.deals, s.truth]));
  return h.digest('hex');
}

const small = (seed: number) => simulate({ seed, ads: 300, days: 60, endDay: '2026-11-24' });

describe('simulator', () => {
  it('is deterministic by seed: same seed → identical workspace; another seed → another', () => {
    expect(digest(small(1))).toBe(digest(small(1)));
    expect(digest(small(2))).not.toBe(digest(small(1)));
  });

  it('looks like an ad account: ABO and CBO, budgets on the right holder, unique Meta-like ids', () => {
    const s = small(3);
    const modes = new Set(s.campaigns.map((c) => c.budgetMode));
    expect(modes).toEqual(new Set(['ABO', 'CBO']));
    for (const c of s.campaigns) {
      const sets = s.adSets.filter((x) => x.campaignId === c.id);
      if (c.budgetMode === 'CBO') {
        expect(c.dailyBudget).toBeGreaterThan(0);
        for (const x of sets) expect(x.dailyBudget).toBeNull();
      } else for (const x of sets) expect(x.dailyBudget).toBeGreaterThan(0);
    }
    const ids = [...s.campaigns, ...s.adSets, ...s.ads].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{17}$/);
  });

  it('daily rows respect the invariants of Meta data', () => {
    const s = small(4);
    const m = s.metrics;
    const broken: number[] = [];
    for (let r = 0; r < m.count; r++) {
      const ok =
        m.clicks[r]! <= m.impressions[r]! &&
        m.reach[r]! <= m.impressions[r]! &&
        m.reach[r]! > 0 &&
        m.spend[r]! >= 0 &&
        m.day[r]! >= s.ads[m.ad[r]!]!.launchDay; // nothing before launch
      if (!ok) broken.push(r);
    }
    expect(m.count).toBeGreaterThan(10_000);
    expect(broken).toEqual([]);
  });

  it('DNA drives latent CTR: the favoured features have higher CTR across ads', () => {
    const s = simulate({ seed: 5, ads: 2000, days: 14, endDay: '2026-11-24' });
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const faces = s.truth.filter((_, i) => s.ads[i]!.dna.facesInFirst3s).map((t) => t.latentCtr);
    const noFaces = s.truth.filter((_, i) => !s.ads[i]!.dna.facesInFirst3s).map((t) => t.latentCtr);
    expect(mean(faces)).toBeGreaterThan(mean(noFaces) * 1.1);
    // Latent CTR follows the DNA score (rank correlation over ads).
    const score = s.ads.map((a) => dnaLogOdds(a.dna));
    const ctr = s.truth.map((t) => t.latentCtr);
    const rank = (xs: number[]) => {
      const order = xs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
      const r = new Array<number>(xs.length);
      order.forEach(([, i], k) => (r[i] = k));
      return r;
    };
    const ra = rank(score);
    const rb = rank(ctr);
    const n = ra.length;
    const d2 = ra.reduce((acc, v, i) => acc + (v - rb[i]!) ** 2, 0);
    expect(1 - (6 * d2) / (n * (n * n - 1))).toBeGreaterThan(0.5);
  });

  it('fatigued ads (per the truth) click less after onset than before', () => {
    const s = simulate({ seed: 6, ads: 1500, days: 90, endDay: '2026-11-24' });
    const dayIndex = new Map(s.days.map((d, i) => [d, i]));
    let before = 0;
    let after = 0;
    let n = 0;
    s.truth.forEach((t, i) => {
      if (!t.fatigueOnsetDay) return;
      const onset = dayIndex.get(t.fatigueOnsetDay)!;
      const acc = { bi: 0, bc: 0, ai: 0, ac: 0 };
      for (let r = 0; r < s.metrics.count; r++) {
        if (s.metrics.ad[r] !== i) continue;
        const d = s.metrics.day[r]!;
        if (d < onset) {
          acc.bi += s.metrics.impressions[r]!;
          acc.bc += s.metrics.clicks[r]!;
        } else if (d >= onset + 10) {
          acc.ai += s.metrics.impressions[r]!;
          acc.ac += s.metrics.clicks[r]!;
        }
      }
      if (acc.bi > 0 && acc.ai > 0) {
        before += acc.bc / acc.bi;
        after += acc.ac / acc.ai;
        n++;
      }
    });
    expect(n).toBeGreaterThan(20);
    expect(after / n).toBeLessThan((before / n) * 0.8);
  });

  it('deals carry source data on most but not all contacts, with hsa_ad naming a real ad', () => {
    const s = small(7);
    expect(s.deals.length).toBeGreaterThan(100);
    const withAd = s.deals.filter((d) => d.contact.firstUrl?.includes('hsa_ad='));
    const share = withAd.length / s.deals.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.95);
    const adIds = new Set(s.ads.map((a) => a.id));
    for (const d of withAd) expect(adIds.has(/hsa_ad=(\d+)/.exec(d.contact.firstUrl!)![1]!)).toBe(true);
    const stages = new Set(s.deals.map((d) => d.stageId));
    for (const st of ['appointmentscheduled', 'closedwon', 'closedlost']) expect(stages).toContain(st);
  });

  it('scales to 10,000 ads × 90 days', () => {
    const s = simulate({ seed: 1, ads: 10_000, days: 90, endDay: '2026-11-24' });
    expect(s.ads).toHaveLength(10_000);
    expect(s.days).toHaveLength(90);
    expect(s.metrics.count).toBeGreaterThan(800_000);
    expect(s.truth.filter((t) => t.isWinner).length).toBeGreaterThan(100);
    expect(s.truth.filter((t) => t.fatigueOnsetDay).length).toBeGreaterThan(300);
  });
});
