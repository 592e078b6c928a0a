// The dashboard's build: Preact + uPlot bundled by vite into dist/ui, served
// by the gateway at /ui. Everything is local: no CDN, works offline.
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  root: here('.'),
  base: '/ui/',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: here('../dist/ui'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 400 },
};
