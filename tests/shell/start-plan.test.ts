// The decisions `npm start` makes before it launches anything (scripts/start.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

type Start = {
  electronBinary(root: string): { ok: true; path: string } | { ok: false; why: string };
  demoWorkspaceDir(env: Record<string, string | undefined>, platform: string, home: string): { dir: string; custom: boolean };
  demoAction(w: { dir: string; custom: boolean }): 'ready' | 'fill' | 'refill' | 'keep';
  rendererIsStale(root: string): boolean;
};
let start: Start;
beforeAll(async () => {
  start = (await import(pathToFileURL(path.resolve(import.meta.dirname, '../../scripts/start.mjs')).href)) as Start;
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function scratch(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-start-'));
  dirs.push(root);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}
const age = (file: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(file, t, t);
};

describe('npm start', () => {
  it('puts the demo workspace in the per-OS data folder, or ADLOOP_DATA_DIR', () => {
    expect(start.demoWorkspaceDir({}, 'linux', '/home/ann')).toEqual({ dir: '/home/ann/.local/share/adloop/demo', custom: false });
    expect(start.demoWorkspaceDir({ XDG_DATA_HOME: '/data' }, 'linux', '/home/ann').dir).toBe('/data/adloop/demo');
    expect(start.demoWorkspaceDir({}, 'darwin', '/Users/ann').dir).toBe('/Users/ann/Library/Application Support/Adloop/demo');
    expect(start.demoWorkspaceDir({ APPDATA: '/appdata' }, 'win32', '/home/ann').dir).toBe(path.join('/appdata', 'Adloop', 'demo'));
    expect(start.demoWorkspaceDir({ ADLOOP_DATA_DIR: '/w/mine', XDG_DATA_HOME: '/data' }, 'linux', '/h')).toEqual({ dir: '/w/mine', custom: true });
  });

  it('fills the demo once, refills only a fill of its own, and never replaces a chosen workspace', () => {
    const empty = scratch();
    expect(start.demoAction({ dir: empty, custom: true })).toBe('fill');
    expect(start.demoAction({ dir: scratch({ 'pgdata/PG_VERSION': '17', '.adloop-demo': '{}' }), custom: true })).toBe('ready');
    expect(start.demoAction({ dir: scratch({ 'pgdata/PG_VERSION': '17' }), custom: true })).toBe('keep');
    expect(start.demoAction({ dir: scratch({ 'pgdata/PG_VERSION': '17', '.adloop-demo-pending': '' }), custom: true })).toBe('refill');
    expect(start.demoAction({ dir: scratch({ 'pgdata/PG_VERSION': '17' }), custom: false })).toBe('refill');
  });

  it('finds the Electron binary the way the electron package does, and says why when it is missing', () => {
    const none = start.electronBinary(scratch({ 'node_modules/electron/package.json': '{}' }));
    expect(none).toMatchObject({ ok: false, why: expect.stringContaining('path.txt is missing') });
    const dangling = start.electronBinary(scratch({ 'node_modules/electron/path.txt': 'electron' }));
    expect(dangling).toMatchObject({ ok: false, why: expect.stringContaining('does not exist') });
    const root = scratch({ 'node_modules/electron/path.txt': 'electron', 'node_modules/electron/dist/electron': '' });
    expect(start.electronBinary(root)).toEqual({ ok: true, path: path.join(root, 'node_modules/electron/dist/electron') });
  });

  it('rebuilds the interface when it is missing or older than the renderer or contract sources', () => {
    const root = scratch({ 'renderer/src/App.tsx': 'x', 'contract/index.ts': 'x' });
    expect(start.rendererIsStale(root)).toBe(true);
    fs.mkdirSync(path.join(root, 'out/web'), { recursive: true });
    fs.writeFileSync(path.join(root, 'out/web/index.html'), '');
    age(path.join(root, 'renderer/src/App.tsx'), 60);
    age(path.join(root, 'contract/index.ts'), 60);
    expect(start.rendererIsStale(root)).toBe(false);
    age(path.join(root, 'contract/index.ts'), 0);
    age(path.join(root, 'out/web/index.html'), 30);
    expect(start.rendererIsStale(root)).toBe(true);
  });
});
