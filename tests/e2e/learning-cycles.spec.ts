// Three daily learning cycles on a workspace backed by the emulators while the simulator
// advances: each morning the emulators serve one more simulated day (tests/emulators/advancing.ts,
// POST /__control/advance), the cycle is run from the Learning view, pulls that day over HTTP,
// and the view lists the runs; the budget proposals wait in Approvals.
import { expect, test } from '@playwright/test';
import { startAdvancingEmulators, type AdvancingEmulators } from '../emulators/advancing';
import { removeWorkspace, startServe, tempWorkspace, type ServeHandle } from './fixtures/adloop-cli';

let emu: AdvancingEmulators;
let server: ServeHandle;
let dir: string;

test.beforeAll(async () => {
  // The sync tokens go to the OS keychain in the app; the served engine keeps them in memory here.
  process.env.ADLOOP_SECRET_STORE = 'memory';
  // 30 simulated days ending yesterday; the workspace starts three days behind.
  emu = await startAdvancingEmulators({ seed: 7, ads: 120, days: 30, startThrough: 26 });
  dir = tempWorkspace('learning-cycles');
  server = await startServe(dir);
  await server.call('settings.update', { metaBaseUrl: emu.meta.url, hubspotBaseUrl: emu.hubspot.url, syncInitialDays: 30 });
  await server.call('sync.connect', { source: 'meta', token: 'meta-test-token' });
  await server.call('sync.connect', { source: 'hubspot', token: 'hubspot-test-token' });
});

test.afterAll(async () => {
  await server?.stop();
  await emu?.close();
  if (dir) removeWorkspace(dir);
});

test('three daily cycles as the simulated days pass: the Learning view shows the runs, Approvals the proposals', async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto(`${server.url}#/learning`);
  await expect(page.getByTestId('learning-empty')).toBeVisible();

  for (let day = 0; day < 3; day++) {
    if (day > 0) {
      const res = await fetch(`${emu.meta.url}/__control/advance`, { method: 'POST' });
      expect(res.ok).toBe(true);
      expect(((await res.json()) as { day: string }).day).toBe(emu.sim.days[26 + day]);
    }
    await page.getByRole('button', { name: 'Run the cycle now' }).click();
    await expect.poll(async () => (await server.call('learning.runs', {})).filter((r) => r.state === 'done').length, { timeout: 120_000 }).toBe(day + 1);
    await expect(page.getByTestId('learning-run-state')).toHaveText('Done', { timeout: 20_000 });

    const [run] = await server.call('learning.runs', { limit: 1 });
    const step = (id: string) => run!.steps.find((s) => s.id === id)!;
    // Pulled over HTTP from the emulators, not skipped; the workspace's data ends on the emulators' day.
    expect(step('pull-meta').state).toBe('done');
    expect(step('pull-meta').counts.insightRows).toBeGreaterThan(0);
    expect(step('pull-hubspot').state).toBe('done');
    expect(step('score-and-propose').state).toBe('done');
    const summary = await server.call('workspace.summary', {});
    expect(summary.totals.lastDay).toBe(emu.sim.days[26 + day]);
    await expect(page.getByTestId(`learning-run-${run!.id}`)).toContainText('Done');
  }

  await expect(page.getByTestId('learning-history').locator('tbody tr')).toHaveCount(3);
  // The step-7 scores have their panel (gate error and allocation calibration, by version).
  await expect(page.getByTestId('learning-calibration')).toBeVisible();
  await expect(page.getByTestId('gate-versions')).toBeVisible();

  const proposed = (await server.call('approvals.list', { states: ['proposed'] })).filter((c) => c.origin === 'sampler');
  expect(proposed.length).toBeGreaterThan(0);
  await page.getByTestId('nav-approvals').click();
  await expect(page.getByTestId('approvals-count')).toContainText(/\d+ change/);
});
