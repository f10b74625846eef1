// electron-builder cannot package here (it downloads Electron), so its config is checked the way
// electron-builder itself loads and validates it, plus the choices the app depends on.
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { migrationsDirFor } from '../../main/paths';

const root = path.resolve(import.meta.dirname, '../..');
const load = () => getConfig(root, 'electron-builder.yml', null);
const patterns = (files: unknown): string[] =>
  (Array.isArray(files) ? files : [files]).flatMap((f) => (typeof f === 'string' ? [f] : ((f as { filter?: string[] }).filter ?? [])));

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is actually validated: a misspelt fuse is refused', async () => {
    const config = await load();
    const broken = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('names the app and packs the built app, migrations and resources', async () => {
    const config = await load();
    expect(config.appId).toBe('app.adloop.desktop');
    expect(config.productName).toBe('Adloop');
    expect(config.directories?.output).toBe('dist');
    expect(patterns(config.files)).toEqual(expect.arrayContaining(['out/**', 'package.json', 'migrations/**', 'resources/**']));
  });

  it('unpacks PGlite and the migrations from the asar, where the engine thread reads them with fs', async () => {
    const config = await load();
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/@electric-sql/**', 'migrations/**']));
    // main/ looks for migrations exactly where asarUnpack puts them.
    const appPath = path.join('/opt/Adloop/resources', 'app.asar');
    expect(migrationsDirFor(appPath)).toBe(path.join('/opt/Adloop/resources/app.asar.unpacked', 'migrations'));
  });

  it('flips the security fuses', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds installers for each OS and publishes to GitHub releases', async () => {
    const config = await load();
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Office' });
    expect(config.mac).toMatchObject({ target: ['dmg', 'zip'], hardenedRuntime: true });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    // GitHub releases first (what the app reads), a generic HTTPS feed as the alternative.
    expect(config.publish).toEqual([
      { provider: 'github', releaseType: 'draft' },
      { provider: 'generic', url: expect.stringMatching(/^https:\/\//) },
    ]);
  });
});
