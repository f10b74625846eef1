#!/usr/bin/env node
// `npm test`: lint, typecheck, unit/integration tests, browser end-to-end tests — in that order,
// stopping at the first failure with its exit code. Ends with one summary line and the test count.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
const vitestJson = path.join(results, 'vitest.json');
// Written by scripts/e2e.mjs (Playwright's json reporter).
const e2eJson = path.join(results, 'e2e.json');

/** The JS file behind a package's command, run with this same node (no shell, any OS). */
function bin(pkg, name = pkg) {
  const dir = path.join(root, 'node_modules', pkg);
  const { bin: b } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.join(dir, typeof b === 'string' ? b : b[name]);
}

const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

function vitestCounts() {
  const r = readJson(vitestJson);
  return r && typeof r.numPassedTests === 'number' ? { passed: r.numPassedTests, failed: r.numFailedTests ?? 0 } : null;
}

function playwrightCounts() {
  const s = readJson(e2eJson)?.stats;
  // Flaky tests passed on a retry; "unexpected" ones failed.
  return s && typeof s.expected === 'number' ? { passed: s.expected + (s.flaky ?? 0), failed: s.unexpected ?? 0 } : null;
}

const stages = [
  { name: 'lint', argv: [bin('eslint'), '--max-warnings=0', '.'] },
  { name: 'typecheck', argv: [bin('typescript', 'tsc'), '-p', 'tsconfig.json', '--noEmit'] },
  {
    name: 'unit',
    argv: [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    stale: vitestJson,
    // Read at once: Playwright empties test-results/ when it starts.
    counts: vitestCounts,
  },
  { name: 'e2e', argv: [path.join(root, 'scripts', 'e2e.mjs')], stale: e2eJson, counts: playwrightCounts },
];

function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: 'inherit' });
    child.on('error', (e) => {
      console.error(e.message);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1)));
  });
}

const signalNumber = (s) => ({ SIGINT: 2, SIGTERM: 15, SIGKILL: 9 })[s];
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rel = (p) => path.relative(root, p).split(path.sep).join('/');

const started = Date.now();
const done = [];
const totals = { passed: 0, failed: 0, known: false };
let exitCode = 0;

for (const stage of stages) {
  console.log(`\n━━ ${stage.name}: ${stage.argv.map((a) => (path.isAbsolute(a) ? rel(a) : a)).join(' ')}`);
  if (stage.stale) fs.rmSync(stage.stale, { force: true });
  const t0 = Date.now();
  const code = await run(stage.argv);
  const ms = Date.now() - t0;
  const counts = stage.counts?.();
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.known = true;
  }
  done.push(`${stage.name} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} ${secs(ms)}`);
  console.log(`━━ ${stage.name} ${code === 0 ? 'passed' : `failed with exit code ${code}`} in ${secs(ms)}`);
  if (code !== 0) {
    exitCode = code;
    break;
  }
}

const skipped = stages.slice(done.length).map((s) => `${s.name} not run`);
console.log(`\nnpm test ${exitCode === 0 ? 'passed' : 'FAILED'} in ${secs(Date.now() - started)}: ${[...done, ...skipped].join(' · ')}`);
if (totals.known) console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = exitCode;
