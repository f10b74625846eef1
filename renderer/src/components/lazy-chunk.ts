// Code that loads on first use: each view and the chart panels are separate chunks, so the first
// paint fetches only the shell and the view on screen (recharts alone is most of the bundle).
//
// The catch is that such a fetch can fail long after the page loaded. The usual case: `adloop serve`
// was restarted while this tab stayed open. The new run refuses the old tab's cookie (401) and, after
// an update, no longer has the old chunk hashes at all. React.lazy would rethrow the bare
// "Failed to fetch dynamically imported module" from render and leave a blank page. So every lazy
// piece goes through lazyChunk(), which tags the failure as a ChunkLoadError; ViewFrame's boundary
// recognises exactly that error and turns it into the session-ended page or a Reload prompt.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** Loading a code-split piece of the interface failed (network, refused session, or a stale hash). */
export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
  /** What the chunk shows, for the message: "Budget", "the chart". */
  readonly what: string;

  constructor(what: string, cause: unknown) {
    super(`Could not load the code for ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.what = what;
  }
}

export function isChunkLoadError(error: unknown): error is ChunkLoadError {
  return error instanceof ChunkLoadError;
}

/**
 * React.lazy for a named export, with load failures tagged as ChunkLoadError. React keeps the
 * rejected promise, so a failed piece stays failed until the page reloads — which is also what
 * fixes it (the reload fetches the current index.html and its current chunk names).
 */
export function lazyChunk<P extends object>(what: string, load: () => Promise<ComponentType<P>>): LazyExoticComponent<ComponentType<P>> {
  return lazy(() =>
    load().then(
      (component) => ({ default: component }),
      (cause: unknown) => {
        throw new ChunkLoadError(what, cause);
      },
    ),
  );
}
