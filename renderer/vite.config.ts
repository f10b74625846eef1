// Builds the renderer as a plain web app into out/web, which `adloop serve` hosts. electron-vite
// builds the same index.html for the desktop window; neither build may pull in node or electron.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the page is served from 127.0.0.1:<random port> and from file:// in Electron.
  base: './',
  plugins: [react()],
  build: {
    outDir: `${repoRoot}out/web`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
