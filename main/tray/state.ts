// The tray's state as a pure reducer of engine events (plus two facts the shell looks up itself:
// the number of changes awaiting approval and whether automation is paused).
import type { ShellEvent } from '../engine-facade';
import { SHELL_EVENTS } from '../scheduler-methods';

export type TrayStatus = 'idle' | 'scanning' | 'attention';

export interface TrayState {
  /** Running jobs by id → kind ('fatigue.scan', 'sync', 'learning' …). */
  jobs: Record<string, string>;
  lastScanAt: string | null;
  /** Findings not yet looked at (cleared when the user opens the window). */
  unseenFindings: number;
  pendingApprovals: number;
  /** Providers whose token was refused. */
  reconnect: string[];
  paused: boolean;
}

export type TrayAction =
  | { type: 'event'; event: ShellEvent; at: string }
  | { type: 'pendingApprovals'; count: number }
  | { type: 'paused'; paused: boolean }
  | { type: 'seen' };

export const initialTrayState = (paused = false): TrayState => ({
  jobs: {},
  lastScanAt: null,
  unseenFindings: 0,
  pendingApprovals: 0,
  reconnect: [],
  paused,
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
/** Scan-like job kinds: what "last scan" and "scanning" mean in the tray. */
export const isScanKind = (kind: string) => /(^|\.)scan/i.test(kind) || kind.startsWith('fatigue.');

/** The number of findings an event reports, whichever shape the fatigue branch settles on. */
export function findingsCount(payload: unknown): number {
  if (!isRecord(payload)) return 0;
  if (typeof payload.count === 'number' && Number.isFinite(payload.count)) return Math.max(0, Math.floor(payload.count));
  if (Array.isArray(payload.findings)) return payload.findings.length;
  return 0;
}

export function trayReducer(state: TrayState, action: TrayAction): TrayState {
  switch (action.type) {
    case 'pendingApprovals':
      return { ...state, pendingApprovals: Math.max(0, action.count) };
    case 'paused':
      return { ...state, paused: action.paused };
    case 'seen':
      return { ...state, unseenFindings: 0 };
    case 'event':
      return onEvent(state, action.event, action.at);
  }
}

function onEvent(state: TrayState, e: ShellEvent, at: string): TrayState {
  const p = e.payload;
  switch (e.event) {
    case SHELL_EVENTS.progress: {
      if (!isRecord(p) || typeof p.jobId !== 'string' || typeof p.kind !== 'string') return state;
      const finished = (typeof p.total === 'number' && p.done === p.total) || p.percent === 100;
      const jobs = { ...state.jobs };
      if (finished) delete jobs[p.jobId];
      else jobs[p.jobId] = p.kind;
      const lastScanAt = finished && isScanKind(p.kind) ? at : state.lastScanAt;
      return { ...state, jobs, lastScanAt };
    }
    case SHELL_EVENTS.fatigueFindings:
      return { ...state, lastScanAt: at, unseenFindings: state.unseenFindings + findingsCount(p) };
    case SHELL_EVENTS.reconnectNeeded: {
      const provider = isRecord(p) && typeof p.provider === 'string' ? p.provider : 'unknown';
      return state.reconnect.includes(provider) ? state : { ...state, reconnect: [...state.reconnect, provider] };
    }
    case SHELL_EVENTS.workspaceChanged:
      // A credential was saved (connections area): any reconnect request is answered.
      return isRecord(p) && p.reason === 'connections' && state.reconnect.length ? { ...state, reconnect: [] } : state;
    default:
      return state;
  }
}

/** Attention outranks scanning: a waiting approval matters more than a running scan. */
export function trayStatus(s: TrayState): TrayStatus {
  if (s.unseenFindings > 0 || s.pendingApprovals > 0 || s.reconnect.length > 0) return 'attention';
  if (Object.keys(s.jobs).length > 0) return 'scanning';
  return 'idle';
}

export function trayTooltip(s: TrayState): string {
  const status = trayStatus(s);
  if (status === 'scanning') return 'Adloop — working…';
  if (status === 'idle') return 'Adloop';
  const parts: string[] = [];
  if (s.reconnect.length) parts.push(`reconnect ${s.reconnect.join(', ')}`);
  if (s.pendingApprovals) parts.push(`${s.pendingApprovals} change${s.pendingApprovals === 1 ? '' : 's'} awaiting approval`);
  if (s.unseenFindings) parts.push(`${s.unseenFindings} new fatigue finding${s.unseenFindings === 1 ? '' : 's'}`);
  return `Adloop — ${parts.join('; ')}`;
}
