import { expect, test } from './fixtures/test';

const VIEWS = ['overview', 'budget', 'winners', 'fatigue', 'approvals', 'learning', 'pipeline', 'settings'] as const;

test('every view is reachable from the keyboard, with a visible focus ring', async ({ page, adloop }) => {
  await page.goto(adloop.url);
  await expect(page.getByTestId('view-overview')).toBeVisible();

  // Tab order: the skip button, then the first navigation link.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-overview')).toBeFocused();
  const outline = await page.getByTestId('nav-overview').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  for (const view of VIEWS.slice(1)) {
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId(`nav-${view}`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
    expect(new URL(page.url()).hash).toBe(`#/${view}`);
  }
  // Arrow keys wrap around the list.
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-overview')).toBeFocused();
});

test('Alt+1…8 jump to each view from anywhere', async ({ page, adloop }) => {
  await page.goto(adloop.url);
  await expect(page.getByTestId('view-overview')).toBeVisible();
  for (const [i, view] of [...VIEWS.entries()].reverse()) {
    await page.keyboard.press(`Alt+${i + 1}`);
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${view[0]!.toUpperCase()}${view.slice(1)} · Adloop$`));
  }
});

test('a reload keeps the view and the session (the token is no longer in the address bar)', async ({ page, adloop }) => {
  await page.goto(`${adloop.url}#/settings`);
  await expect(page.getByTestId('view-settings')).toBeVisible();
  await expect.poll(() => page.url()).toBe(`${adloop.origin}/#/settings`);
  await page.reload();
  await expect(page.getByTestId('view-settings')).toBeVisible();
  await expect(page.getByLabel(/Fatigue scan interval/)).toBeVisible();
  await expect(page.getByTestId('session-required')).toHaveCount(0);
});
