// Builds the desktop app with electron.vite.config.ts into a scratch folder (no Electron binary
// needed) and checks what the packaged app relies on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFatigueBatch } from '../../workers/domain/fatigue';
import { findingLines } from '../../workers/engine/services/fatigue/finding-rows';
import { createFatiguePool } from '../../workers/engine/services/fatigue/pool';

const root = path.resolve(import.meta.dirname, '../..');
let out: string;
const read = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-electron-build-'));
  await build({ root, configFile: path.join(root, 'electron.vite.config.ts'), build: { outDir: out, emptyOutDir: true }, logLevel: 'warn' });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('electron-vite build', () => {
  it('bundles the preload as CommonJS that requires nothing but electron (sandboxed preloads can do no more)', () => {
    const preload = read('preload/index.cjs');
    const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('builds main as an ES module at package.json "main", pointing at a built engine worker', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    const main = read('main/index.js');
    const worker = /["'](\.\/chunks\/worker-[\w-]+\.js)["']/.exec(main)?.[1];
    expect(worker).toBeDefined();
    expect(fs.existsSync(path.join(out, 'main', worker!))).toBe(true);
  });

  it('builds the fatigue detector\'s piscina task as its own file, and a pool runs it', async () => {
    const main = read('main/index.js');
    const rel = /["'](\.\/chunks\/task-[\w-]+\.js)["']/.exec(main)?.[1];
    expect(rel).toBeDefined();
    const file = path.join(out, 'main', rel!);
    const offsets = Int32Array.from({ length: 21 }, (_, a) => a * 30);
    const rows = 20 * 30;
    const day = Int32Array.from({ length: rows }, (_, r) => r % 30);
    const impressions = new Float64Array(rows).fill(5_000);
    const clicks = Float64Array.from(day, (d, r) => (Math.floor(r / 30) % 2 === 1 && d >= 18 ? 40 : 100));
    const job = {
      input: { offsets, day, impressions, clicks, spend: new Float64Array(rows).fill(6_000), reach: new Float64Array(rows).fill(4_000), audience: new Uint8Array(20), account: new Int32Array(20) },
      accountCpm: new Float64Array(30).fill(1_200),
      dayCount: 30,
      asOf: 29,
    };
    const pool = createFatiguePool({ threads: 2, file });
    try {
      expect(pool.file).toBe(file);
      const got = await pool.run(job);
      const expected = detectFatigueBatch(job.input, job.accountCpm, { dayCount: 30, asOf: 29 });
      expect(got).toEqual(expected);
      // The scan's path: the built task also encodes the finding lines the scan COPYs, chunk by
      // chunk; together they must be exactly the lines the source builds on one thread.
      const spec = { scanId: 7, origin: 20_000, adIds: Array.from({ length: 20 }, (_, a) => `ad-${a}`), audiences: Array.from({ length: 20 }, () => 'cold' as const), previouslyFlagged: new Uint8Array(20) };
      const parts: string[] = [];
      const withLines = await pool.runWithLines(job, spec, (lines) => parts.push(lines));
      expect(withLines).toEqual(expected);
      const sortLines = (text: string) => text.split('\n').filter(Boolean).sort();
      expect(sortLines(parts.join(''))).toEqual(sortLines(findingLines(expected, spec)));
      expect(sortLines(parts.join(''))).toHaveLength(20);
    } finally {
      await pool.close();
    }
  });

  it('leaves PGlite outside the bundle, so it finds its .wasm/.data files in its own package', () => {
    const workerFile = fs.readdirSync(path.join(out, 'main/chunks')).find((f) => f.startsWith('worker-'))!;
    const worker = read(`main/chunks/${workerFile}`);
    // An import of the package (rather than its inlined code) is what "external" leaves behind.
    expect(worker).toMatch(/from ["']@electric-sql\/pglite["']/);
    expect(worker).toMatch(/from ["']@electric-sql\/pglite-pgvector["']/);
  });

  it('builds the renderer with relative asset URLs and no inline script (the CSP allows only script-src self)', () => {
    const html = read('renderer/index.html');
    expect(html).toMatch(/src="\.\/assets\/[^"]+\.js"/);
    const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => !/\bsrc=/.test(m[1]!) || m[2]!.trim() !== '');
    expect(inline).toEqual([]);
  });

  it('serves the renderer over app:// and loads electron-updater and Sentry only lazily', () => {
    const main = fs.readdirSync(path.join(out, 'main'), { recursive: true }).filter((f) => String(f).endsWith('.js')).map((f) => read(`main/${String(f)}`)).join('\n');
    expect(main).toContain('registerSchemesAsPrivileged');
    expect(main).toMatch(/protocol\.handle\(["']app["']/);
    expect(main).not.toMatch(/\.loadFile\(/);
    // Both throw when imported outside Electron and Sentry must not load without consent:
    // neither may be a static import of the main bundle.
    expect(main).not.toMatch(/^import[^;]*["'](electron-updater|@sentry\/electron\/main)["']/m);
    expect(main).toMatch(/import\(["']electron-updater["']\)/);
    expect(main).toMatch(/import\(["']@sentry\/electron\/main["']\)/);
  });
});
