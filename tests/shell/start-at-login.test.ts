import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStartAtLogin, autostartFile, desktopEntry, HIDDEN_ARG, launchedAtLogin, type LoginItemsFacade } from '../../main/lifecycle/start-at-login';
import { readShellPrefs, shellPrefsFile, updateShellPrefs } from '../../main/shell-prefs';

const tempHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'adloop-home-'));
const recorder = () => {
  const calls: unknown[] = [];
  const loginItems: LoginItemsFacade = { setLoginItemSettings: (s) => void calls.push(s) };
  return { calls, loginItems };
};

describe('start at login', () => {
  it('on Linux writes an XDG autostart entry under a temp HOME and removes it again', () => {
    const home = tempHome();
    const { calls, loginItems } = recorder();
    const base = { platform: 'linux' as const, loginItems, execPath: '/opt/Adloop Beta/adloop', home };
    applyStartAtLogin({ ...base, enabled: true });
    const file = path.join(home, '.config/autostart/adloop.desktop');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]');
    expect(text).toContain(`Exec="/opt/Adloop Beta/adloop" ${HIDDEN_ARG}`);
    expect(text).toContain('Type=Application');
    applyStartAtLogin({ ...base, enabled: false });
    expect(fs.existsSync(file)).toBe(false);
    // Turning off twice is fine; the OS login items are not touched on Linux.
    applyStartAtLogin({ ...base, enabled: false });
    expect(calls).toEqual([]);
  });

  it('honours an absolute XDG_CONFIG_HOME and ignores a relative one', () => {
    expect(autostartFile({ home: '/h', xdgConfigHome: '/x/cfg' })).toBe('/x/cfg/autostart/adloop.desktop');
    expect(autostartFile({ home: '/h', xdgConfigHome: 'rel' })).toBe('/h/.config/autostart/adloop.desktop');
  });

  it('escapes Exec arguments with reserved characters', () => {
    expect(desktopEntry('/a/b"c$d', [])).toContain('Exec="/a/b\\"c\\$d"');
    expect(desktopEntry('/usr/bin/adloop')).toContain(`Exec=/usr/bin/adloop ${HIDDEN_ARG}`);
  });

  it('uses the OS login items on macOS (hidden) and Windows (with the hidden flag)', () => {
    const { calls, loginItems } = recorder();
    const home = tempHome();
    applyStartAtLogin({ platform: 'darwin', enabled: true, loginItems, execPath: '/Applications/Adloop.app', home });
    applyStartAtLogin({ platform: 'win32', enabled: true, loginItems, execPath: 'C:\\Adloop\\Adloop.exe', home });
    applyStartAtLogin({ platform: 'win32', enabled: false, loginItems, execPath: 'C:\\Adloop\\Adloop.exe', home });
    expect(calls).toEqual([
      { openAtLogin: true, openAsHidden: true },
      { openAtLogin: true, path: 'C:\\Adloop\\Adloop.exe', args: [HIDDEN_ARG] },
      { openAtLogin: false, path: 'C:\\Adloop\\Adloop.exe', args: [HIDDEN_ARG] },
    ]);
    expect(fs.existsSync(path.join(home, '.config'))).toBe(false);
  });

  it('knows a login launch by the flag or macOS’s openAsHidden', () => {
    expect(launchedAtLogin(['/usr/bin/adloop', HIDDEN_ARG], false)).toBe(true);
    expect(launchedAtLogin(['/usr/bin/adloop'], true)).toBe(true);
    expect(launchedAtLogin(['/usr/bin/adloop'], false)).toBe(false);
  });
});

describe('shell preferences file', () => {
  it('gives defaults when missing, stores a validated patch, and refuses a bad value without writing', () => {
    const file = shellPrefsFile(tempHome());
    expect(readShellPrefs(file).prefs).toEqual({
      startAtLogin: false,
      closeToTray: true,
      updateChannel: 'stable',
      acceptPlainTextSecrets: false,
      automationPaused: false,
      crashReportsAsked: false,
    });
    expect(updateShellPrefs(file, { startAtLogin: true, updateChannel: 'beta' })).toMatchObject({ startAtLogin: true, updateChannel: 'beta' });
    expect(() => updateShellPrefs(file, { updateChannel: 'nightly' as 'beta' })).toThrow();
    expect(readShellPrefs(file).prefs).toMatchObject({ startAtLogin: true, updateChannel: 'beta' });
  });

  it('falls back to defaults (and says why) on a corrupt file', () => {
    const file = shellPrefsFile(tempHome());
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"startAtLogin": "yes"}');
    const { prefs, problem } = readShellPrefs(file);
    expect(prefs.startAtLogin).toBe(false);
    expect(problem).toMatch(/startAtLogin/);
    fs.writeFileSync(file, 'not json');
    expect(readShellPrefs(file).problem).toBeTruthy();
  });
});
