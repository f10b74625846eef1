// Unit and integration tests run in plain Node. Browser end-to-end tests (tests/e2e) are
// Playwright's, run by scripts/e2e.mjs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', '**/node_modules/**'],
    // Everything tests write to the temp folder goes under one root, removed after the run.
    globalSetup: ['tests/global-temp.ts'],
    // Engine tests start worker threads and hold PGlite instances; separate processes keep a
    // crashed or leaked thread from taking the other files down with it.
    pool: 'forks',
    // These machines have 2 cores; more workers only makes PGlite's initdb slower.
    maxWorkers: 2,
    fileParallelism: true,
    // A fresh PGlite data folder costs 3–6 s of initdb before the first query.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
