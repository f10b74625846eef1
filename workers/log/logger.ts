// Structured JSON-lines logs shared by the engine, the shell and the CLI. One line per event:
// {ts, level, component, msg, …fields} — fields name the request or job id and a duration
// where there is one. Everything passes through `redact` first.
import { redact, redactString } from './redact';
import { RotatingFile } from './rotating-file';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /** Runs `fn`, then logs `msg` with `durationMs` (and the error, if it threw). */
  time<T>(msg: string, fields: Record<string, unknown>, fn: () => Promise<T>): Promise<T>;
}

export interface LoggerOptions {
  component: string;
  /** Folder for the rotating file (usually <data folder>/logs). Omit to log to the terminal only. */
  dir?: string;
  level?: LogLevel;
  /** Write pretty lines to stderr. Defaults to stderr being a TTY. */
  pretty?: boolean;
  /** Also write JSON lines to stderr (for hosts that collect them). */
  stderrJson?: boolean;
  /** Where lines go in tests. */
  sink?: (line: string) => void;
}

const files = new Map<string, RotatingFile>();

function fileFor(dir: string): RotatingFile {
  let f = files.get(dir);
  if (!f) {
    f = new RotatingFile({ dir });
    files.set(dir, f);
  }
  return f;
}

export function formatLine(level: LogLevel, component: string, msg: string, fields: Record<string, unknown>): string {
  const record = { ts: new Date().toISOString(), level, component, msg: redactString(msg), ...(redact(fields) as object) };
  return JSON.stringify(record) + '\n';
}

function pretty(level: LogLevel, component: string, msg: string, fields: Record<string, unknown>): string {
  const safe = redact(fields) as Record<string, unknown>;
  const extra = Object.entries(safe)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const time = new Date().toISOString().slice(11, 23);
  return `${time} ${level.toUpperCase().padEnd(5)} [${component}] ${redactString(msg)}${extra ? ' ' + extra : ''}\n`;
}

export function createLogger(opts: LoggerOptions, bound: Record<string, unknown> = {}): Logger {
  const min = ORDER[opts.level ?? (process.env.ADLOOP_LOG_LEVEL as LogLevel | undefined) ?? 'info'] ?? ORDER.info;
  const showPretty = opts.pretty ?? (process.stderr.isTTY === true && !opts.sink);
  const file = opts.dir ? fileFor(opts.dir) : null;

  const write = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < min) return;
    const all = { ...bound, ...fields };
    const line = formatLine(level, opts.component, msg, all);
    try {
      if (opts.sink) opts.sink(line);
      if (file) file.write(line);
      if (showPretty) process.stderr.write(pretty(level, opts.component, msg, all));
      else if (opts.stderrJson) process.stderr.write(line);
    } catch {
      // Logging must never take the engine down (disk full, folder removed).
    }
  };

  const logger: Logger = {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(opts, { ...bound, ...fields }),
    async time(msg, fields, fn) {
      const t0 = performance.now();
      try {
        const out = await fn();
        write('info', msg, { ...fields, durationMs: Math.round((performance.now() - t0) * 10) / 10 });
        return out;
      } catch (e) {
        write('error', msg, { ...fields, durationMs: Math.round((performance.now() - t0) * 10) / 10, error: e });
        throw e;
      }
    },
  };
  return logger;
}
