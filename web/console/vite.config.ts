import { defineConfig } from 'vite';

/**
 * The agent console: one React single-page app served by the hub at /console (src/console). The
 * build writes dist/web/console/index.html and hashed files under dist/web/console/assets/. The
 * hub answers with a strict CSP (no inline script or style), so index.html only links files.
 *
 * `vite -c web/console/vite.config.ts` (or `vite preview`) proxies the API to a hub on
 * SB_HUB_PORT (default 3000) for development.
 */
const repo = decodeURIComponent(new URL('../..', import.meta.url).pathname);
const hub = `http://127.0.0.1:${process.env.SB_HUB_PORT ?? '3000'}`;
const proxy = {
  '/graphql': { target: hub, ws: true },
  '/files': { target: hub },
};

export default defineConfig({
  root: `${repo}web/console`,
  base: '/console/',
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: `${repo}dist/web/console`,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    cssTarget: ['chrome90', 'firefox90', 'safari14.1', 'edge90'],
    minify: 'esbuild',
    sourcemap: false,
    // The polyfill would be inlined into index.html, which the CSP forbids; every target browser
    // supports modulepreload or does without it.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: { proxy },
  preview: { proxy },
});
