// Glue between engine events and the tray/notifications: keeps the tray state, asks the engine for
// the approval queue when it changes, and raises notifications. No Electron here: index.ts passes
// `render` (updates the Tray) and `notify` (shows an Electron Notification).
import type { EngineFacade, ShellEvent } from '../engine-facade';
import { notificationForApprovals, notificationForEvent, type ShellNotification } from '../notifications';
import { SHELL_EVENTS } from '../scheduler-methods';
import { initialTrayState, trayReducer, type TrayAction, type TrayState } from './state';

export interface TrayControllerDeps {
  engine: EngineFacade;
  render(state: TrayState): void;
  notify(n: ShellNotification): void;
  now(): Date;
  paused: boolean;
  onError(e: unknown): void;
}

export function createTrayController(deps: TrayControllerDeps) {
  let state = initialTrayState(deps.paused);
  const dispatch = (action: TrayAction) => {
    const next = trayReducer(state, action);
    if (next !== state) {
      state = next;
      deps.render(state);
    }
  };

  const refreshApprovals = async () => {
    try {
      const proposed = await deps.engine.call('approvals.list', { states: ['proposed'] });
      const before = state.pendingApprovals;
      dispatch({ type: 'pendingApprovals', count: proposed.length });
      const n = notificationForApprovals(before, proposed.length);
      if (n) deps.notify(n);
    } catch (e) {
      deps.onError(e);
    }
  };

  const onEvent = (e: ShellEvent) => {
    dispatch({ type: 'event', event: e, at: deps.now().toISOString() });
    const n = notificationForEvent(e);
    if (n) deps.notify(n);
    const reason = (e.payload as { reason?: unknown } | null)?.reason;
    if (e.event === SHELL_EVENTS.workspaceChanged && (reason === 'approvals' || reason === 'allocation' || reason === 'demo')) void refreshApprovals();
  };

  const stop = deps.engine.onEvent(onEvent);
  deps.render(state);
  // Counted at start without a notification: the user has not missed anything new yet.
  const ready = (async () => {
    try {
      const proposed = await deps.engine.call('approvals.list', { states: ['proposed'] });
      dispatch({ type: 'pendingApprovals', count: proposed.length });
    } catch (e) {
      deps.onError(e);
    }
  })();

  return {
    ready,
    get state() {
      return state;
    },
    refreshApprovals,
    setPaused: (paused: boolean) => dispatch({ type: 'paused', paused }),
    /** The user opened the window: findings are no longer news. */
    seen: () => dispatch({ type: 'seen' }),
    stop,
  };
}
