// scripts/test.mjs in a scratch checkout whose eslint, tsc, vitest and e2e are fakes: the order,
// the stop at the first failure with its exit code, and the summary lines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

/** A fake tool: logs its name and arguments, writes its JSON report, exits with `code`. */
function fake(name: string, code: number, report?: { file?: string; json: unknown }) {
  return `import fs from 'node:fs';
import path from 'node:path';
fs.appendFileSync('calls.log', ${JSON.stringify(name)} + ' ' + process.argv.slice(2).join(' ') + '\\n');
const report = ${JSON.stringify(report ?? null)};
if (report) {
  const arg = process.argv.find((a) => a.startsWith('--outputFile.json='));
  const file = report.file ?? arg.slice('--outputFile.json='.length);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report.json));
}
process.exit(${code});
`;
}

function checkout(codes: { lint?: number; tsc?: number; vitest?: number; e2e?: number } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-testmjs-'));
  roots.push(root);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('scripts/test.mjs', fs.readFileSync(path.join(repo, 'scripts/test.mjs'), 'utf8'));
  write('node_modules/eslint/package.json', JSON.stringify({ bin: { eslint: './bin/eslint.js' } }));
  write('node_modules/eslint/bin/eslint.js', fake('eslint', codes.lint ?? 0));
  write('node_modules/typescript/package.json', JSON.stringify({ bin: { tsc: './bin/tsc', tsserver: './bin/tsserver' } }));
  write('node_modules/typescript/bin/tsc', fake('tsc', codes.tsc ?? 0));
  write('node_modules/vitest/package.json', JSON.stringify({ bin: { vitest: './vitest.mjs' } }));
  write(
    'node_modules/vitest/vitest.mjs',
    fake('vitest', codes.vitest ?? 0, { json: { numPassedTests: 7, numFailedTests: codes.vitest ? 2 : 0 } }),
  );
  write(
    'scripts/e2e.mjs',
    fake('e2e', codes.e2e ?? 0, { file: 'test-results/e2e.json', json: { stats: { expected: 3, flaky: 1, unexpected: codes.e2e ? 1 : 0, skipped: 0 } } }),
  );
  const res = spawnSync(process.execPath, [path.join(root, 'scripts/test.mjs')], { cwd: root, encoding: 'utf8' });
  const calls = fs.existsSync(path.join(root, 'calls.log')) ? fs.readFileSync(path.join(root, 'calls.log'), 'utf8').trim().split('\n') : [];
  const lines = res.stdout.trim().split('\n');
  return { code: res.status, calls, lines, stdout: res.stdout };
}

describe('npm test (scripts/test.mjs)', () => {
  it('runs lint, typecheck, unit and e2e in order and counts the tests of both runners', () => {
    const r = checkout();
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.split(' ')[0])).toEqual(['eslint', 'tsc', 'vitest', 'e2e']);
    expect(r.calls[0]).toBe('eslint --max-warnings=0 .');
    expect(r.calls[1]).toBe('tsc -p tsconfig.json --noEmit');
    expect(r.calls[2]).toMatch(/^vitest run --reporter=default --reporter=json --outputFile\.json=\S+vitest\.json$/);
    expect(r.lines.at(-2)).toMatch(/^npm test passed in [\d.]+ s: lint ok [\d.]+ s · typecheck ok [\d.]+ s · unit ok [\d.]+ s · e2e ok [\d.]+ s$/);
    expect(r.lines.at(-1)).toBe('11 passed, 0 failed');
  });

  it('stops at the first failing stage with its exit code', () => {
    const r = checkout({ tsc: 2 });
    expect(r.code).toBe(2);
    expect(r.calls.map((c) => c.split(' ')[0])).toEqual(['eslint', 'tsc']);
    expect(r.lines.at(-1)).toMatch(/^npm test FAILED in [\d.]+ s: lint ok [\d.]+ s · typecheck FAILED \(exit 2\) [\d.]+ s · unit not run · e2e not run$/);
  });

  it('still reports the unit counts when the browser tests fail', () => {
    const r = checkout({ e2e: 1 });
    expect(r.code).toBe(1);
    expect(r.lines.at(-1)).toBe('11 passed, 1 failed');
  });
});
