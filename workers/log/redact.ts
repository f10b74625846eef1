// Every log line passes through here before it is written anywhere. Tokens, access_token query
// strings and e-mail addresses never reach a log file, a terminal or a crash report.

const SECRET_KEYS = /^(access_?token|refresh_?token|token|authorization|password|secret|api_?key|client_?secret|cookie|x-adloop-token)$/i;
const PATTERNS: Array<[RegExp, string]> = [
  // access_token=…, token=…, key=… in URLs and query strings
  [/([?&](?:access_token|token|api_key|key|client_secret|fbclid|hapikey)=)[^&#\s"']+/gi, '$1[redacted]'],
  // Bearer tokens in headers quoted into messages
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]'],
  // Meta user/system tokens start with EAA…; HubSpot private-app tokens with pat-
  [/\bEAA[A-Za-z0-9]{20,}\b/g, '[redacted-meta-token]'],
  [/\bpat-[a-z0-9]{2,4}-[0-9a-f-]{20,}\b/gi, '[redacted-hubspot-token]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[redacted-email]'],
];

export function redactString(s: string): string {
  let out = s;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

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
