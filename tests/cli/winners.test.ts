import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const adloop = (...args: string[]) => spawnSync(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

let ws: string;
const file = (name: string, body: unknown) => {
  const p = path.join(ws, name);
  fs.writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
};

beforeAll(async () => {
  ws = await freshWorkspace('cli-winners');
  const r = adloop('demo', '--db', ws, '--seed', '4', '--ads', '150', '--days', '30', '--json');
  expect(r.status, r.stderr).toBe(0);
}, 180_000);

// Each test spawns up to three `adloop` processes, each opening the engine: minutes on a busy machine.
describe('adloop winners search and adloop gate', { timeout: 240_000 }, () => {
  it('winners search --ad --json: k winners nearest first, each with results and a DNA comparison', () => {
    const ids = JSON.parse(adloop('call', 'winners.search', JSON.stringify({ dna: {}, k: 1, winnersOnly: false }), '--db', ws).stdout) as { neighbours: Array<{ adId: string }> };
    const ad = ids.neighbours[0]!.adId;
    const r = adloop('winners', 'search', '--db', ws, '--ad', ad, '--k', '4', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { adId: string; neighbours: Array<{ adId: string; isWinner: boolean; similarity: number; ctr: number; comparison: unknown[] }> };
    expect(out.adId).toBe(ad);
    expect(out.neighbours).toHaveLength(4);
    expect(out.neighbours.every((n) => n.isWinner && n.adId !== ad && n.ctr > 0 && n.comparison.length === 16)).toBe(true);
    expect(out.neighbours.map((n) => n.similarity)).toEqual([...out.neighbours.map((n) => n.similarity)].sort((a, b) => b - a));
  });

  it('winners search --dna prints a table; gate --dna prints the verdict, interval and battle plan', () => {
    const dna = file('draft.json', { format: 'video', hookType: 'question', hookSeconds: 1.2, facesInFirst3s: true, textContrast: 0.9 });
    const s = adloop('winners', 'search', '--db', ws, '--dna', dna, '--k', '3');
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/3 most similar winners to the DNA draft/);
    expect(s.stdout).toMatch(/% similar {2}CTR/);
    const g = adloop('gate', '--db', ws, '--dna', dna, '--json');
    expect(g.status, g.stderr).toBe(0);
    const out = JSON.parse(g.stdout) as { gate: { decision: string; interval: { lower: number; upper: number }; predictedCtr: number }; battlePlan: { text: string[] } };
    expect(['REJECT', 'PROCEED', 'UNCERTAIN']).toContain(out.gate.decision);
    expect(out.gate.interval.lower).toBeLessThan(out.gate.interval.upper);
    expect(out.battlePlan.text[0]).toMatch(new RegExp(`^Gate: ${out.gate.decision}`));
    const text = adloop('gate', '--db', ws, '--dna', dna);
    expect(text.stdout).toMatch(/^Gate: (REJECT|PROCEED|UNCERTAIN)\nPredicted CTR .* \(90 % interval .*\); account .*, REJECT line .*\nFor an average audience\./);
    const unknown = adloop('gate', '--db', ws, '--dna', dna, '--ad-set', 'no-such-set');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No ad set with id no-such-set/);
    expect(text.stdout).toMatch(/Battle plan:/);
  });

  it('bad input exits 2 with one line naming the problem', () => {
    const cases: Array<[string[], RegExp]> = [
      [['gate', '--db', ws, '--dna', file('bad.json', { format: 'video', hookSeconds: 'three' })], /hookSeconds: expected a number/],
      [['gate', '--db', ws, '--dna', file('typo.json', { hookSecs: 2 })], /hookSecs: unknown DNA field/],
      [['gate', '--db', ws, '--dna', file('broken.json', '{ nope')], /is not JSON/],
      [['gate', '--db', ws], /--dna is required/],
      [['winners', 'search', '--db', ws, '--ad', 'x', '--dna', file('ok.json', {})], /exactly one of --ad ID or --dna FILE/],
      [['winners', 'search', '--db', ws, '--ad', 'x', '--k', 'ten'], /--k expects an integer/],
      [['winners', 'frob'], /unknown subcommand/],
    ];
    for (const [args, message] of cases) {
      const r = adloop(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
