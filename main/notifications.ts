// Engine events that deserve a system notification, and the view a click opens. The renderer's
// router reads the view from the URL hash (#/fatigue), so a click shows the window and sets it.
import type { ShellEvent } from './engine-facade';
import { SHELL_EVENTS } from './scheduler-methods';
import { findingsCount } from './tray/state';

/** Views a notification may open; a subset of renderer/src/routing/views.ts. */
export const NOTIFICATION_VIEWS = ['fatigue', 'approvals', 'settings'] as const;
export type NotificationView = (typeof NOTIFICATION_VIEWS)[number];

export interface ShellNotification {
  title: string;
  body: string;
  view: NotificationView;
}

const PROVIDER_NAMES: Record<string, string> = { meta: 'Meta', hubspot: 'HubSpot' };

export function notificationForEvent(e: ShellEvent): ShellNotification | null {
  const p = e.payload as Record<string, unknown> | null;
  if (e.event === SHELL_EVENTS.fatigueFindings) {
    const n = findingsCount(p);
    if (n === 0) return null;
    return { title: 'Creative fatigue', body: `${n} ad${n === 1 ? ' is' : 's are'} showing fatigue.`, view: 'fatigue' };
  }
  if (e.event === SHELL_EVENTS.reconnectNeeded) {
    const provider = typeof p?.provider === 'string' ? p.provider : '';
    const name = PROVIDER_NAMES[provider] ?? 'An account';
    return { title: `Reconnect ${name}`, body: `${name} refused Adloop's access. Sync is stopped until you reconnect in Settings.`, view: 'settings' };
  }
  return null;
}

/** Changes awaiting approval: notify when the count goes up, not on every refresh. */
export function notificationForApprovals(previous: number, current: number): ShellNotification | null {
  if (current <= previous) return null;
  return {
    title: 'Changes awaiting approval',
    body: `${current} change${current === 1 ? '' : 's'} waiting for your approval.`,
    view: 'approvals',
  };
}

/** The script a click runs in the window: only one of our fixed view ids ever reaches it. */
export function navigationScript(view: NotificationView): string {
  if (!(NOTIFICATION_VIEWS as readonly string[]).includes(view)) throw new Error(`not a notification view: ${String(view)}`);
  return `window.location.hash = ${JSON.stringify(`#/${view}`)}`;
}
