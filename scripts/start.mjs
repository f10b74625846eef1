#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed; otherwise the same engine
// and interface served to the browser by `adloop serve`, on a demo workspace filled once.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEMO_ARGS = ['--seed', '1', '--ads', '300', '--days', '60'];

/** The Electron executable, or why there is none. Mirrors node_modules/electron/index.js. */
export function electronBinary(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) return { ok: false, why: 'the electron package has no downloaded binary (node_modules/electron/path.txt is missing)' };
  const rel = fs.readFileSync(pathFile, 'utf8').trim();
  const exe = process.env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel) : path.join(pkg, 'dist', rel);
  if (!fs.existsSync(exe)) return { ok: false, why: `the Electron binary ${exe} named by node_modules/electron/path.txt does not exist` };
  return { ok: true, path: exe };
}

/** Where the demo workspace lives; `custom` when the user chose it (then it is never replaced). */
export function demoWorkspaceDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (env.ADLOOP_DATA_DIR) return { dir: path.resolve(env.ADLOOP_DATA_DIR), custom: true };
  if (platform === 'darwin') return { dir: path.join(home, 'Library', 'Application Support', 'Adloop', 'demo'), custom: false };
  if (platform === 'win32') return { dir: path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Adloop', 'demo'), custom: false };
  return { dir: path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'adloop', 'demo'), custom: false };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (full.includes(`${path.sep}node_modules${path.sep}`)) continue;
    newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The built interface (out/web) is missing or older than the renderer or contract sources. */
export function rendererIsStale(root) {
  const built = fs.statSync(path.join(root, 'out', 'web', 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  const sources = ['renderer', 'contract'].map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  return sources.some((d) => newestMtime(d) > built.mtimeMs);
}

// Written before a demo fill starts and removed when it succeeds: a folder holding it was started
// by us, so an interrupted fill may be replaced without risking anyone's data.
const PENDING = '.adloop-demo-pending';

/**
 * What to do with the demo folder: 'ready' (a finished demo: the CLI's marker), 'fill' (no
 * workspace yet), 'refill' (our own unfinished fill, or our default folder) or 'keep' (a workspace
 * the user pointed us at with ADLOOP_DATA_DIR: never replaced).
 */
export function demoAction({ dir, custom }) {
  if (fs.existsSync(path.join(dir, '.adloop-demo'))) return 'ready';
  if (!fs.existsSync(path.join(dir, 'pgdata'))) return 'fill';
  return custom && !fs.existsSync(path.join(dir, PENDING)) ? 'keep' : 'refill';
}

function npmRun(root, script) {
  const npmCli = process.env.npm_execpath;
  const [cmd, argv] = npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, 'run', script]] : ['npm', ['run', script]];
  return spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', shell: cmd === 'npm' && process.platform === 'win32' }).status ?? 1;
}

/**
 * Run a child until it exits. On POSIX it gets its own process group, so a Ctrl+C reaches it
 * exactly once — from us: a second SIGINT would cut short the engine's clean database close.
 */
function foreground(root, argv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { cwd: root, stdio: 'inherit', detached: process.platform !== 'win32' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

/** `extraArgs` (`npm start -- --port 8080`) go to `adloop serve`. */
async function main(root, extraArgs) {
  const electron = electronBinary(root);
  const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
  if (electron.ok && !noDisplay) {
    // `preview` builds main, preload and renderer, then launches Electron on out/main/index.js.
    return foreground(root, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview']);
  }
  console.log(
    electron.ok
      ? 'Adloop: no display ($DISPLAY and $WAYLAND_DISPLAY are unset), so the desktop window cannot open.'
      : `Adloop: not starting the desktop app: ${electron.why}.\n` +
          '  To get it, run `node node_modules/electron/install.js` on a machine that can reach GitHub.',
  );
  console.log('  Serving the same app to your browser instead.\n');

  if (rendererIsStale(root)) {
    console.log('Building the interface (npm run build:renderer)…');
    const code = npmRun(root, 'build:renderer');
    if (code !== 0) return code;
  }

  const adloop = path.join(root, 'bin', 'adloop.mjs');
  const workspace = demoWorkspaceDir();
  const action = demoAction(workspace);
  if (action === 'fill' || action === 'refill') {
    console.log(`Filling a demo workspace in ${workspace.dir} (once)…`);
    fs.mkdirSync(workspace.dir, { recursive: true });
    fs.writeFileSync(path.join(workspace.dir, PENDING), '');
    const args = [adloop, 'demo', '--db', workspace.dir, ...DEMO_ARGS, ...(action === 'refill' ? ['--replace'] : [])];
    const code = await foreground(root, args);
    if (code !== 0) return code;
    fs.rmSync(path.join(workspace.dir, PENDING), { force: true });
  } else if (action === 'keep') {
    console.log(`Using the workspace in ${workspace.dir} as it is (ADLOOP_DATA_DIR; it is not a demo, so it is left untouched).`);
  }
  return foreground(root, [adloop, 'serve', '--db', workspace.dir, '--web', path.join(root, 'out', 'web'), ...extraArgs]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  process.exitCode = await main(path.resolve(import.meta.dirname, '..'), process.argv.slice(2));
}
