// DESIGN.md's import table as data, and the pure functions that classify an import and judge it.
// Kept apart from the ESLint wiring so the table reads like the document it enforces.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Top-level folders that are layers. Files anywhere else (bin/, root configs, eslint/) are not checked. */
export const LAYERS = ['contract', 'workers', 'sync', 'main', 'preload', 'renderer', 'cli', 'tests', 'bench', 'scripts'];

// Folders that hold no code but may be imported as assets (electron-vite `?asset`, Vite URLs).
const ASSET_FOLDERS = ['resources'];

const NODE_BUILTINS = new Set(builtinModules);
const SQL_DRIVERS = ['pg', 'postgres', 'better-sqlite3', 'sqlite3'];
// Packages that only run in Node: fine in a Node layer, meaningless (or dangerous) in a browser.
const NODE_ONLY = ['ws', 'tsx', 'chokidar'];

/**
 * Package categories:
 * electron — electron and packages that only run inside it; ui — React and its libraries;
 * node — Node builtins; zod; sql — database drivers (PGlite included); math — the piscina pool;
 * node-only — npm packages that need Node; npm — everything else.
 */
export function packageCategory(specifier) {
  const name = packageName(specifier);
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(name)) return 'node';
  // @sentry/electron/renderer is browser code: it talks to main only through the bridge the
  // preload exposes (window.__SENTRY_IPC__), so the renderer may load it; the rest is Electron's.
  if (specifier === '@sentry/electron/renderer') return 'npm';
  if (name === 'electron' || name === 'electron-updater' || name.startsWith('@electron/') || name === '@sentry/electron') {
    return 'electron';
  }
  const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
  if (bare === 'react' || bare === 'react-dom' || bare.startsWith('react-') || name === 'recharts') return 'ui';
  if (name === 'zod') return 'zod';
  if (name.startsWith('@electric-sql/') || SQL_DRIVERS.includes(name)) return 'sql';
  if (name === 'piscina') return 'math';
  if (NODE_ONLY.includes(name) || name.startsWith('@napi-rs/')) return 'node-only';
  return 'npm';
}

/** `@scope/pkg/deep` → `@scope/pkg`; `pkg/deep` → `pkg`. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// Build configs (renderer/vite.config.ts) run in Node at build time, not in the layer they sit in.
const BUILD_CONFIG = /\.config\.[cm]?[jt]s$/;

/** Which layer a file belongs to, or null when it is not under a layer folder of `root`. */
export function layerOf(file, root) {
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel) || BUILD_CONFIG.test(rel)) return null;
  const top = rel.split(path.sep)[0];
  return LAYERS.includes(top) ? top : null;
}

/**
 * Classify an import specifier seen in `fromFile`.
 * Local targets carry `folder` (top-level folder, or null outside the project) and `module`, the
 * project-relative POSIX path without extension, `/index` or query — `workers/index.ts`,
 * `../workers` and `../workers/index.js` are all `module: 'workers'`.
 */
export function classifyTarget(specifier, fromFile, root) {
  const queryAt = specifier.indexOf('?');
  const bare = queryAt === -1 ? specifier : specifier.slice(0, queryAt);
  const query = queryAt === -1 ? '' : specifier.slice(queryAt + 1);
  if (!bare.startsWith('.') && !path.isAbsolute(bare)) {
    return { kind: 'package', name: packageName(bare), category: packageCategory(bare), query };
  }
  const abs = path.resolve(path.dirname(fromFile), bare);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'local', folder: null, module: abs, query };
  const posix = rel.split(path.sep).join('/');
  const module = posix.replace(/\.(?:[cm]?[jt]sx?)$/, '').replace(/(?:^|\/)index$/, '');
  return { kind: 'local', folder: posix.split('/')[0], module: module || '.', query };
}

const isWorkersPublicEntry = (t) => t.module === 'workers' && t.query === '';
// electron-vite learns the built paths of the engine's thread entries (the engine worker and the
// fatigue detector's piscina task) from these imports in main/: paths, never code.
const THREAD_ENTRIES = new Set(['workers/engine/worker', 'workers/engine/services/fatigue/task']);
const isEngineWorkerModulePath = (t) => THREAD_ENTRIES.has(t.module) && t.query === 'modulePath';

/**
 * The table. `local` lists folders a layer may import anything from; `packages` the package
 * categories it may use; `special` admits single modules of other layers.
 */
export const POLICY = {
  contract: {
    summary: 'zod and contract/ only',
    local: ['contract'],
    packages: ['zod'],
  },
  workers: {
    summary: 'contract/, sync/, Node and npm packages — not electron or react',
    local: ['workers', 'contract', 'sync'],
    packages: ['node', 'zod', 'sql', 'math', 'node-only', 'npm'],
  },
  sync: {
    summary: 'contract/, Node and npm packages — not electron, react or a SQL driver (the engine owns the database)',
    local: ['sync', 'contract'],
    packages: ['node', 'zod', 'node-only', 'npm'],
  },
  main: {
    summary:
      "electron, contract/, workers' public entry (workers/index.ts), Node and npm packages — not react, SQL, math or renderer/",
    local: ['main', 'contract', ...ASSET_FOLDERS],
    special: [isWorkersPublicEntry, isEngineWorkerModulePath],
    packages: ['electron', 'node', 'zod', 'node-only', 'npm'],
  },
  preload: {
    summary: 'electron and contract/ only',
    local: ['preload', 'contract'],
    packages: ['electron'],
  },
  renderer: {
    summary: 'contract/, react and browser packages — not electron, Node, workers/, sync/, main/ or cli/',
    local: ['renderer', 'contract', ...ASSET_FOLDERS],
    packages: ['zod', 'ui', 'npm'],
  },
  cli: {
    summary: "contract/, workers' public entry (workers/index.ts), Node and npm packages — not electron, react or SQL",
    local: ['cli', 'contract'],
    special: [isWorkersPublicEntry],
    packages: ['node', 'zod', 'math', 'node-only', 'npm'],
  },
  tests: null,
  bench: null,
  scripts: null,
};

const CATEGORY_NAMES = {
  electron: 'Electron',
  ui: 'a React/UI package',
  node: 'a Node builtin',
  zod: 'zod',
  sql: 'a SQL driver',
  math: 'the math pool (piscina)',
  'node-only': 'a Node-only package',
  npm: 'an npm package',
};

/** Returns null when the import is allowed, else a sentence saying what is wrong. */
export function checkImport(fromLayer, target) {
  const policy = POLICY[fromLayer];
  if (!policy) return null;
  if (target.kind === 'package') {
    if (policy.packages.includes(target.category)) return null;
    return `${fromLayer}/ must not import ${target.name} (${CATEGORY_NAMES[target.category]}); it may import ${policy.summary}.`;
  }
  if (target.folder && policy.local.includes(target.folder)) return null;
  if (policy.special?.some((allowed) => allowed(target))) return null;
  const what = target.folder === null ? `${target.module} (outside the project)` : `${target.module}${target.query ? `?${target.query}` : ''}`;
  const hint =
    target.folder === 'workers' && policy.special?.includes(isWorkersPublicEntry)
      ? ' Import the public entry `workers/index.ts` instead of a deep path.'
      : '';
  return `${fromLayer}/ must not import ${what}; it may import ${policy.summary}.${hint}`;
}
