// Lint for the whole repository: ESLint's and typescript-eslint's recommended rules, plus the
// project's own layer rule (eslint/), which turns DESIGN.md's import table into lint errors.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import adloop from './eslint/index.js';

export default defineConfig(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.tmp/', '.adloop-dev/'] },
  js.configs.recommended,
  // Syntax-only rules: the type-aware set took 26 s instead of 5 s on 2 cores, and `tsc --noEmit`
  // already runs in `npm test`.
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { adloop },
    rules: {
      'adloop/layer-imports': ['error', { root: import.meta.dirname }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    ignores: ['renderer/**', 'preload/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The renderer and the sandboxed preload run in Chromium, not Node.
    files: ['renderer/**', 'preload/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.config.{js,mjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['tests/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    // Playwright reads a fixture's dependencies from its first parameter's destructuring, so a
    // fixture that needs none must be written `async ({}, use) => …`.
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
