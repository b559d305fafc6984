import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Nothing inlined as data: URLs, so the page's CSP can stay at img-src 'self'.
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'chrome130',
    // Every Chromium we run in preloads modules itself.
    modulePreload: { polyfill: false },
    // The desk's shell is the first chunk; every other view is a chunk of its own, read when it
    // is first shown or while the page is idle (renderer/src/app/views.ts). Vite's warning at
    // 500 kB stays on, so that nothing heavy slips back into the first chunk unnoticed.
  },
});
