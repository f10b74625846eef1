#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs dependencies when node_modules is missing or
// older than package.json / package-lock.json, so both work as the first command on a fresh
// clone. Otherwise it returns at once. Node builtins only — nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const mtime = (p) => fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? null;

/** Why `root` needs an install, or null when its node_modules is current. */
export function installReason(root) {
  if (!fs.existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
  // npm writes this record at the end of every successful install.
  const installed = mtime(path.join(root, 'node_modules', '.package-lock.json'));
  if (installed === null) return 'node_modules has no record of a finished install';
  const lock = mtime(path.join(root, 'package-lock.json'));
  if (lock !== null && lock > installed) return 'package-lock.json changed since the last install';
  if ((mtime(path.join(root, 'package.json')) ?? 0) > installed) return 'package.json changed since the last install';
  return null;
}

function runNpm(root, args) {
  // Under `npm start` / `npm test`, npm says which npm runs us; use the same one.
  const npmCli = process.env.npm_execpath;
  const [cmd, argv] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', args];
  return spawnSync(cmd, argv, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: cmd === 'npm' && process.platform === 'win32',
    env: { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

/**
 * `npm ci` installs the lockfile exactly but refuses a package.json edited since (a dependency
 * added by hand); `npm install` reconciles the two.
 */
export function installCommand(root, reason) {
  const hasLock = fs.existsSync(path.join(root, 'package-lock.json'));
  return hasLock && !reason.startsWith('package.json') ? ['ci'] : ['install'];
}

/** Installs when needed; returns the exit code. */
export function ensureDeps(root) {
  const reason = installReason(root);
  if (!reason) return 0;
  const args = installCommand(root, reason);
  console.log(`Installing dependencies (${reason}): npm ${args.join(' ')}`);
  const res = runNpm(root, args);
  if (res.error) {
    console.error(`Could not run npm: ${res.error.message}`);
    return 1;
  }
  if (res.status !== 0) return res.status ?? 1;
  // `npm install` may rewrite package-lock.json just after its record in node_modules; mark the
  // install newer than both so the next run is a no-op rather than another install.
  const record = path.join(root, 'node_modules', '.package-lock.json');
  const now = new Date();
  if (fs.existsSync(record)) fs.utimesSync(record, now, now);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  process.exitCode = ensureDeps(path.resolve(import.meta.dirname, '..'));
}
