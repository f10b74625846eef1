import { createLogger, type Logger } from '../../workers/log';

/** A logger that keeps its lines in memory, for assertions. */
export function memoryLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ component: 'test', pretty: false, sink: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  return Object.assign(log, { lines });
}
