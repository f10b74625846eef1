// Engine methods the shell calls for the scheduler and the tray, by name through
// EngineFacade.callByName (an unknown name is answered UnknownMethod and logged).
export const SCHEDULER_METHODS = {
  /** The machine woke up (powerMonitor 'resume'): run what fell due while it slept. */
  wake: 'fatigue.wake',
  scanNow: 'fatigue.scan',
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
