// Views load as separate chunks (renderer/src/routing/view-chunks.ts). A chunk fetch can fail long
// after the page loaded — Adloop restarted or updated while the tab stayed open — and the person must
// then see the session-ended page or a Reload prompt, never a blank window.
import { test, expect, type Page } from '@playwright/test';
import { removeWorkspace, startServe, tempWorkspace, type ServeHandle } from './fixtures/adloop-cli';

// An empty workspace opens fastest, and every view renders on it.
let dir: string;
let server: ServeHandle;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = tempWorkspace('empty');
  server = await startServe(dir);
});

test.afterAll(async () => {
  await server?.stop();
  if (dir) removeWorkspace(dir);
});

/** The Budget view's own chunk (Vite names a lazy chunk after its module: assets/Budget-<hash>.js). */
const BUDGET_CHUNK = /\/assets\/Budget-[\w-]+\.js$/;

async function openOverview(page: Page) {
  await page.goto(server.url);
  await expect(page.getByTestId('view-overview')).toBeVisible();
}

test('the first paint fetches the shell and the view on screen, not the other views', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await openOverview(page);
  expect(scripts.some((s) => /\/assets\/Overview-[\w-]+\.js$/.test(s))).toBe(true);
  expect(scripts.filter((s) => /\/assets\/(Budget|Winners|Fatigue|Approvals|Learning|Pipeline|Settings)-/.test(s))).toEqual([]);

  await page.getByTestId('nav-budget').click();
  await expect(page.getByTestId('view-budget')).toBeVisible();
  expect(scripts.some((s) => BUDGET_CHUNK.test(s))).toBe(true);
});

test('a view whose chunk cannot be fetched says so and offers Reload, which brings the view back', async ({ page }) => {
  await openOverview(page);
  await page.route(BUDGET_CHUNK, (route) => route.abort('failed'));

  await page.getByTestId('nav-budget').click();
  const error = page.getByTestId('chunk-load-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('Budget could not be loaded');
  await expect(page.getByTestId('view-budget')).toHaveCount(0);
  // The engine still accepts this tab: this is not an ended session.
  await expect(page.getByTestId('session-required')).toHaveCount(0);

  // The rest of the app keeps working; the failure stays with its view.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('view-settings')).toBeVisible();
  await page.getByTestId('nav-budget').click();
  await expect(error).toBeVisible();

  await page.unroute(BUDGET_CHUNK);
  await error.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByTestId('view-budget')).toBeVisible();
  await expect(page.getByTestId('chunk-load-error')).toHaveCount(0);
});

test('a chunk name the host no longer has (an update changed the hash) gets the same Reload prompt', async ({ page }) => {
  await openOverview(page);
  // What the host answers for a file it does not have: index.html, which is no JavaScript module.
  const indexHtml = await (await page.request.get(`${server.origin}/`)).text();
  await page.route(BUDGET_CHUNK, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: indexHtml }));

  await page.getByTestId('nav-budget').click();
  await expect(page.getByTestId('chunk-load-error')).toContainText('Budget could not be loaded');
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
});

test('after Adloop restarts, opening a view whose chunk was never fetched shows the session-ended page', async ({ page }) => {
  test.setTimeout(150_000);
  // The event socket would notice the restart by itself (its reconnect is refused) and show the
  // session-ended page before the click; here the click's chunk fetch must be what notices. So the
  // socket is answered in the page and never reaches either run.
  await page.routeWebSocket(/\/events/, () => {});
  await openOverview(page);

  const { port, token: oldToken } = server;
  expect(await server.stop()).toBe(0);
  server = await startServe(dir, { port });
  expect(server.token).not.toBe(oldToken);

  // The first thing the click needs is the Winners chunk, which the new run refuses (old cookie).
  const chunk = page.waitForResponse((r) => /\/assets\/Winners-[\w-]+\.js$/.test(r.url()));
  await page.getByTestId('nav-winners').click();
  expect((await chunk).status()).toBe(401);

  const message = page.getByTestId('session-required');
  await expect(message).toBeVisible();
  await expect(message).toContainText('This session has ended');
  await expect(page.getByTestId('chunk-load-error')).toHaveCount(0);
});
