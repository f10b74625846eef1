// scripts/ensure-deps.mjs against a scratch project and a fake npm that records its arguments and
// writes node_modules/.package-lock.json the way a finished install does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

type EnsureDeps = { ensureDeps(root: string): number; installReason(root: string): string | null };
let mod: EnsureDeps;
beforeAll(async () => {
  // A computed specifier: the script is plain JS without type declarations.
  mod = (await import(pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/ensure-deps.mjs')).href)) as EnsureDeps;
});

const savedExecPath = process.env.npm_execpath;
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) fs.rmSync(r, { recursive: true, force: true });
  if (savedExecPath === undefined) delete process.env.npm_execpath;
  else process.env.npm_execpath = savedExecPath;
});

function project(opts: { lock?: boolean; exitCode?: number } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-ensure-'));
  roots.push(root);
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"x"}');
  if (opts.lock !== false) fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
  const fakeNpm = path.join(root, 'fake-npm.mjs');
  fs.writeFileSync(
    fakeNpm,
    `import fs from 'node:fs';
fs.appendFileSync('npm-calls.log', process.argv.slice(2).join(' ') + '\\n');
if (${opts.exitCode ?? 0} !== 0) process.exit(${opts.exitCode ?? 0});
fs.mkdirSync('node_modules', { recursive: true });
fs.writeFileSync('node_modules/.package-lock.json', '{}');
`,
  );
  process.env.npm_execpath = fakeNpm;
  const calls = () => {
    const log = path.join(root, 'npm-calls.log');
    return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  };
  const age = (file: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(path.join(root, file), t, t);
  };
  return { root, calls, age };
}

describe('ensure-deps', () => {
  it('runs npm ci on a fresh clone, then is a no-op', () => {
    const p = project();
    expect(mod.installReason(p.root)).toBe('node_modules is missing');
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(p.calls()).toEqual(['ci']);
  });

  it('runs npm install when there is no lockfile', () => {
    const p = project({ lock: false });
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(p.calls()).toEqual(['install']);
  });

  it('does nothing when node_modules is newer than package.json and the lockfile', () => {
    const p = project();
    fs.mkdirSync(path.join(p.root, 'node_modules'));
    fs.writeFileSync(path.join(p.root, 'node_modules/.package-lock.json'), '{}');
    p.age('package.json', 60);
    p.age('package-lock.json', 60);
    expect(mod.installReason(p.root)).toBeNull();
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(p.calls()).toEqual([]);
  });

  it('runs npm ci when the lockfile changed after the last install (a pull)', () => {
    const p = project();
    fs.mkdirSync(path.join(p.root, 'node_modules'));
    fs.writeFileSync(path.join(p.root, 'node_modules/.package-lock.json'), '{}');
    p.age('node_modules/.package-lock.json', 60);
    p.age('package.json', 120);
    expect(mod.installReason(p.root)).toBe('package-lock.json changed since the last install');
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(p.calls()).toEqual(['ci']);
  });

  it('runs npm install when only package.json changed (npm ci would refuse a hand-added dependency)', () => {
    const p = project();
    fs.mkdirSync(path.join(p.root, 'node_modules'));
    fs.writeFileSync(path.join(p.root, 'node_modules/.package-lock.json'), '{}');
    p.age('node_modules/.package-lock.json', 60);
    p.age('package-lock.json', 120);
    expect(mod.installReason(p.root)).toBe('package.json changed since the last install');
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(mod.ensureDeps(p.root)).toBe(0);
    expect(p.calls()).toEqual(['install']);
  });

  it('reinstalls a node_modules that never finished installing', () => {
    const p = project();
    fs.mkdirSync(path.join(p.root, 'node_modules'));
    expect(mod.installReason(p.root)).toBe('node_modules has no record of a finished install');
  });

  it("fails with npm's exit code", () => {
    const p = project({ exitCode: 3 });
    expect(mod.ensureDeps(p.root)).toBe(3);
  });
});
