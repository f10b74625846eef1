// What a crash report may carry (main process, preload and renderer alike): nothing that identifies a person or opens an account. Every string
// goes through the log redaction (tokens, Bearer headers, e-mails), URLs lose their query strings,
// secret-named keys (headers, cookies, tokens) lose their values, and the user block keeps no PII.
import { redactString } from './redaction';

const SECRET_KEY = /^(access_?token|refresh_?token|id_?token|token|authorization|proxy-authorization|password|passwd|secret|api_?key|client_?secret|cookie|set-cookie|x-adloop-token|x-api-key|hapikey|email|e-mail)$/i;
const URL_QUERY = /\b((?:https?|wss?|app|file):\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;

export function scrubString(s: string): string {
  return redactString(s.replace(URL_QUERY, '$1'));
}

/** Deep copy with strings scrubbed and secret-named keys emptied. Depth-limited against cycles. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (depth > 24) return '[too deep]';
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : scrubValue(v, depth + 1);
  return out;
}

/** The Sentry event fields this scrubber knows about; everything else is scrubbed generically. */
export interface CrashEvent {
  message?: string;
  user?: Record<string, unknown>;
  request?: { url?: string; query_string?: unknown; cookies?: unknown; data?: unknown; headers?: Record<string, string>; [k: string]: unknown };
  [key: string]: unknown;
}

export function scrubEvent<E extends CrashEvent>(event: E): E {
  const out = scrubValue(event) as E;
  // Sentry fills these from the machine and the request; none are needed to fix a crash.
  if (out.user) out.user = typeof event.user?.id === 'string' ? { id: '[anonymous]' } : {};
  delete (out as CrashEvent).server_name;
  if (out.request) {
    delete out.request.query_string;
    delete out.request.cookies;
    delete out.request.data;
  }
  return out;
}

export function scrubBreadcrumb<B extends Record<string, unknown>>(breadcrumb: B): B | null {
  // Console breadcrumbs repeat whatever was logged, arguments included: the log file already has
  // the redacted version, so a crash report does not need them.
  if (breadcrumb.category === 'console') return null;
  return scrubValue(breadcrumb) as B;
}

/**
 * Passed to the window's preload (webPreferences.additionalArguments) when the user has opted in and
 * the main process's Sentry is running; without it the preload exposes no crash-report bridge.
 */
/** The Sentry options every process sets alike (main, renderer): no PII, every event and breadcrumb scrubbed. */
export interface ScrubbingOptions {
  sendDefaultPii: false;
  beforeSend(event: Record<string, unknown>): Record<string, unknown> | null;
  beforeBreadcrumb(breadcrumb: Record<string, unknown>): Record<string, unknown> | null;
}

export function scrubbingOptions(): ScrubbingOptions {
  return { sendDefaultPii: false, beforeSend: (e) => scrubEvent(e), beforeBreadcrumb: (b) => scrubBreadcrumb(b) };
}

export const CRASH_REPORTS_ARG = '--adloop-crash-reports=on';
