import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dev server injects an inline React-refresh preamble and talks HMR over a WebSocket; the
 * strict CSP in index.html would block both. Only in `vite serve` the policy is relaxed for that.
 * Built files keep the strict policy unchanged.
 */
function devCsp(): Plugin {
  return {
    name: 'quartiersatlas-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self' blob: data:", "connect-src 'self' blob: data: ws: wss:");
    },
  };
}

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build runs from app:// (Electron) and from the loopback web host.
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../build/renderer',
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    // MapLibre alone is about 1 MB; this is a desktop app loading from disk.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
  },
});
