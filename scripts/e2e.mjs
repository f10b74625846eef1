// Browser end-to-end tests: build the interface, find (or install) Chromium, run Playwright
// against the real `adloop serve`. Exits with Playwright's code; never skips for lack of a browser.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

const build = run(npm, ['run', '--silent', 'build:renderer']);
if (build !== 0) {
  process.stderr.write(`e2e: building the interface failed (exit ${build})\n`);
  process.exit(build);
}

let chromium;
try {
  chromium = findChromium();
} catch (e) {
  process.stderr.write(`e2e: ${e.message}\n`);
  process.exit(1);
}
process.stderr.write(`e2e: using Chromium at ${chromium}\n`);

// Workspaces, served sessions and browser profiles go under one temp root, removed afterwards
// (as tests/global-temp.ts does for vitest).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-e2e-run-'));
let code;
try {
  code = run(npx, ['playwright', 'test', ...process.argv.slice(2)], {
    ...process.env,
    TMPDIR: tmp,
    ADLOOP_CHROMIUM: chromium,
    ADLOOP_WEB_DIR: path.join(root, 'out', 'web'),
  });
} finally {
  if (process.env.ADLOOP_KEEP_TEST_TMP) process.stderr.write(`e2e: test files kept in ${tmp} (ADLOOP_KEEP_TEST_TMP)\n`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
