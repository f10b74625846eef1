// The real desktop app under Playwright's Electron driver. Runs only where the Electron binary is
// installed (a developer's or a release machine: `node node_modules/electron/install.js`); on
// machines without it (TOOLCHAIN.md) it is reported as skipped with the reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

function electronBinary(): { path: string | null; reason: string } {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathFile)) {
    return { path: null, reason: 'Electron binary not installed (node_modules/electron/path.txt missing; run `node node_modules/electron/install.js` where GitHub is reachable)' };
  }
  const bin = path.join(root, 'node_modules/electron/dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? { path: bin, reason: '' } : { path: null, reason: `Electron binary missing at ${bin}` };
}

const binary = electronBinary();
// The list reporter shows skipped tests without their reason; say it once, plainly.
if (!binary.path) process.stdout.write(`electron-shell.spec.ts: skipping the desktop app tests — ${binary.reason}\n`);

test.describe('desktop app (real Electron)', () => {
  test.skip(!binary.path, binary.reason);

  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-electron-'));
    execFileSync(process.execPath, ['bin/adloop.mjs', 'demo', '--db', path.join(userData, 'workspace'), '--seed', '7', '--ads', '12', '--days', '30'], {
      cwd: root,
      stdio: 'inherit',
    });
    // The shell's preferences: crash-report question already answered, so no dialog blocks the run.
    fs.writeFileSync(path.join(userData, 'shell-prefs.json'), JSON.stringify({ crashReportsAsked: true }));
    app = await electron.launch({
      executablePath: binary.path!,
      args: [root, '--no-sandbox'],
      env: { ...process.env, ADLOOP_USER_DATA: userData, HOME: userData },
    });
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('opens one window on app:// showing the demo workspace, with an isolated renderer', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveURL(/^app:\/\/adloop\/index\.html/);
    await expect(page.getByTestId('view-overview')).toBeVisible();
    const isolation = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: typeof (globalThis as { adloop?: unknown }).adloop,
    }));
    expect(isolation).toEqual({ require: 'undefined', process: 'undefined', bridge: 'object' });
    const summary = await page.evaluate(() => (globalThis as unknown as { adloop: { invoke(m: string, p: unknown): Promise<{ ok: boolean }> } }).adloop.invoke('accounts.list', {}));
    expect(summary.ok).toBe(true);
    // Credential ciphertext is not reachable from the page.
    const secret = await page.evaluate(() => (globalThis as unknown as { adloop: { invoke(m: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).adloop.invoke('secrets.getCiphertext', { name: 'meta.token' }));
    expect(secret).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } });
  });

  test('window.open is denied and permissions are refused', async () => {
    const page = await app.firstWindow();
    const opened = await page.evaluate(() => window.open('https://evil.example/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    const permission = await page.evaluate(async () => (await navigator.permissions.query({ name: 'notifications' as PermissionName })).state);
    expect(permission).not.toBe('granted');
  });

  test('a second launch does not open a second instance', async () => {
    const second = await electron.launch({ executablePath: binary.path!, args: [root, '--no-sandbox'], env: { ...process.env, ADLOOP_USER_DATA: userData, HOME: userData } });
    // The second process quits at once; the first keeps its single window.
    await second.waitForEvent('close', { timeout: 30_000 }).catch(() => undefined);
    expect(app.windows()).toHaveLength(1);
  });
});
