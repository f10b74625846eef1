// Start at login: macOS and Windows keep login items in the OS (Electron's
// setLoginItemSettings); Linux desktops read XDG autostart entries, which Electron does not write.
import fs from 'node:fs';
import path from 'node:path';

export interface LoginItemsFacade {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; path?: string; args?: string[] }): void;
}

/** The flag the app reads to start hidden in the tray after a login launch. */
export const HIDDEN_ARG = '--hidden';

export function autostartFile(opts: { home: string; xdgConfigHome?: string | undefined }): string {
  const config = opts.xdgConfigHome && path.isAbsolute(opts.xdgConfigHome) ? opts.xdgConfigHome : path.join(opts.home, '.config');
  return path.join(config, 'autostart', 'adloop.desktop');
}

/** Quotes an Exec argument per the Desktop Entry spec (reserved characters inside double quotes). */
function quoteExecArg(arg: string): string {
  if (!/[\s"'\\$`<>~|&;*?#()]/.test(arg)) return arg;
  return `"${arg.replace(/([\\"`$])/g, '\\$1')}"`;
}

export function desktopEntry(execPath: string, args: readonly string[] = [HIDDEN_ARG]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Adloop',
    'Comment=Meta ads budget allocation with HubSpot revenue',
    `Exec=${[execPath, ...args].map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface StartAtLoginOptions {
  enabled: boolean;
  platform: NodeJS.Platform;
  loginItems: LoginItemsFacade;
  /** The binary to start: process.execPath, or $APPIMAGE (the AppImage itself, not its mount). */
  execPath: string;
  home: string;
  xdgConfigHome?: string | undefined;
}

/** Applies the setting; returns what it did, for the log. */
export function applyStartAtLogin(opts: StartAtLoginOptions): string {
  if (opts.platform === 'linux') {
    const file = autostartFile(opts);
    if (opts.enabled) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, desktopEntry(opts.execPath));
      return `wrote ${file}`;
    }
    fs.rmSync(file, { force: true });
    return `removed ${file}`;
  }
  opts.loginItems.setLoginItemSettings(
    opts.platform === 'darwin' ? { openAtLogin: opts.enabled, openAsHidden: true } : { openAtLogin: opts.enabled, path: opts.execPath, args: [HIDDEN_ARG] },
  );
  return `login item ${opts.enabled ? 'on' : 'off'}`;
}

/** Whether this launch came from the login item, so the window stays in the tray. */
export function launchedAtLogin(argv: readonly string[], wasOpenedAsHidden: boolean): boolean {
  return wasOpenedAsHidden || argv.includes(HIDDEN_ARG);
}
