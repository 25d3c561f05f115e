import { readFileSync } from 'node:fs';
import { defineConfig, type EnvironmentOptions, type Plugin } from 'vite';

/**
 * Two self-contained IIFE bundles and one stylesheet, with fixed names (the hub serves them under
 * its own cache-busting query): dist/web/widget/loader.js, panel.js and panel.css, plus the demo
 * host page template demo.html beside them.
 * Rollup cannot emit IIFE for several inputs at once, so each bundle is its own environment and
 * `vite build` builds them one after the other.
 */
const repo = decodeURIComponent(new URL('../..', import.meta.url).pathname);
const outDir = `${repo}dist/web/widget`;

function iife(name: 'loader' | 'panel', emptyOutDir: boolean): EnvironmentOptions {
  return {
    consumer: 'client',
    build: {
      outDir,
      emptyOutDir,
      copyPublicDir: false,
      cssCodeSplit: false,
      modulePreload: false,
      reportCompressedSize: true,
      rollupOptions: {
        input: `${repo}web/widget/src/${name}/main.ts`,
        output: {
          format: 'iife',
          entryFileNames: `${name}.js`,
          assetFileNames: (asset) =>
            asset.names.some((n) => n.endsWith('.css')) ? `${name}.css` : '[name][extname]',
          inlineDynamicImports: true,
        },
      },
    },
  };
}

/** Copies the demo host page template (placeholders intact) next to the bundles the hub serves. */
function demoPage(): Plugin {
  return {
    name: 'switchboard-widget-demo-page',
    applyToEnvironment: (environment) => environment.name === 'panel',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'demo.html',
        source: readFileSync(`${repo}web/widget/demo.html`, 'utf8'),
      });
    },
  };
}

export default defineConfig({
  root: repo,
  publicDir: false,
  logLevel: 'warn',
  plugins: [demoPage()],
  build: {
    target: 'es2020',
    cssTarget: ['chrome90', 'firefox90', 'safari14.1', 'edge90'],
    minify: 'esbuild',
    sourcemap: false,
  },
  environments: {
    loader: iife('loader', true),
    panel: iife('panel', false),
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.loader);
      await builder.build(builder.environments.panel);
    },
  },
});
