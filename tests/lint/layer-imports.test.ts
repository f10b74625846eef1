// The layer rule against DESIGN.md's import table: for every row, imports it allows pass and
// imports it forbids fail lint. Files are virtual; `root` makes their folders layers.
import path from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { layerImports } from '../../eslint/layer-imports.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = '/repo';
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
});

type Case = { code: string; filename: string; options: [{ root: string }] };
const ok = (file: string, ...specifiers: string[]): Case[] =>
  specifiers.map((s) => ({ code: `import x from '${s}';`, filename: `${root}/${file}`, options: [{ root }] }));
const bad = (file: string, ...specifiers: string[]) =>
  ok(file, ...specifiers).map((c) => ({ ...c, errors: [{ messageId: 'forbidden' }] }));

tester.run('adloop/layer-imports', layerImports, {
  valid: [
    // contract/: zod and contract only
    ...ok('contract/rpc.ts', 'zod', './errors', '../contract/index.ts'),
    // workers/: contract, sync, node, npm (SQL and math included)
    ...ok('workers/engine/db.ts', '../../contract', '../../sync/meta/client', 'node:path', 'fs', '@electric-sql/pglite', 'piscina', './lock'),
    // sync/: contract, node, npm
    ...ok('sync/meta/client.ts', '../../contract', 'node:https', 'zod', './rate-limit'),
    // main/: electron, contract, workers' public entry (and the worker's ?modulePath), node
    ...ok(
      'main/index.ts',
      'electron',
      '../contract',
      '../workers',
      '../workers/index.ts',
      '../workers/engine/worker.ts?modulePath',
      '../workers/engine/worker?modulePath',
      'node:path',
      './ipc-router',
      '../resources/icon.png?asset',
    ),
    // preload/: electron and contract
    ...ok('preload/index.ts', 'electron', '../contract', './bridge'),
    // renderer/: contract, react and browser packages
    ...ok('renderer/src/App.tsx', 'react', 'react-dom/client', 'react/jsx-runtime', '@tanstack/react-query', 'zustand', '../../contract', './chart'),
    // cli/: contract, workers' public entry, node, npm
    ...ok('cli/commands/serve.ts', '../../contract', '../../workers', 'node:http', 'ws'),
    // tests/, bench/, scripts/: anything
    ...ok('tests/engine/lock.test.ts', 'electron', 'react', '../../workers/engine/lock', '@electric-sql/pglite'),
    ...ok('bench/engine-open.bench.ts', '../workers/engine/db', 'node:perf_hooks'),
    ...ok('scripts/tool.ts', 'electron', '../renderer/App'),
    // Files outside the layer folders are not checked.
    ...ok('electron.vite.config.ts', 'electron', '../outside'),
    ...ok('bin/adloop.ts', '../workers/engine/host'),
    // A build config inside a layer runs in Node at build time.
    ...ok('renderer/vite.config.ts', 'node:url', 'vite', '@vitejs/plugin-react'),
    // Every import form is seen, and allowed forms stay allowed.
    { code: "export { x } from '../contract';", filename: `${root}/main/a.ts`, options: [{ root }] },
    { code: "const p = import('../workers');", filename: `${root}/cli/a.ts`, options: [{ root }] },
    { code: 'const p = import(name);', filename: `${root}/renderer/a.ts`, options: [{ root }] },
  ],
  invalid: [
    ...bad('contract/rpc.ts', 'node:fs', 'react', '../workers', './../sync/x', 'electron'),
    ...bad('workers/engine/db.ts', 'electron', 'react', 'react-dom', '../../renderer/App', '../../main/index'),
    ...bad('sync/meta/client.ts', '@electric-sql/pglite', 'pg', 'electron', 'react', '../../workers'),
    ...bad(
      'main/index.ts',
      '../workers/engine/host',
      '../workers/engine/worker.ts',
      '../workers/engine/host?modulePath',
      'react',
      '@electric-sql/pglite',
      'piscina',
      '../renderer/App',
    ),
    ...bad('renderer/config.ts', 'node:url'),
    ...bad('preload/index.ts', 'node:fs', 'fs', 'zod', '../workers', '../main/ipc-router', '../renderer/App', 'react'),
    ...bad(
      'renderer/src/App.tsx',
      'electron',
      'node:fs',
      'path',
      '../../workers',
      '../../sync/meta',
      '../../main/index',
      '../../cli/main',
      '../../preload/bridge',
      '@electric-sql/pglite',
      'ws',
    ),
    ...bad('cli/commands/serve.ts', 'electron', 'react', '../../workers/engine/host', '@electric-sql/pglite', '../../main/index'),
    // Every import form is checked, type-only ones included.
    ...[
      "export * from 'electron';",
      "export { x } from 'electron';",
      "import type { BrowserWindow } from 'electron';",
      "const p = import('electron');",
      "const e = require('electron');",
      "import e = require('electron');",
      "type T = typeof import('electron');",
    ].map((code) => ({ code, filename: `${root}/renderer/a.ts`, options: [{ root }], errors: [{ messageId: 'forbidden' }] })),
  ],
});

describe("the repository's eslint.config.js", () => {
  it('fails lint on a layer violation and names what the layer may import', async () => {
    const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });
    const [result] = await eslint.lintText("import { startEngine } from '../workers/engine/host';\nexport const s = startEngine;\n", {
      filePath: 'main/not-a-real-file.ts',
    });
    expect(result?.messages.map((m) => [m.ruleId, m.message])).toEqual([
      [
        'adloop/layer-imports',
        "main/ must not import workers/engine/host; it may import electron, contract/, workers' public entry (workers/index.ts), Node and npm packages — not react, SQL, math or renderer/. Import the public entry `workers/index.ts` instead of a deep path.",
      ],
    ]);
  });

  it('passes the same file when it imports the public entry', async () => {
    const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });
    const [result] = await eslint.lintText("import { startEngine } from '../workers';\nexport const s = startEngine;\n", {
      filePath: 'main/not-a-real-file.ts',
    });
    expect(result?.messages).toEqual([]);
  });
});
