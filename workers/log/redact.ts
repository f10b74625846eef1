// Every log line passes through here before it is written anywhere. Tokens, access_token query
// strings and e-mail addresses never reach a log file, a terminal or a crash report. The text
// patterns live in the contract, so the renderer's crash reports scrub with the same rules.
import { redactString } from '../../contract/redaction';

export { redactString };

const SECRET_KEYS = /^(access_?token|refresh_?token|token|authorization|password|secret|api_?key|client_?secret|cookie|x-adloop-token)$/i;
/** Deep-copies a value with secrets removed. Keys that name a secret lose their value entirely. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}
