import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './src/shared/security.ts';

/**
 * The CSP as a <meta> tag in the built page too (issue 10, item 7): a response header does not reach
 * every page in every Electron version. frame-ancestors is not allowed in a meta tag (the header keeps it).
 * Build only: the dev server injects inline scripts of its own.
 */
const cspMeta = (): Plugin => ({
  name: 'callsight-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${metaPolicy()}" />`),
});
export const metaPolicy = (): string =>
  CONTENT_SECURITY_POLICY.split('; ')
    .filter((part) => !part.startsWith('frame-ancestors'))
    .join('; ');

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The engine, import and scan workers are separate bundles so worker_threads can load them by path.
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'engine-worker': resolve(root, 'src/core/engine/engine-worker.ts'),
          'import-worker': resolve(root, 'src/core/import/import-worker.ts'),
          'scan-worker': resolve(root, 'src/core/query/scan-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        // A sandboxed preload cannot be an ES module: https://www.electronjs.org/docs/latest/tutorial/esm#preload-scripts
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
    plugins: [react(), cspMeta()],
  },
});
