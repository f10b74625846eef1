// A new workspace explains how to get data instead of drawing empty charts, and can fill itself.
import { test, expect } from '@playwright/test';
import { removeWorkspace, startServe, tempWorkspace, type ServeHandle } from './fixtures/adloop-cli';

let server: ServeHandle;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = tempWorkspace('empty');
  server = await startServe(dir);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) removeWorkspace(dir);
});

test('an empty workspace says how to get data, then fills itself with the demo on request', async ({ page }) => {
  test.setTimeout(180_000);
  expect((await server.call('workspace.summary', {})).isEmpty).toBe(true);

  await page.goto(server.url);
  const empty = page.getByTestId('empty-workspace');
  await expect(empty).toBeVisible();
  await expect(empty).toContainText(`npx adloop demo --db ${dir}`);
  await expect(empty).toContainText('Connect Meta Ads and HubSpot');
  await expect(page.getByTestId('daily-chart')).toHaveCount(0);
  await expect(page.locator('[data-testid^="headline-"]')).toHaveCount(0);
  await expect(page.getByLabel('Account', { exact: true })).toHaveCount(0);

  await page.getByRole('button', { name: 'Fill with demo data' }).click();
  // Either the numbers arrive or the engine's typed error is shown; fail fast on the latter.
  await expect(page.getByTestId('headline-spend').or(page.getByTestId('error-panel'))).toBeVisible({ timeout: 150_000 });
  const failure = page.getByTestId('error-panel');
  if (await failure.count()) throw new Error(`The page reported: ${await failure.innerText()}`);
  await expect(page.getByTestId('headline-spend')).toBeVisible();
  const summary = await server.call('workspace.summary', {});
  expect(summary.isEmpty).toBe(false);
  await expect(page.getByTestId('headline-clicks')).toHaveAttribute('data-value', String(summary.totals.clicks));
  await expect(page.getByTestId('empty-workspace')).toHaveCount(0);
  await expect(page.getByTestId('daily-chart').locator('path.recharts-curve').first()).toBeVisible();
});
