// npm run size: minified + gzip and brotli bytes of what a page loads, ours beside our peers',
// all bundled the same way (esbuild --minify, ES module). Budgets from the performance issue are
// shown; `--enforce` exits 1 when one is exceeded.
import { build } from 'esbuild';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

async function bundle(contents, { external = [], splitting = false } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    splitting,
    outdir: 'size-out',
    external,
    tsconfig: 'tsconfig.json',
    legalComments: 'none',
    logLevel: 'error',
  });
  return result.outputFiles.filter((file) => file.path.endsWith('.js'));
}

function measure(files) {
  const code = Buffer.concat(files.map((file) => Buffer.from(file.contents)));
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const KB = 1024;
const rows = [];

// (a) The connection engine alone: no Lit, no UI.
rows.push({
  name: 'ws-client: connection engine',
  ...measure(await bundle("export * from './src/connection.ts';")),
  budget: 2.5 * KB,
});

// (b) The element as a page that uses only its events loads it: Lit external; the inspector,
// loaded on demand, apart.
const split = await bundle("export * from './src/index.ts';", { external: ['lit', 'lit/*'], splitting: true });
const inspector = split.filter((file) => /inspector/.test(file.path));
rows.push({
  name: 'ws-client: element, Lit external',
  ...measure(split.filter((file) => !inspector.includes(file))),
  budget: 4.5 * KB,
});
rows.push({ name: 'ws-client: inspector (on demand)', ...measure(inspector) });

// (c) The single-file CDN build, Lit bundled.
rows.push({
  name: 'ws-client: CDN file, Lit bundled',
  ...measure(await bundle("export * from './src/index.ts';")),
  budget: 10 * KB,
});

rows.push({
  name: 'reconnecting-websocket',
  ...measure(await bundle("export { default } from 'reconnecting-websocket';")),
});
rows.push({ name: 'partysocket', ...measure(await bundle("export { WebSocket } from 'partysocket';")) });
rows.push({ name: 'socket.io-client', ...measure(await bundle("export { io } from 'socket.io-client';")) });
rows.push({ name: 'htmx 2 + ws extension', ...measure(await bundle("import 'htmx.org'; import 'htmx-ext-ws';")) });

const pad = (value, width) => String(value).padStart(width);
console.log(`${'bundle'.padEnd(36)} ${pad('min', 8)} ${pad('gzip', 8)} ${pad('brotli', 8)}  budget (gzip)`);
let over = 0;
for (const row of rows) {
  const verdict =
    row.budget === undefined ? '' : row.gzip <= row.budget ? `<= ${row.budget} ok` : `> ${row.budget} OVER`;
  if (row.budget !== undefined && row.gzip > row.budget) over += 1;
  console.log(`${row.name.padEnd(36)} ${pad(row.minified, 8)} ${pad(row.gzip, 8)} ${pad(row.brotli, 8)}  ${verdict}`);
}
if (process.argv.includes('--enforce') && over > 0) process.exit(1);
