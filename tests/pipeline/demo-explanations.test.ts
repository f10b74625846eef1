// A fresh demo workspace, before anyone re-runs attribution: every deal already carries its
// method, confidence and a one-line why (the loader's hsa_ad-only first pass had none), and
// re-running attribution changes nothing because the demo ran the real one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealRow } from '../../contract';
import { startEngine, type EngineHandle } from '../../workers';
import { freshWorkspace } from '../helpers/workspace';

let engine: EngineHandle;
beforeAll(async () => {
  engine = await startEngine({ dataDir: await freshWorkspace('demo-explanations') });
  await engine.client.call('demo.generate', { seed: 2, ads: 60, days: 21, endDay: '2026-11-24' });
});
afterAll(async () => engine?.close());

describe('demo attribution', () => {
  it('every credit has its method, confidence and explanation as the demo leaves it', async () => {
    const deals: DealRow[] = [];
    let total = Infinity;
    while (deals.length < total) {
      const page: { total: number; deals: DealRow[] } = await engine.client.call('pipeline.deals', { limit: 1000, offset: deals.length });
      total = page.total;
      deals.push(...page.deals);
    }
    expect(total).toBeGreaterThan(100);
    const methods = new Set<string>();
    for (const d of deals) {
      expect(d.method, d.id).not.toBeNull();
      methods.add(d.method!);
      // Not the read side's fallbacks for a row stored without a why.
      expect(d.explanation, d.id).not.toMatch(/^Credited by |^Unattributed\.$|has not run/);
      if (d.adId) {
        expect(d.confidence!, d.id).toBeGreaterThan(0);
        expect(d.explanation, d.id).toMatch(/ad|clicks/);
      } else {
        expect(d.confidence, d.id).toBe(0);
        expect(d.explanation, d.id).toMatch(/^Unattributed: |came from Meta/);
      }
    }
    expect(methods.has('hsa_ad')).toBe(true);
    expect(deals.find((d) => d.method === 'hsa_ad')!.confidence).toBe(0.97);
    const again = await engine.client.call('pipeline.attribute', {});
    expect(again.changed).toBe(0);
  });
});
