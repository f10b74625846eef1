// Engine methods the shell calls that other areas are adding in parallel (the scheduler lives in
// the fatigue issue, the learning cycle in its own). They are called by name through
// EngineFacade.callByName; until they exist the engine answers UnknownMethod and the shell logs it.
// Rename here once those branches land.
export const SCHEDULER_METHODS = {
  /** The machine woke up (powerMonitor 'resume'): run what fell due while it slept. */
  wake: 'fatigue.wake',
  /** The machine is going to sleep: no new scans. */
  suspend: 'fatigue.suspend',
  scanNow: 'fatigue.scanNow',
  runLearning: 'learning.run',
  /** Pause/resume the scheduler's automatic work. */
  setPaused: 'scheduler.setPaused',
} as const;

/** Engine event names the shell reacts to; the ones marked "by name" come from other branches. */
export const SHELL_EVENTS = {
  progress: 'progress',
  workspaceChanged: 'workspace.changed',
  /** By name (fatigue issue): new findings from a scan. Payload `{ count }` or `{ findings: [] }`. */
  fatigueFindings: 'fatigue.findings',
  /** By name (sync issue): a token was refused (Meta 190 / HubSpot 401). Payload `{ provider }`. */
  reconnectNeeded: 'sync.reconnectNeeded',
} as const;
