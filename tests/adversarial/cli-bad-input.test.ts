// The CLI's promise: bad input exits 2 with one line on stderr and changes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDir } from '../helpers/workspace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const adloop = (...args: string[]) => spawnSync(process.execPath, ['bin/adloop.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('adloop with bad input', () => {
  it('import of a file that does not exist exits 2 with one line and creates no workspace', () => {
    const db = path.join(emptyDir('cli-missing'), 'ws');
    const r = adloop('import', '--db', db, '--kind', 'meta-ads', '/no/such/export.csv');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('there is no file /no/such/export.csv')]);
    expect(fs.existsSync(db)).toBe(false);
  });

  it('call with a day that does not exist exits 2 naming the field', () => {
    const db = path.join(emptyDir('cli-day'), 'ws');
    const r = adloop('call', 'workspace.summary', '{"from":"2026-02-30"}', '--db', db);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/from: no such calendar day/);
  });
});
