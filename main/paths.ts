// Where the shell finds things on disk, in a checkout (electron-vite dev/preview) and in a
// packaged app. Pure, so the packaged layout can be checked without Electron.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The engine thread reads migrations with plain `fs`, so in a packaged app they must come from
 * the unpacked copy next to app.asar (electron-builder.yml lists them in asarUnpack).
 */
export function migrationsDirFor(appPath: string): string {
  return path.join(appPath.replace(/app\.asar$/, 'app.asar.unpacked'), 'migrations');
}

/** The built renderer, as `file:` folder URL the IPC router trusts, and its index page. */
export function builtRenderer(outMainDir: string): { folderUrl: string; indexHtml: string } {
  const folder = path.resolve(outMainDir, '../renderer');
  return { folderUrl: pathToFileURL(folder + path.sep).href, indexHtml: path.join(folder, 'index.html') };
}
