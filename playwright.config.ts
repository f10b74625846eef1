// Browser end-to-end tests against the real headless host (`adloop serve`) in Debian's Chromium.
// Run through scripts/e2e.mjs, which builds the interface and sets ADLOOP_CHROMIUM.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const executablePath = process.env.ADLOOP_CHROMIUM;
if (!executablePath) {
  throw new Error('ADLOOP_CHROMIUM is not set. Run the browser tests with `npm run test:e2e` (scripts/e2e.mjs finds or installs Chromium).');
}

// The browser gets its own HOME so it neither reads nor writes the developer's profile.
const browserHome = path.join(os.tmpdir(), `adloop-e2e-home-${os.userInfo().uid}`);
fs.mkdirSync(browserHome, { recursive: true });

export default defineConfig({
  testDir: 'tests/e2e',
  // One engine per worker owns one data folder; one worker keeps the 2-core machines unhurried.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1360, height: 900 },
    locale: 'en-US',
    timezoneId: 'UTC',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
      env: { ...process.env, HOME: browserHome },
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
