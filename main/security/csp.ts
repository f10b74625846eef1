// The Content-Security-Policy sent with every page the app:// protocol serves. The renderer is
// built by Vite into files, so nothing needs inline scripts, eval or a remote origin: the engine
// is reached over IPC, not fetch.

export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // React and Recharts set style attributes; inline <style>/style="" is the one allowance.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
  ].join('; ');
}
