// What the interface shows about updates, as a pure reducer of updater events.
import type { UpdaterEvent } from './updater';

export type UpdatePhase = 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'error';

export interface UpdateState {
  phase: UpdatePhase;
  version?: string;
  /** 0–100 while downloading. */
  percent?: number;
  /** A sentence for the user; `offline` errors are expected and retried quietly. */
  error?: { message: string; offline: boolean };
}

const OFFLINE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_|ERR_PROXY_CONNECTION_FAILED|socket hang up|net::/i;

/** electron-updater's errors carry stack-like text; the user gets one clear sentence. */
export function describeUpdateError(raw: string): { message: string; offline: boolean } {
  if (OFFLINE.test(raw)) return { message: 'Could not reach the update server — you seem to be offline. Adloop will check again later.', offline: true };
  if (/404|Cannot find channel|latest.*\.yml/i.test(raw)) return { message: 'No update information was found on the update server for this channel.', offline: false };
  if (/sha512 checksum mismatch|signature/i.test(raw)) return { message: 'The downloaded update failed its integrity check and was discarded.', offline: false };
  return { message: `The update check failed: ${raw.split('\n')[0]!.slice(0, 200)}`, offline: false };
}

export function updateReducer(s: UpdateState, e: UpdaterEvent): UpdateState {
  switch (e.type) {
    case 'checking':
      // A downloaded update stays ready through later checks.
      return s.phase === 'ready' || s.phase === 'downloading' ? s : { phase: 'checking' };
    case 'not-available':
      return s.phase === 'ready' ? s : { phase: 'up-to-date' };
    case 'available':
      return { phase: 'downloading', version: e.version, percent: 0 };
    case 'progress': {
      const percent = Math.max(0, Math.min(100, Math.floor(e.percent)));
      const next: UpdateState = { phase: 'downloading', percent };
      if (s.version) next.version = s.version;
      return next;
    }
    case 'downloaded':
      return { phase: 'ready', version: e.version };
    case 'error':
      return s.phase === 'ready' ? s : { phase: 'error', ...(s.version ? { version: s.version } : {}), error: describeUpdateError(e.message) };
  }
}
