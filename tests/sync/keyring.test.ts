// The OS-keychain SecretStore against the real Secret Service: gnome-keyring in its own D-Bus
// session (TOOLCHAIN.md), so it neither needs nor touches a desktop keyring.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('KeyringSecretStore', () => {
  it('sets, reads, overwrites and deletes tokens in the real Secret Service', () => {
    for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
      try {
        execFileSync('sh', ['-c', `command -v ${tool}`]);
      } catch {
        throw new Error(`${tool} is missing: apt-get install -y --no-install-recommends gnome-keyring dbus-x11 libsecret-tools`);
      }
    }
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-keyring-'));
    const run = path.join(home, 'run');
    fs.mkdirSync(run, { mode: 0o700 });
    const script = `printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "${process.execPath}" --import tsx tests/sync/fixtures/keyring-roundtrip.ts`;
    const out = execFileSync('dbus-run-session', ['--', 'sh', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: run, DBUS_SESSION_BUS_ADDRESS: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const line = out.trim().split('\n').at(-1)!;
    expect(JSON.parse(line)).toEqual({
      missing: null,
      first: 'EAAB-first-token',
      second: 'EAAB-second-token',
      other: 'pat-na1-xyz',
      deleted: true,
      afterDelete: null,
      deleteAgain: false,
    });
    fs.rmSync(home, { recursive: true, force: true });
  });
});
