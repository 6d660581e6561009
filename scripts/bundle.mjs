// The CDN build: dist/ws-client.bundle.js with Lit bundled, and beside it (dist/bundle/) the
// inspector log's chunk, loaded on demand. One <script type="module"> tag.
//
// Rollup, not esbuild's splitting: esbuild moves the code the entry shares with its on-demand
// chunks (Lit, the engine) into shared chunks that the entry imports, so a page discovers them
// only after the entry arrives: one more round trip before the first connection. Rollup keeps
// them in the entry (`preserveEntrySignatures: 'allow-extension'`) and the on-demand chunks
// import them from it. esbuild still compiles the TypeScript and minifies each chunk.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import { rollup } from 'rollup';
import { minifyCssLiterals } from './minify-css.mjs';

/** Our sources: `./x.js` imports resolved to `x.ts`, compiled by esbuild, CSS literals minified. */
const typescript = {
  name: 'typescript',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const path = fileURLToPath(new URL(source.replace(/\.js$/, '.ts'), `file://${importer}`));
    return existsSync(path) ? path : null;
  },
  async load(id) {
    if (!id.endsWith('.ts')) return null;
    const { code, map } = await transform(minifyCssLiterals(await readFile(id, 'utf8')), {
      loader: 'ts',
      sourcefile: id,
      sourcemap: 'external',
      target: 'es2022',
      tsconfigRaw: { compilerOptions: { useDefineForClassFields: false, experimentalDecorators: true } },
    });
    return { code, map };
  },
};

const minify = {
  name: 'minify',
  async renderChunk(code) {
    const { code: minified, map } = await transform(code, {
      minify: true,
      format: 'esm',
      target: 'es2022',
      legalComments: 'none',
      sourcemap: 'external',
    });
    return { code: minified, map };
  },
};

/** Builds the CDN files; writes them under `dir` when given. Returns Rollup's output. */
export async function buildCdn(dir) {
  const bundle = await rollup({
    input: { 'ws-client.bundle': 'src/index.ts' },
    plugins: [typescript, nodeResolve(), minify],
    preserveEntrySignatures: 'allow-extension',
    onwarn(warning, warn) {
      // Lit's own `this` at the top of a module, harmless.
      if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  const options = {
    format: 'esm',
    chunkFileNames: 'bundle/[name]-[hash].js',
    sourcemap: true,
  };
  const { output } = dir ? await bundle.write({ ...options, dir }) : await bundle.generate(options);
  await bundle.close();
  return output;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCdn('dist');
