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
    // One bundle for a desktop page read from disk; nothing is fetched over a network.
    chunkSizeWarningLimit: 1500,
  },
});
