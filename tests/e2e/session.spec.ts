// Nothing answers without the per-run token, and the page says what to do instead of failing blank.
import { test as plain } from '@playwright/test';
import { removeWorkspace, startServe, tempWorkspace } from './fixtures/adloop-cli';
import { expect, test } from './fixtures/test';

test('engine calls without the token, or with a wrong one, are refused with 401', async ({ adloop }) => {
  const none = await adloop.rpc('workspace.summary', {}, { token: null });
  expect(none.status).toBe(401);
  expect(none.body.ok).toBe(false);
  if (!none.body.ok) expect(none.body.error.code).toBe('Unauthorized');

  const wrong = await adloop.rpc('settings.get', {}, { token: 'not-the-token' });
  expect(wrong.status).toBe(401);

  const right = await adloop.rpc('settings.get', {});
  expect(right.status).toBe(200);
});

test('a browser without the link is told to open the link printed by `adloop serve`', async ({ browser, adloop }) => {
  // A fresh browser: no cookie, no token. The host itself refuses the page.
  const fresh = await browser.newContext();
  const page = await fresh.newPage();
  const res = await page.goto(`${adloop.origin}/`);
  expect(res?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Open the link printed by `adloop serve`');
  await fresh.close();
});

test('a new tab without the token shows the interface’s own “open the link” page', async ({ browser, adloop }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await first.goto(adloop.url); // sets the host's cookie for this browser
  await expect(first.getByTestId('view-overview')).toBeVisible();

  // Same browser, new tab, plain address: the page loads but this tab holds no session token.
  const second = await context.newPage();
  await second.goto(`${adloop.origin}/#/budget`);
  const message = second.getByTestId('session-required');
  await expect(message).toBeVisible();
  await expect(message).toContainText('Open the link printed by adloop serve');
  await expect(second.getByTestId('view-budget')).toHaveCount(0);
  await context.close();
});

plain('after Adloop restarts, an old tab says its session ended and how to get back in', async ({ page }) => {
  plain.setTimeout(150_000);
  const dir = tempWorkspace('empty');
  let server = await startServe(dir);
  try {
    // An empty workspace is enough here: it opens fastest.
    await page.goto(server.url);
    await expect(page.getByTestId('view-overview')).toBeVisible();

    // Same data folder, same port, new run: a new token. The open tab's token is now dead.
    const { port, token: oldToken } = server;
    expect(await server.stop()).toBe(0); // SIGTERM shuts the engine down cleanly
    server = await startServe(dir, { port });
    expect(server.token).not.toBe(oldToken);
    await page.getByTestId('nav-settings').click(); // first read of settings: goes to the new engine
    const message = page.getByTestId('session-required');
    await expect(message).toBeVisible();
    await expect(message).toContainText('This session has ended');
    await expect(message).toContainText('Open the link printed by adloop serve');
  } finally {
    await server.stop();
    removeWorkspace(dir);
  }
});
