#!/usr/bin/env node
// Runs every bench/*.bench.ts in turn. Each prints one JSON object per metric per line on
// stdout (human chatter goes to stderr); this passes stdout through and fails if any bench fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const files = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  process.stderr.write(`# ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join('bench', f)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`# ${f} failed (exit ${r.status ?? r.signal})\n`);
  }
}
process.exit(failed ? 1 : 0);
