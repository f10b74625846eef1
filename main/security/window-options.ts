// The main window's options. Every security-relevant webPreference is spelled out (not left to
// Electron's defaults, which have changed between versions) and asserted by a test.
import type { BrowserWindowConstructorOptions } from 'electron';

export function mainWindowOptions(opts: { preload: string; icon?: string }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Adloop',
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: {
      preload: opts.preload,
      // The page and the preload have separate JavaScript worlds; only the bridge crosses.
      contextIsolation: true,
      // The renderer process is OS-sandboxed; the preload gets only a minimal `require('electron')`.
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}
