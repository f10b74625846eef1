import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtRenderer, migrationsDirFor } from '../../main/paths';
import { isTrustedSenderUrl } from '../../main/trusted-sender';

describe('shell paths', () => {
  it('reads migrations from the unpacked copy in a packaged app and from the checkout otherwise', () => {
    const packaged = path.join('/opt', 'Adloop', 'resources', 'app.asar');
    expect(migrationsDirFor(packaged)).toBe(path.join('/opt', 'Adloop', 'resources', 'app.asar.unpacked', 'migrations'));
    expect(migrationsDirFor('/home/me/adloop')).toBe(path.join('/home/me/adloop', 'migrations'));
  });

  it("trusts the built renderer's own index page, which the window loads", () => {
    const r = builtRenderer(path.join('/opt', 'Adloop', 'out', 'main'));
    expect(r.indexHtml).toBe(path.join('/opt', 'Adloop', 'out', 'renderer', 'index.html'));
    expect(isTrustedSenderUrl(pathToFileURL(r.indexHtml).href, [r.folderUrl])).toBe(true);
    expect(isTrustedSenderUrl('file:///opt/Adloop/out/main/index.js', [r.folderUrl])).toBe(false);
  });
});
