// `adloop scan` as a person or a script runs it: a scan of a real workspace, JSON on stdout,
// exit 2 with one line on stderr for bad input.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../workers/engine/db';
import { workspaceLayout } from '../../workers/engine/layout';
import { seedFatigueAccount } from '../engine/fatigue/seed';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const adloop = (...args: string[]) => spawnSync(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('adloop scan', () => {
  it('scans, prints one JSON object with the new findings, proposes; a second run finds nothing new', async () => {
    const dir = await freshWorkspace('cli-scan');
    const db = await openDatabase({ dataDir: workspaceLayout(dir).pgdata });
    await seedFatigueAccount(db);
    await db.close();

    const r = adloop('scan', '--db', dir, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { scan: { adsScanned: number; counts: Record<string, number>; proposed: number }; newFindings: Array<{ adId: string; status: string; changeId: number | null }> };
    expect(out.scan).toMatchObject({ adsScanned: 6, proposed: 2 });
    expect(out.scan.counts.FATIGUING).toBe(2);
    expect(out.newFindings.map((f) => f.adId).sort()).toEqual(['tired', 'worn']);
    expect(out.newFindings.every((f) => f.changeId !== null)).toBe(true);

    const text = adloop('scan', '--db', dir);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/2 fatiguing, 0 saturated, 0 audience exhausted, 3 healthy, 1 warming up/);
    expect(text.stdout).toMatch(/0 change\(s\) proposed/);
  });

  it('bad input exits 2 with one line on stderr', () => {
    for (const args of [['scan'], ['scan', '--db', '/tmp/x', '--budget', '5']]) {
      const r = adloop(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const help = adloop('scan', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('adloop scan --db DIR');
  });
});
