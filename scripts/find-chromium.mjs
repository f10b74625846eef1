// Finds a Chromium for the browser tests, installing Debian's package when that is possible.
// It never downloads Playwright's own browser and never lets the tests be skipped: with no
// Chromium and no way to install one, it says what to install and exits 1.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTALL_HINT = `No Chromium found for the browser tests. Install one of:
  Debian/Ubuntu:  sudo apt-get install -y --no-install-recommends chromium
  Fedora:         sudo dnf install -y chromium
  macOS:          brew install --cask chromium
or point ADLOOP_CHROMIUM at a Chromium or Chrome executable.`;

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Playwright's own cache, if some earlier install left a build there (newest first). */
function playwrightCacheBuilds(home = os.homedir()) {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(home, '.cache', 'ms-playwright');
  let entries;
  try {
    entries = fs.readdirSync(cache).filter((d) => /^chromium-\d+$/.test(d));
  } catch {
    return [];
  }
  entries.sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
  return entries.flatMap((d) => [path.join(cache, d, 'chrome-linux', 'chrome'), path.join(cache, d, 'chrome-linux64', 'chrome')]);
}

/** Candidate paths in order of preference; the env override wins and is not second-guessed. */
export function chromiumCandidates(env = process.env) {
  const fromEnv = [env.ADLOOP_CHROMIUM, env.CHROMIUM_PATH].filter(Boolean);
  return [...fromEnv, '/usr/bin/chromium', '/usr/bin/chromium-browser', ...playwrightCacheBuilds()];
}

export function findInstalledChromium(env = process.env) {
  for (const [i, file] of chromiumCandidates(env).entries()) {
    if (isExecutable(file)) return file;
    if (i === 0 && (env.ADLOOP_CHROMIUM || env.CHROMIUM_PATH)) {
      throw new Error(`ADLOOP_CHROMIUM/CHROMIUM_PATH points at ${file}, which is not an executable file.`);
    }
  }
  return null;
}

function canAptInstall() {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  return process.platform === 'linux' && isRoot && hasApt;
}

/** A usable Chromium path; installs Debian's `chromium` as root when none is found. Throws otherwise. */
export function findChromium({ log = (m) => process.stderr.write(m + '\n') } = {}) {
  const found = findInstalledChromium();
  if (found) return found;
  if (!canAptInstall()) throw new Error(INSTALL_HINT);
  log('No Chromium found; installing Debian\'s chromium package (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (!isExecutable('/usr/bin/chromium')) throw new Error(`apt-get installed chromium but /usr/bin/chromium is missing.\n${INSTALL_HINT}`);
  return '/usr/bin/chromium';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(findChromium() + '\n');
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
