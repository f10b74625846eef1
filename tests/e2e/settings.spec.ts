import { TOKEN_HEADER } from '../../contract';
import { startEmulators, type Emulators } from '../emulators';
import { removeWorkspace, startServe, tempWorkspace, type ServeHandle } from './fixtures/adloop-cli';
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

test('a choice setting (the fatigue alarm) saves and is still there after a reload', async ({ page, adloop }) => {
  const before = await adloop.call('settings.get', {});
  const next = before.fatigueAlarm === 'strict' ? 'sensitive' : 'strict';
  await page.goto(`${adloop.url}#/settings`);
  const alarm = page.getByLabel('Fatigue alarm', { exact: true });
  await expect(alarm).toHaveValue(before.fatigueAlarm);
  await alarm.selectOption(next);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText('Saved.');
  expect((await adloop.call('settings.get', {})).fatigueAlarm).toBe(next);
  await page.reload();
  await expect(page.getByLabel('Fatigue alarm', { exact: true })).toHaveValue(next);
  await adloop.call('settings.update', { fatigueAlarm: before.fatigueAlarm });
});

test('a backup made from Settings is listed with its size; diagnostics show the database size and folders', async ({ page, adloop }) => {
  await page.goto(`${adloop.url}#/settings`);
  const info = await adloop.call('engine.info', {});
  await expect(page.getByTestId('data-folder')).toHaveText(info.dataDir);

  const listedBefore = (await adloop.call('backup.list', {})).backups.length;
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByTestId('backup-status')).toContainText(/Backup adloop-.*\.tar\.gz written/, { timeout: 60_000 });
  const { backups } = await adloop.call('backup.list', {});
  expect(backups).toHaveLength(listedBefore + 1);
  const newest = backups[0]!;
  await expect(page.getByTestId('backups')).toContainText(newest.name);

  // Restore asks first; "Keep my data" leaves nothing staged.
  await page.getByRole('button', { name: `Restore ${newest.name}` }).click();
  await page.getByRole('button', { name: 'Keep my data' }).click();
  expect((await adloop.call('backup.list', {})).pendingRestore).toBeNull();

  // The section bar works from the keyboard and moves focus to the panel it names.
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Diagnostics' }).press('Enter');
  await expect(page.getByRole('heading', { name: 'Diagnostics', level: 2 })).toBeFocused();

  const diag = await adloop.call('diagnostics.get', {});
  expect(diag.databaseBytes).toBeGreaterThan(1_000_000);
  const size = page.getByTestId('db-size');
  await expect(size).toContainText(/\d+(\.\d)? MB in Postgres/);
  await expect(page.getByTestId('diagnostics')).toContainText(diag.logDir);
  await expect(page.getByTestId('diagnostics')).toContainText(diag.schemaVersion ?? 'none');
});

test.describe('connections', () => {
  // A workspace of its own whose engine keeps tokens in memory: this machine's test runs have no
  // unlocked OS keyring, and a test must never write into a real one. Connect asks the service
  // who a token belongs to, so the services are the local emulators (settings' base URLs).
  const TOKEN = 'EAAtest-token-for-the-settings-e2e-0123456789';
  let server: ServeHandle;
  let emu: Emulators;
  let dir: string;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    emu = await startEmulators({ seed: 5, ads: 6, days: 3, meta: { token: TOKEN, user: { id: '100099887766554', name: 'Jane Buyer' } } });
    dir = tempWorkspace('connections');
    const previous = process.env.ADLOOP_SECRET_STORE;
    process.env.ADLOOP_SECRET_STORE = 'memory';
    try {
      server = await startServe(dir);
    } finally {
      if (previous === undefined) delete process.env.ADLOOP_SECRET_STORE;
      else process.env.ADLOOP_SECRET_STORE = previous;
    }
    await server.call('settings.update', { metaBaseUrl: emu.meta.url, hubspotBaseUrl: emu.hubspot.url });
  });
  test.afterAll(async () => {
    await server?.stop();
    await emu?.close();
    if (dir) removeWorkspace(dir);
  });

  test('a pasted token is checked with Meta, connects as its owner, is never shown again, and Disconnect forgets it', async ({ page }) => {
    await page.goto(`${server.url}#/settings`);
    const meta = page.getByTestId('connection-meta');
    await expect(page.getByTestId('connection-state-meta')).toHaveText(/Not connected/);
    const token = meta.getByLabel('Meta token');
    await expect(token).toHaveAttribute('type', 'password');
    await expect(meta.getByRole('button', { name: 'Connect' })).toBeDisabled();

    // Too short: the contract's message, nothing stored.
    await token.fill('short');
    await meta.getByRole('button', { name: 'Connect' }).click();
    await expect(meta.getByTestId('error-panel')).toContainText('too short');
    expect((await server.call('sync.status', {})).sources.find((s) => s.source === 'meta')?.connected).toBe(false);

    // A token Meta refuses (code 190): said so, nothing stored, and the page's session is untouched.
    await token.fill('EAAwrong-token-that-meta-refuses-000');
    await meta.getByRole('button', { name: 'Connect' }).click();
    await expect(meta.getByTestId('error-panel')).toContainText('Meta refused the token; nothing was stored');
    await expect(page.getByTestId('connection-state-meta')).toHaveText(/Not connected/);
    expect((await server.call('sync.status', {})).sources.find((s) => s.source === 'meta')?.connected).toBe(false);

    const account = emu.sim.accounts[0]!;
    const owner = emu.sim.accounts.length === 1 ? `Jane Buyer · ${account.name} (act_${account.id})` : `Jane Buyer · ${emu.sim.accounts.length} ad accounts`;
    await meta.getByLabel('Meta token').fill(TOKEN);
    await meta.getByLabel('Meta token').press('Enter');
    await expect(page.getByTestId('connection-state-meta')).toHaveText(new RegExp(`^Connected as ${owner.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · since`));
    await expect(meta.getByRole('status')).toHaveText(`Meta connected as ${owner}.`);
    await expect(meta.getByLabel('New Meta token')).toHaveValue('');
    expect((await server.call('sync.status', {})).sources.find((s) => s.source === 'meta')).toMatchObject({ connected: true, connectedAs: owner });
    // The token is not in the page, and no read method returns it.
    expect(await page.content()).not.toContain('EAAtest-token');
    expect(JSON.stringify(await server.call('sync.status', {}))).not.toContain('EAAtest-token');
    expect(JSON.stringify(await server.call('connections.status', {}))).not.toContain('EAAtest-token');
    await expect(page.getByTestId('connection-state-hubspot')).toHaveText(/Not connected/);

    await meta.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('connection-state-meta')).toHaveText(/Not connected/);
    expect((await server.call('sync.status', {})).sources.find((s) => s.source === 'meta')).toMatchObject({ connected: false, connectedAs: null });
  });

  test('HubSpot connects as its portal', async ({ page }) => {
    await page.goto(`${server.url}#/settings`);
    const hubspot = page.getByTestId('connection-hubspot');
    await hubspot.getByLabel('HubSpot token').fill('hubspot-test-token');
    await hubspot.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByTestId('connection-state-hubspot')).toHaveText(/^Connected as HubSpot portal 4817331 · since/);
    await hubspot.getByRole('button', { name: 'Disconnect' }).click();
    await expect(page.getByTestId('connection-state-hubspot')).toHaveText(/Not connected/);
  });

  test('a staged restore in a browser says to restart adloop serve (no Restart button), and can be cancelled', async ({ page }) => {
    await page.goto(`${server.url}#/settings`);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByTestId('backup-status')).toContainText(/Backup adloop-.*\.tar\.gz written/, { timeout: 60_000 });
    const newest = (await server.call('backup.list', {})).backups[0]!;
    await page.getByRole('button', { name: `Restore ${newest.name}` }).click();
    await page.getByRole('button', { name: 'Replace my data at next start' }).click();
    const pending = page.getByTestId('pending-restore');
    await expect(pending).toContainText(newest.name, { timeout: 60_000 });
    await expect(page.getByTestId('restart-by-hand')).toContainText('stop `adloop serve` (Ctrl+C) and start it again');
    await expect(page.getByTestId('restart-now')).toHaveCount(0);
    // The engine of `adloop serve` gives the same answer to a direct call: it cannot restart itself.
    expect(await server.call('app.restart', {})).toMatchObject({ restarting: false });
    await pending.getByRole('button', { name: 'Cancel the restore' }).click();
    await expect(pending).toHaveCount(0);
    expect((await server.call('backup.list', {})).pendingRestore).toBeNull();
  });

  test('in the desktop window a staged restore offers Restart now, which asks the shell (app.restart)', async ({ page }) => {
    // A stand-in for the preload bridge: engine calls go to this server, app.restart is answered
    // the way the shell's handler answers it (the relaunch itself is tests/shell/restart.test.ts).
    await page.addInitScript(
      ({ token, header }) => {
        const w = window as unknown as { adloop: unknown; restartAsked: number };
        w.restartAsked = 0;
        w.adloop = {
          invoke: async (method: string, params: unknown) => {
            if (method === 'app.restart') {
              w.restartAsked++;
              return { id: 1, ok: true, result: { restarting: true, message: 'Adloop is closing the database and will start again in a moment.' } };
            }
            const res = await fetch(`/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [header]: token }, body: JSON.stringify(params ?? {}) });
            return (await res.json()) as unknown;
          },
          onEvent: () => () => undefined,
        };
      },
      { token: server.token, header: TOKEN_HEADER },
    );
    const backup = await server.call('backup.create', {});
    await server.call('backup.restore', { name: backup.name });
    try {
      await page.goto(`${server.url}#/settings`);
      await expect(page.getByTestId('pending-restore')).toContainText(backup.name);
      await expect(page.getByTestId('restart-by-hand')).toHaveCount(0);
      await page.getByTestId('restart-now').click();
      await expect(page.getByTestId('restart-status')).toHaveText('Adloop is closing the database and will start again in a moment.');
      await expect(page.getByTestId('restart-now')).toBeDisabled();
      await expect(page.getByTestId('restart-now')).toHaveText('Restarting…');
      expect(await page.evaluate(() => (window as unknown as { restartAsked: number }).restartAsked)).toBe(1);
    } finally {
      await server.call('backup.cancelRestore', {});
    }
  });
});

test('crash reports: consent in a browser window loads no Sentry code (there is no desktop bridge to report through)', async ({ page, adloop }) => {
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${adloop.url}#/settings`);
  const consent = page.getByLabel('Send crash reports');
  if (!(await consent.isChecked())) await consent.check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-status')).toHaveText(/Saved\.|Nothing changed\./);
  expect((await adloop.call('settings.get', {})).crashReports).toBe(true);
  await page.reload();
  await expect(page.getByLabel('Send crash reports')).toBeChecked();
  expect(await page.evaluate(() => '__SENTRY__' in window || '__SENTRY_IPC__' in window)).toBe(false);
  expect(requested.filter((u) => /sentry/i.test(u))).toEqual([]);
  await adloop.call('settings.update', { crashReports: false });
});
