import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshWorkspace } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const adloop = (...args: string[]) => spawnSync(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
const fx = (name: string) => path.join(ROOT, 'tests/fixtures/csv', name);

describe('adloop import', () => {
  it('imports with --kind, prints the report with rejected lines, and --json is one object', async () => {
    const db = await freshWorkspace('cli-import');
    const text = adloop('import', '--db', db, '--kind', 'meta-ads', fx('meta-bad-rows.csv'));
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/6 row\(s\) read, 2 imported \(2 new, 0 changed, 0 unchanged\), 4 rejected/);
    expect(text.stdout).toContain('line 3: impressions "lots" is not a valid number');
    const json = adloop('import', 'meta-csv', fx('meta-bad-rows.csv'), '--db', db, '--json');
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ kind: 'meta-ads', rowsImported: 2, unchanged: 2, rowsRejected: 4 });
  });

  it('a file that is not an export exits 2 with one line; a missing kind is a usage error', async () => {
    const db = await freshWorkspace('cli-import-bad');
    const r = adloop('import', '--db', db, '--kind', 'hubspot-deals', fx('report.xlsx'));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Excel workbook/);
    expect(adloop('import', '--db', db, fx('meta-en.csv')).status).toBe(2);
  });
});
