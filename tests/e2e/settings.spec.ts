import { expect, test } from './fixtures/test';

test('an out-of-range value is shown next to its field and changes nothing; a valid value saves', async ({ page, adloop }) => {
  const before = await adloop.call('settings.get', {});
  await page.goto(`${adloop.url}#/settings`);
  const interval = page.getByLabel(/Fatigue scan interval/);
  await expect(interval).toHaveValue(String(before.scanIntervalHours));

  await interval.fill('0');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const fieldError = page.getByTestId('field-error-scanIntervalHours');
  await expect(fieldError).toBeVisible();
  await expect(fieldError).toContainText('0.25'); // the contract's own message names the bound
  await expect(interval).toHaveAttribute('aria-invalid', 'true');
  await expect(interval).toBeFocused();
  await expect(page.getByTestId('settings-status')).toHaveText(/Not saved/);
  expect(await adloop.call('settings.get', {})).toEqual(before);

  // The engine refuses the same value on its own, whoever sends it, and keeps what it had.
  const direct = await adloop.rpc('settings.update', { scanIntervalHours: 0 });
  expect(direct.status).toBe(400);
  if (!direct.body.ok) {
    expect(direct.body.error.code).toBe('InvalidInput');
    expect(direct.body.error.issues?.map((i) => i.path)).toEqual(['scanIntervalHours']);
  } else throw new Error('settings.update accepted scanIntervalHours: 0');
  expect(await adloop.call('settings.get', {})).toEqual(before);

  const next = before.scanIntervalHours === 4 ? 6 : 4;
  await interval.fill(String(next));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Saved.');
  await expect(fieldError).toHaveCount(0);
  expect(await adloop.call('settings.get', {})).toEqual({ ...before, scanIntervalHours: next });

  await page.reload();
  await expect(page.getByLabel(/Fatigue scan interval/)).toHaveValue(String(next));
});

test('a change made elsewhere reaches an open Settings page through engine events', async ({ page, adloop }) => {
  const before = await adloop.call('settings.get', {});
  await page.goto(`${adloop.url}#/settings`);
  const halfLife = page.getByLabel(/Evidence half-life/);
  await expect(halfLife).toHaveValue(String(before.halfLifeDays));

  const next = before.halfLifeDays === 10 ? 12 : 10;
  // e.g. the CLI or another window. The page's event socket connects on its own schedule, so
  // repeat the (idempotent) write until one of its events has arrived.
  await expect(async () => {
    await adloop.call('settings.update', { halfLifeDays: next });
    await expect(halfLife).toHaveValue(String(next), { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});
