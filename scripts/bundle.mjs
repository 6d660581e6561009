// The CDN build: dist/ws-client.bundle.js with Lit bundled, and beside it (dist/bundle/) the
// chunks it loads on demand (controls, inspector, heartbeat). One <script type="module"> tag.
import { build } from 'esbuild';
import { minifyCssPlugin } from './minify-css.mjs';

await build({
  entryPoints: { 'ws-client.bundle': 'src/index.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  target: 'es2022',
  tsconfig: 'tsconfig.json',
  outdir: 'dist',
  chunkNames: 'bundle/[name]-[hash]',
  plugins: [minifyCssPlugin],
  logLevel: 'warning',
});
