// What the sidebar says about the desktop app's own updates, from the shell's `update.status`
// events (main/updater). Quiet when there is nothing to do; a progress bar while downloading.
import type { EventPayload } from '../../../contract';

export type UpdateStatus = EventPayload<'update.status'>;

export interface UpdateLine {
  text: string;
  /** 0–100 while downloading, else null (no bar). */
  percent: number | null;
  tone: 'muted' | 'ok' | 'warn';
}

/** The line to show, or null when the updater has nothing worth a buyer's attention. */
export function updateLine(s: UpdateStatus | null): UpdateLine | null {
  if (!s) return null;
  const v = s.version ? `Adloop ${s.version}` : 'An update';
  switch (s.phase) {
    case 'idle':
    case 'up-to-date':
      return null;
    case 'checking':
      return { text: 'Checking for updates…', percent: null, tone: 'muted' };
    case 'downloading': {
      const p = s.percent === undefined ? null : Math.max(0, Math.min(100, Math.round(s.percent)));
      return { text: p === null ? `Downloading ${v}…` : `Downloading ${v} — ${p} %`, percent: p ?? 0, tone: 'muted' };
    }
    case 'ready':
      return { text: `${v} is ready: it installs when you quit.`, percent: null, tone: 'ok' };
    case 'error':
      return {
        text: s.error?.offline ? 'Offline: updates are checked again later.' : `Update failed: ${s.error?.message ?? 'unknown error'}. Adloop tries again at the next check.`,
        percent: null,
        tone: 'warn',
      };
  }
}
