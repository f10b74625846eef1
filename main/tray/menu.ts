// The tray menu as data (built from the tray state), and what each item does. index.ts turns the
// model into an Electron Menu; tests click the model.
import type { EngineFacade } from '../engine-facade';
import { SCHEDULER_METHODS } from '../scheduler-methods';
import { trayStatus, type TrayState } from './state';

export type TrayItemId = 'open' | 'status' | 'lastScan' | 'scanNow' | 'runLearning' | 'pause' | 'startAtLogin' | 'betaUpdates' | 'quit';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal' | 'checkbox'; id: TrayItemId; label: string; enabled: boolean; checked?: boolean };

/** "Last scan: 14:05" today, "Last scan: 24 Nov, 14:05" before, "never" without one. */
export function lastScanLabel(lastScanAt: string | null, now: Date, timeZone?: string): string {
  if (!lastScanAt) return 'Last scan: never';
  const at = new Date(lastScanAt);
  const opts: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) };
  const day = (d: Date) => d.toLocaleDateString('en-GB', { ...(timeZone ? { timeZone } : {}) });
  const time = at.toLocaleTimeString('en-GB', opts);
  if (day(at) === day(now)) return `Last scan: ${time}`;
  const date = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(timeZone ? { timeZone } : {}) });
  return `Last scan: ${date}, ${time}`;
}

/** Install preferences shown as checkboxes (there is no Settings view for them yet). */
export interface TrayPrefs {
  startAtLogin: boolean;
  betaUpdates: boolean;
}

export function trayMenuModel(s: TrayState, now: Date, timeZone?: string, prefs: TrayPrefs = { startAtLogin: false, betaUpdates: false }): TrayMenuItem[] {
  const status = trayStatus(s);
  const statusLabel =
    status === 'scanning' ? 'Working…' : status === 'attention' ? 'Needs your attention' : s.paused ? 'Automation paused' : 'Up to date';
  const busy = Object.values(s.jobs);
  return [
    { type: 'normal', id: 'open', label: 'Open Adloop', enabled: true },
    { type: 'normal', id: 'status', label: statusLabel, enabled: false },
    { type: 'normal', id: 'lastScan', label: lastScanLabel(s.lastScanAt, now, timeZone), enabled: false },
    { type: 'separator' },
    // Never two scans at once: the engine refuses it too, the menu just says so first.
    { type: 'normal', id: 'scanNow', label: 'Scan now', enabled: !busy.some((k) => /scan/i.test(k)) },
    { type: 'normal', id: 'runLearning', label: 'Run learning cycle', enabled: !busy.some((k) => /learning/i.test(k)) },
    { type: 'checkbox', id: 'pause', label: 'Pause automation', enabled: true, checked: s.paused },
    { type: 'separator' },
    { type: 'checkbox', id: 'startAtLogin', label: 'Start at login', enabled: true, checked: prefs.startAtLogin },
    { type: 'checkbox', id: 'betaUpdates', label: 'Get beta updates', enabled: true, checked: prefs.betaUpdates },
    { type: 'separator' },
    { type: 'normal', id: 'quit', label: 'Quit Adloop', enabled: true },
  ];
}

export interface TrayActionDeps {
  engine: EngineFacade;
  showWindow(): void;
  quit(): void;
  /** Persists the pause preference and updates the tray state. */
  setPaused(paused: boolean): void;
  paused(): boolean;
  /** Flips a stored install preference and applies it (login item, update channel). */
  togglePref(pref: 'startAtLogin' | 'betaUpdates'): void;
  onError(action: TrayItemId, error: unknown): void;
}

/** Runs a menu item. Engine failures (including methods not built yet) are reported, never thrown. */
export async function runTrayAction(id: TrayItemId, deps: TrayActionDeps): Promise<void> {
  try {
    switch (id) {
      case 'open':
        deps.showWindow();
        return;
      case 'quit':
        deps.quit();
        return;
      case 'scanNow':
        await deps.engine.callByName(SCHEDULER_METHODS.scanNow, {});
        return;
      case 'runLearning':
        await deps.engine.callByName(SCHEDULER_METHODS.runLearning, {});
        return;
      case 'pause': {
        const paused = !deps.paused();
        deps.setPaused(paused);
        await deps.engine.callByName(SCHEDULER_METHODS.setPaused, { paused });
        return;
      }
      case 'startAtLogin':
      case 'betaUpdates':
        deps.togglePref(id);
        return;
      case 'status':
      case 'lastScan':
        return;
    }
  } catch (e) {
    deps.onError(id, e);
  }
}
