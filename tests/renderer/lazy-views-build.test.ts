// Builds the renderer the way `npm run build:renderer` does (in memory, nothing written) and checks
// the code split: the first paint loads only the shell, each view is its own lazily loaded chunk,
// and recharts is reached only through the views. A static import of any view module (or of
// recharts) from the shell would pull it back into the entry and fail here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { views } from '../../renderer/src/routing/views';

const root = path.resolve(import.meta.dirname, '../..');
const viewsDir = path.join(root, 'renderer/src/views');

// The module that exports each view component (views/<id>/<Label>.tsx).
const viewModules = views.map((v) => ({ id: v.id, file: path.join(viewsDir, v.id, `${v.label}.tsx`) }));

let chunks: Rollup.OutputChunk[];
let byFile: Map<string, Rollup.OutputChunk>;
let entry: Rollup.OutputChunk;

/** The chunks the browser must load before the entry runs: the entry and its static imports. */
function staticClosure(start: Rollup.OutputChunk): Rollup.OutputChunk[] {
  const seen = new Map<string, Rollup.OutputChunk>();
  const visit = (c: Rollup.OutputChunk) => {
    if (seen.has(c.fileName)) return;
    seen.set(c.fileName, c);
    for (const f of c.imports) visit(byFile.get(f)!);
  };
  visit(start);
  return [...seen.values()];
}

const isRecharts = (id: string) => /[\\/]node_modules[\\/](recharts|victory-vendor)[\\/]/.test(id);

beforeAll(async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-renderer-build-'));
  try {
    const result = await build({
      configFile: path.join(root, 'renderer/vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, write: false, sourcemap: false },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    chunks = outputs.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const entries = chunks.filter((c) => c.isEntry);
  expect(entries).toHaveLength(1);
  entry = entries[0]!;
});

describe('renderer code split', () => {
  it('every view module exists where this test looks for it', () => {
    for (const v of viewModules) expect(fs.existsSync(v.file), v.file).toBe(true);
  });

  it('keeps every view and recharts out of what the first paint loads', () => {
    const first = staticClosure(entry).flatMap((c) => c.moduleIds);
    const viewCode = first.filter((id) => id.startsWith(viewsDir + path.sep));
    expect(viewCode).toEqual([]);
    expect(first.filter(isRecharts)).toEqual([]);
    // Not vacuous: the shell is there, and recharts is in the build at all.
    expect(first).toContain(path.join(root, 'renderer/src/App.tsx'));
    expect(chunks.some((c) => c.moduleIds.some(isRecharts))).toBe(true);
  });

  it('gives each view its own chunk, loaded with a dynamic import from the shell', () => {
    const own = viewModules.map((v) => {
      const facade = chunks.filter((c) => c.facadeModuleId === v.file);
      expect(facade, v.id).toHaveLength(1);
      const chunk = facade[0]!;
      expect(chunk.isDynamicEntry, v.id).toBe(true);
      expect(entry.dynamicImports, v.id).toContain(chunk.fileName);
      // No other view's component module shares the chunk.
      const others = viewModules.filter((o) => o.id !== v.id && chunk.moduleIds.includes(o.file));
      expect(others.map((o) => o.id), v.id).toEqual([]);
      return chunk.fileName;
    });
    expect(new Set(own).size).toBe(viewModules.length);
  });

  it('loads recharts with the views that draw charts (Learning imports it statically)', () => {
    const learning = chunks.find((c) => c.facadeModuleId === viewModules.find((v) => v.id === 'learning')!.file)!;
    expect(staticClosure(learning).some((c) => c.moduleIds.some(isRecharts))).toBe(true);
  });
});
