// Text redaction shared by the log (workers/log), the main process's crash reports and the
// renderer's: tokens, access_token query strings and e-mail addresses never reach a log file, a
// terminal or a crash report. Pure, so every layer can use it.

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
