// Which frames may call the engine over IPC. Only our own renderer: a page that navigated
// elsewhere, an iframe of another site or a devtools extension must not reach the engine, even
// though Electron delivers their messages on the same channels.

/**
 * An allowed origin is either a web origin (`http://localhost:5173`, `app://adloop`) or a `file:`
 * URL of the folder that holds the built renderer (`file:///…/out/renderer/`), since a file URL
 * has no origin of its own.
 */
export function isTrustedSenderUrl(url: string | null | undefined, allowedOrigins: readonly string[]): boolean {
  if (!url) return false;
  let sender: URL;
  try {
    sender = new URL(url);
  } catch {
    return false;
  }
  if (sender.username || sender.password) return false;
  return allowedOrigins.some((allowed) => matches(sender, allowed));
}

function matches(sender: URL, allowed: string): boolean {
  let entry: URL;
  try {
    entry = new URL(allowed);
  } catch {
    return false;
  }
  if (sender.protocol !== entry.protocol) return false;
  if (entry.protocol === 'file:') {
    // The URL parser has already resolved `..` segments, so a prefix test on the path is sound;
    // the folder must end with `/` or `/out/renderer-evil/` would pass for `/out/renderer`.
    const folder = entry.pathname.endsWith('/') ? entry.pathname : `${entry.pathname}/`;
    return sender.host === entry.host && sender.pathname.startsWith(folder);
  }
  // URL.origin is "null" for non-special schemes such as app://, so compare scheme + host + port.
  return sender.host === entry.host;
}
