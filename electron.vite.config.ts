// The desktop build: main process (with the engine worker as its own bundle), the sandboxed
// preload and the renderer, all into out/. `electron-vite build` needs no Electron binary.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import rendererViteConfig from './renderer/vite.config';

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: at('./out/main'),
      rolldownOptions: {
        // The engine worker is not listed: main imports it as `workers/engine/worker?modulePath`,
        // which makes electron-vite bundle it as a separate entry and hand main its built path.
        input: { index: at('./main/index.ts') },
        // Never bundled even if they move to devDependencies: PGlite loads its .wasm/.data from
        // its own package folder (unpacked from the asar), and piscina spawns its own workers.
        external: [/^@electric-sql\//, 'piscina'],
      },
    },
  },
  preload: {
    build: {
      outDir: at('./out/preload'),
      // A sandboxed preload may only load the electron module itself: bundle the contract (and zod) into it.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('./preload/index.ts') },
        // Sandboxed preloads must be CommonJS; .cjs because package.json says "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    // The same app `adloop serve` hosts (renderer/vite.config.ts builds that copy into out/web).
    root: at('./renderer'),
    plugins: rendererViteConfig.plugins ?? [],
    build: {
      outDir: at('./out/renderer'),
      rolldownOptions: { input: at('./renderer/index.html') },
    },
  },
});
