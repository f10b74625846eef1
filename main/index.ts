// The thin Electron shell: one instance, one engine thread, one window. Everything the user sees
// is the renderer; everything it knows comes from the engine over the IPC router.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import { createLogger, startEngine, workspaceLayout, type EngineHandle } from '../workers';
import engineWorkerPath from '../workers/engine/worker?modulePath';
import { registerIpcRouter } from './ipc-router';
import { builtRenderer, migrationsDirFor } from './paths';
import { isTrustedSenderUrl } from './trusted-sender';

const renderer = builtRenderer(import.meta.dirname);
// Set by `electron-vite dev` only; a packaged app never trusts a dev server.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
// The built renderer is loaded from a file for now; a custom `app://` protocol comes with the
// full shell, and its origin joins this list then.
const allowedOrigins = devServerUrl ? [new URL(devServerUrl).origin] : [renderer.folderUrl];

let mainWindow: BrowserWindow | null = null;
let engine: EngineHandle | null = null;
let stopRouter: (() => void) | null = null;
let closing: Promise<void> | null = null;
const dataDir = () => path.join(app.getPath('userData'), 'workspace');
// The shell logs into the same rotating, redacted file as the engine and the CLI.
const log = createLogger({ component: 'shell', dir: workspaceLayout(dataDir()).logs });

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    show: false,
    title: 'Adloop',
    webPreferences: {
      preload: path.join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The window shows only our renderer; links to the web open in the user's browser.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSenderUrl(url, allowedOrigins)) event.preventDefault();
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(renderer.indexHtml);
  return win;
}

async function openEngine(): Promise<void> {
  try {
    engine = await log.time('engine start', { dataDir: dataDir() }, () =>
      startEngine({ dataDir: dataDir(), workerPath: engineWorkerPath, migrationsDir: migrationsDirFor(app.getAppPath()), background: true }),
    );
  } catch (e) {
    dialog.showErrorBox('Adloop could not open its workspace', `${(e as Error).message}\n\nFolder: ${dataDir()}`);
    app.exit(1);
    return;
  }
  stopRouter = registerIpcRouter({
    ipcMain,
    engine,
    allowedOrigins,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
}

function closeEngine(): Promise<void> {
  closing ??= (async () => {
    stopRouter?.();
    stopRouter = null;
    try {
      await engine?.close();
    } finally {
      // Even a failed close must not hold the quit forever (before-quit waits while engine is set).
      engine = null;
    }
  })();
  return closing;
}

if (!app.requestSingleInstanceLock()) {
  // Another Adloop owns the workspace; it gets focused through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('before-quit', (event) => {
    if (!engine) return;
    // Hold the quit until the database is closed and the lock released, then quit for real.
    event.preventDefault();
    void closeEngine()
      .catch((e: unknown) => log.error('the engine did not close cleanly', { error: e }))
      .finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });

  void app.whenReady().then(async () => {
    // The interface needs no camera, microphone, notifications or geolocation.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, grant) => grant(false));
    await openEngine();
    if (engine) mainWindow = createWindow();
  });
}
