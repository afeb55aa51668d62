import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Bundles the browser bench page (bench/browser/) on its own, without the Next app, into bench/.build/. */
export default defineConfig({
  root: fileURLToPath(new URL('./browser/', import.meta.url)),
  resolve: { alias: { '@': fileURLToPath(new URL('../', import.meta.url)) } },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./.build/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One bench page: a large bundle (tfjs and its backends) is expected, not a problem to warn of.
    chunkSizeWarningLimit: 8000,
  },
});
