// The thin Electron shell: one instance, one engine thread, one window, a tray. Every decision
// lives in a plain module next to this file (tested in Node through fakes); this file only hands
// them the real Electron objects.
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
  type MenuItemConstructorOptions,
} from 'electron';
import { createLogger, startEngine, workspaceLayout, type EngineHandle } from '../workers';
import engineWorkerPath from '../workers/engine/worker?modulePath';
// Its own bundle too: piscina loads the fatigue detector's task by file in each pool thread.
import fatigueTaskPath from '../workers/engine/services/fatigue/task?modulePath';
import { engineFacadeFrom, type EngineFacade } from './engine-facade';
import { registerIpcRouter, sendToTrusted } from './ipc-router';
import { deferredFacade, engineSecretStore } from './keychain/engine-secrets';
import { checkKeychain, createSafeStorageSecretStore, type SecretStore } from './keychain/safe-storage-store';
import { decideWindowClose, quitWhenAllClosed } from './lifecycle/close-to-tray';
import { createRestart } from './lifecycle/restart';
import { createShutdown } from './lifecycle/shutdown';
import { SCHEDULER_METHODS } from './scheduler-methods';
import { followUpdateChannelSetting } from './update-channel';
import { bringToFront, claimSingleInstance } from './lifecycle/single-instance';
import { applyStartAtLogin, launchedAtLogin } from './lifecycle/start-at-login';
import { navigationScript, type NotificationView } from './notifications';
import { builtRenderer, migrationsDirFor } from './paths';
import { createSyncPowerGuard, wirePowerEvents } from './power';
import { APP_INDEX_URL, APP_ORIGIN, appSchemePrivileges, createAppProtocolHandler } from './security/app-protocol';
import { hardenWebContents } from './security/navigation';
import { denyAllPermissions } from './security/permissions';
import { mainWindowOptions } from './security/window-options';
import { readShellPrefs, shellPrefsFile, updateShellPrefs } from './shell-prefs';
import { createTrayController } from './tray/controller';
import { trayIconFile } from './tray/icons';
import { runTrayAction, trayMenuModel, type TrayMenuItem, type TrayPrefs } from './tray/menu';
import { trayStatus, trayTooltip, type TrayState } from './tray/state';
import { followCrashReportConsent, preloadArguments, type SentryLike } from './telemetry/crash-reports';
import { loadElectronUpdater } from './updater/electron-updater';
import { createUpdateScheduler } from './updater/scheduler';
import type { UpdateChannel } from './updater/updater';

// Development and end-to-end runs may point the app at a scratch folder; a packaged app never does.
if (!app.isPackaged && process.env.ADLOOP_USER_DATA) app.setPath('userData', process.env.ADLOOP_USER_DATA);

const renderer = builtRenderer(import.meta.dirname);
// Set by `electron-vite dev` only; a packaged app never trusts a dev server.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
// The built renderer is served from app://adloop (never file://); only that origin may call IPC.
const allowedOrigins = devServerUrl ? [new URL(devServerUrl).origin] : [APP_ORIGIN];
// Must happen before 'ready': gives app:// a real, secure origin.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let markSeen: () => void = () => undefined;
let updateScheduler: { setChannel(channel: UpdateChannel): void } | null = null;
let engine: EngineHandle | null = null;
let facade: EngineFacade | null = null;
let stopRouter: (() => void) | null = null;
/** Credentials: safeStorage-encrypted, ciphertext kept by the engine; the engine's sync area uses it through startEngine. */
export let secretStore: SecretStore | null = null;
const background: Array<() => void> = [];
let crashConsent: ReturnType<typeof followCrashReportConsent> | null = null;
const dataDir = () => path.join(app.getPath('userData'), 'workspace');
const prefsFile = () => shellPrefsFile(app.getPath('userData'));
const resourcesDir = () => path.join(app.getAppPath(), 'resources');
// The shell logs into the same rotating, redacted file as the engine and the CLI.
const log = createLogger({ component: 'shell', dir: workspaceLayout(dataDir()).logs });

const shutdown = createShutdown({
  stopBackground: () => background.splice(0).forEach((stop) => stop()),
  stopRouter: () => {
    stopRouter?.();
    stopRouter = null;
  },
  closeEngine: async () => {
    const e = engine;
    engine = null;
    await e?.close();
  },
  quit: () => app.quit(),
  onError: (e) => log.error('the engine did not close cleanly', { error: e }),
});

// Settings' "Restart now" after a staged restore: relaunch booked, then the clean quit above.
const restart = createRestart({
  app,
  args: process.argv.slice(1),
  appImage: process.env.APPIMAGE,
  quitting: () => shutdown.quitting,
  defer: (fn) => setImmediate(fn),
  onRestart: () => log.info('restart requested from the interface'),
});

function createWindow(): BrowserWindow {
  const options = mainWindowOptions({ preload: path.join(import.meta.dirname, '../preload/index.cjs') });
  // The preload exposes the renderer's crash-report bridge only with this argument (consent given).
  options.webPreferences = { ...options.webPreferences, additionalArguments: preloadArguments(crashConsent?.state ?? 'off') };
  const win = new BrowserWindow(options);
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    const closeToTray = readShellPrefs(prefsFile()).prefs.closeToTray;
    if (decideWindowClose({ quitting: shutdown.quitting, closeToTray, trayAvailable: tray !== null }) === 'hide') {
      event.preventDefault();
      win.hide();
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadURL(APP_INDEX_URL);
  return win;
}

function showWindow(): void {
  if (!engine) return;
  mainWindow ??= createWindow();
  bringToFront(mainWindow);
  markSeen();
}

async function openEngine(): Promise<boolean> {
  // The engine's sync area reads and writes tokens through this store (over the worker port):
  // safeStorage encrypts here, the engine keeps only the ciphertext.
  secretStore = createSafeStorageSecretStore({
    safeStorage,
    engine: deferredFacade(() => facade),
    platform: process.platform,
    acceptPlainText: () => readShellPrefs(prefsFile()).prefs.acceptPlainTextSecrets,
  });
  const secrets = engineSecretStore(secretStore);
  try {
    engine = await log.time('engine start', { dataDir: dataDir() }, () =>
      startEngine({ dataDir: dataDir(), workerPath: engineWorkerPath, migrationsDir: migrationsDirFor(app.getAppPath()), background: true, secrets, fatigueTaskFile: fatigueTaskPath }),
    );
  } catch (e) {
    dialog.showErrorBox('Adloop could not open its workspace', `${(e as Error).message}\n\nFolder: ${dataDir()}`);
    app.exit(1);
    return false;
  }
  facade = engineFacadeFrom(engine);
  // An engine thread that dies outside a quit leaves nothing to show: say so and quit, rather than
  // keep a window whose every call fails.
  void engine.exited.then((code) => {
    if (shutdown.quitting) return;
    log.error('the engine stopped unexpectedly', { exitCode: code });
    dialog.showErrorBox('Adloop stopped', `The engine stopped unexpectedly (exit code ${code}). Your data is safe; start Adloop again.`);
    engine = null;
    app.quit();
  });
  stopRouter = registerIpcRouter({
    ipcMain,
    engine,
    allowedOrigins,
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    shellHandlers: { 'app.restart': restart },
  });
  return true;
}

function menuTemplate(model: TrayMenuItem[], click: (item: Exclude<TrayMenuItem, { type: 'separator' }>) => void): MenuItemConstructorOptions[] {
  return model.map((item) =>
    item.type === 'separator'
      ? { type: 'separator' }
      : { type: item.type, label: item.label, enabled: item.enabled, checked: item.checked ?? false, click: () => click(item) },
  );
}

/** Opens the window on a view (a notification click). */
function openView(view: NotificationView): void {
  showWindow();
  void mainWindow?.webContents.executeJavaScript(navigationScript(view)).catch((e: unknown) => log.warn('could not open view', { view, error: String(e) }));
}

function trayPrefs(): TrayPrefs {
  const p = readShellPrefs(prefsFile()).prefs;
  return { startAtLogin: p.startAtLogin, betaUpdates: p.updateChannel === 'beta' };
}

function applyLoginItem(enabled: boolean): void {
  const result = applyStartAtLogin({
    enabled,
    platform: process.platform,
    loginItems: app,
    execPath: process.env.APPIMAGE ?? process.execPath,
    home: app.getPath('home'),
    xdgConfigHome: process.env.XDG_CONFIG_HOME,
  });
  log.info('start at login', { result });
}

/** Tray checkboxes for install preferences: stored, then applied at once. */
function togglePref(pref: 'startAtLogin' | 'betaUpdates'): void {
  const p = readShellPrefs(prefsFile()).prefs;
  if (pref === 'startAtLogin') {
    applyLoginItem(updateShellPrefs(prefsFile(), { startAtLogin: !p.startAtLogin }).startAtLogin);
  } else {
    const channel = updateShellPrefs(prefsFile(), { updateChannel: p.updateChannel === 'beta' ? 'stable' : 'beta' }).updateChannel;
    updateScheduler?.setChannel(channel);
    // The Settings view shows the workspace setting: keep it equal to what the tray chose.
    void facade?.call('settings.update', { updateChannel: channel }).catch((e: unknown) => log.warn('update channel not saved in settings', { error: String(e) }));
  }
}

function startTray(engineFacade: EngineFacade, paused: boolean): void {
  try {
    tray = new Tray(nativeImage.createFromPath(trayIconFile('idle', resourcesDir())));
  } catch (e) {
    // Some Linux desktops have no tray; the window then quits the app when closed.
    log.warn('no tray available', { error: String(e) });
    return;
  }
  const t = tray;
  const rerender = () => render(controller.state);
  const render = (state: TrayState) => {
    t.setImage(nativeImage.createFromPath(trayIconFile(trayStatus(state), resourcesDir())));
    t.setToolTip(trayTooltip(state));
    // A text badge where the platform has one (macOS menu bar); the tooltip says it elsewhere.
    if (process.platform === 'darwin') t.setTitle(trayStatus(state) === 'attention' ? '●' : trayStatus(state) === 'scanning' ? '…' : '');
    t.setContextMenu(
      Menu.buildFromTemplate(
        menuTemplate(trayMenuModel(state, new Date(), undefined, trayPrefs()), (item) =>
          void runTrayAction(item.id, {
            engine: engineFacade,
            showWindow,
            quit: () => app.quit(),
            paused: () => controller.state.paused,
            setPaused: (p) => {
              updateShellPrefs(prefsFile(), { automationPaused: p });
              controller.setPaused(p);
            },
            togglePref: (pref) => {
              togglePref(pref);
              rerender();
            },
            onError: (action, e) => log.warn('tray action failed', { action, error: String(e) }),
          }),
        ),
      ),
    );
  };
  const controller = createTrayController({
    engine: engineFacade,
    paused,
    now: () => new Date(),
    onError: (e) => log.warn('tray could not read the engine', { error: String(e) }),
    notify: (n) => {
      if (!Notification.isSupported()) return;
      const note = new Notification({ title: n.title, body: n.body, silent: false });
      note.on('click', () => openView(n.view));
      note.show();
    },
    render,
  });
  t.on('click', showWindow);
  markSeen = controller.seen;
  background.push(controller.stop, () => t.destroy());
}

function startPowerHooks(engineFacade: EngineFacade): void {
  background.push(wirePowerEvents(powerMonitor, engineFacade, (e) => log.info('scheduler did not take a power event', { error: String(e) })));
  const guard = createSyncPowerGuard(powerSaveBlocker, { setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) });
  const stopEvents = engineFacade.onEvent((e) => guard.onEvent(e));
  background.push(stopEvents, () => guard.stop());
}

async function startUpdates(channel: UpdateChannel): Promise<void> {
  // A development run has no app-update.yml and nothing to update to.
  if (!app.isPackaged) return;
  try {
    const scheduler = createUpdateScheduler({
      updater: await loadElectronUpdater(log),
      clock: { setInterval, clearInterval: (h) => clearInterval(h as NodeJS.Timeout) },
      channel,
      onState: (payload) => sendToTrusted(BrowserWindow.getAllWindows().map((w) => w.webContents), allowedOrigins, { event: 'update.status', payload }),
      onError: (e) => log.info('update check failed', { error: String(e) }),
    });
    scheduler.start();
    updateScheduler = scheduler;
    background.push(scheduler.stop);
  } catch (e) {
    log.warn('auto-update unavailable', { error: String(e) });
  }
}

/** Sentry, imported only once the user has opted in. */
async function loadSentry(): Promise<SentryLike> {
  const Sentry = await import('@sentry/electron/main');
  return {
    init: (o) => void Sentry.init(o as unknown as Parameters<typeof Sentry.init>[0]),
    close: () => Sentry.close(),
  };
}

/** Asked once: crash reports stay off unless the user says yes. */
async function askCrashConsentOnce(engineFacade: EngineFacade): Promise<void> {
  if (readShellPrefs(prefsFile()).prefs.crashReportsAsked) return;
  const { response } = await dialog.showMessageBox({
    type: 'question',
    buttons: ['Send crash reports', 'No thanks'],
    defaultId: 1,
    cancelId: 1,
    message: 'Help fix crashes?',
    detail:
      'If Adloop crashes it can send a report (error, stack trace, app version) to its developers. Tokens, e-mail addresses ' +
      'and query strings are removed first; no ad or CRM data is sent. You can change this in Settings at any time.',
  });
  await engineFacade.call('settings.update', { crashReports: response === 0 });
  updateShellPrefs(prefsFile(), { crashReportsAsked: true });
}

function startCrashReports(engineFacade: EngineFacade): void {
  const consent = followCrashReportConsent({
    engine: engineFacade,
    dsn: import.meta.env.MAIN_VITE_SENTRY_DSN || undefined,
    release: app.getVersion(),
    environment: app.isPackaged ? 'production' : 'development',
    load: loadSentry,
    onError: (e) => log.warn('crash report setting unreadable', { error: String(e) }),
  });
  crashConsent = consent;
  background.push(consent.stop);
  void askCrashConsentOnce(engineFacade).catch((e: unknown) => log.warn('crash report prompt failed', { error: String(e) }));
}

if (claimSingleInstance(app, showWindow)) {
  app.on('before-quit', (event) => shutdown.onBeforeQuit(event));
  app.on('window-all-closed', () => {
    if (quitWhenAllClosed({ quitting: shutdown.quitting, trayAvailable: tray !== null, platform: process.platform })) app.quit();
  });
  app.on('activate', showWindow);
  // Every webContents (the window, and anything a bug might create) gets the same guards.
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { allowedOrigins, openExternal: (url) => void shell.openExternal(url) }),
  );

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession, (permission) => log.info('permission refused', { permission }));
    protocol.handle('app', createAppProtocolHandler(path.dirname(renderer.indexHtml)));
    const { prefs, problem } = readShellPrefs(prefsFile());
    if (problem) log.warn('shell preferences unreadable, using defaults', { problem });
    if (!(await openEngine())) return;
    const keychain = checkKeychain(safeStorage, process.platform, prefs.acceptPlainTextSecrets);
    if (!keychain.ok) log.warn('credentials cannot be stored safely', { backend: keychain.backend, reason: keychain.reason });
    startTray(facade!, prefs.automationPaused);
    startPowerHooks(facade!);
    startCrashReports(facade!);
    void startUpdates(prefs.updateChannel);
    const channelSetting = followUpdateChannelSetting({
      engine: facade!,
      current: () => readShellPrefs(prefsFile()).prefs.updateChannel,
      apply: (channel) => {
        const stored = updateShellPrefs(prefsFile(), { updateChannel: channel }).updateChannel;
        updateScheduler?.setChannel(stored);
      },
      onError: (e) => log.warn('update channel setting unreadable', { error: String(e) }),
    });
    background.push(channelSetting.stop);
    // Tell the scheduler the stored pause state (it may have restarted since).
    if (prefs.automationPaused) void facade!.callByName(SCHEDULER_METHODS.setPaused, { paused: true }).catch(() => undefined);
    applyLoginItem(prefs.startAtLogin);
    const hidden = launchedAtLogin(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAsHidden);
    // The window's preload learns from the consent state whether to expose the crash-report bridge.
    await crashConsent?.ready;
    if (!hidden || !tray) showWindow();
  });
}
