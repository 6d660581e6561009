// npm run size: minified + gzip and brotli bytes of what a page loads, ours beside our peers',
// all bundled the same way (esbuild --minify, ES module, CSS in css`` literals minified; code
// loaded on demand, the inspector log, apart). `--enforce` (in CI) exits 1 when a bundle grows
// past its ceiling.
import { build } from 'esbuild';
import { buildCdn } from './bundle.mjs';
import { minifyCssPlugin } from './minify-css.mjs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Bundles `contents` and splits the output into what a page loads with it (the entry and the
 * chunks it imports statically) and what it loads on demand (dynamic imports), by chunk name.
 */
async function bundle(contents, { external = [] } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    splitting: true,
    metafile: true,
    outdir: 'size-out',
    chunkNames: '[name]-[hash]',
    external,
    tsconfig: 'tsconfig.json',
    legalComments: 'none',
    plugins: [minifyCssPlugin],
    logLevel: 'error',
  });
  const byPath = new Map(result.outputFiles.map((file) => [path.relative(process.cwd(), file.path), file]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint !== undefined);
  const loaded = new Set();
  const visit = (name) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const { path: target, kind } of outputs[name].imports)
      if (kind === 'import-statement' && outputs[target]) visit(target);
  };
  visit(entry);
  const onDemand = Object.keys(outputs)
    .filter((name) => name.endsWith('.js') && !loaded.has(name))
    .map((name) => ({ name: path.basename(name).replace(/-[A-Z0-9]+\.js$/, ''), files: [byPath.get(name)] }));
  return { loaded: [...loaded].map((name) => byPath.get(name)), onDemand };
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
/**
 * Gzip bytes CI enforces (`--enforce`): ceilings, not targets. No byte without a feature, but no
 * contortion for a byte either; growth past one is a decision, not a drift.
 */
const LIMITS = {
  // 4 KB was set before the engine kept what a dying socket still held, ran in workers and
  // followed each document's lifecycle (about 450 B gzip together); see bench/README.md.
  engine: { ceiling: 4.5 * KB },
  element: { ceiling: 8.5 * KB },
  // 14.5 KB was set before the element could share a connection (#16: the six sharing settings,
  // the join and the wait for the sharing chunk) and host <ws-client-log> (#17: its creation,
  // observeSends, updateComplete): about 780 B gzip together; see bench/README.md.
  cdn: { ceiling: 15 * KB },
};
const rows = [];

const onDemandRows = (label, { onDemand }) =>
  onDemand.map(({ name, files }) => ({ name: `  ${label} on demand: ${name}`, ...measure(files) }));

// (a) The connection engine alone (with its heartbeat): no Lit, no UI.
const engine = await bundle("export * from './src/connection.ts';");
rows.push({ name: 'ws-client: connection engine', ...measure(engine.loaded), ...LIMITS.engine });
rows.push(...onDemandRows('engine', engine));

// (b) The element with its controls and the engine, Lit external; the inspector log, loaded on
// demand, apart.
const element = await bundle("export * from './src/index.ts';", {
  external: ['lit', 'lit/*', 'lit-html', 'lit-html/*', '@lit/reactive-element', '@lit/reactive-element/*'],
});
rows.push({ name: 'ws-client: element, Lit external', ...measure(element.loaded), ...LIMITS.element });
rows.push(...onDemandRows('element', element));

// (c) The CDN file, Lit bundled, as `npm run build` makes it: everything a page loads up front
// (the log's chunk is a file beside it).
{
  const output = (await buildCdn()).filter((file) => file.type === 'chunk');
  const byName = new Map(output.map((file) => [file.fileName, file]));
  const loaded = new Set();
  const visit = (file) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const name of file.imports) visit(byName.get(name));
  };
  visit(output.find((file) => file.isEntry));
  const contents = (file) => ({ contents: Buffer.from(file.code) });
  rows.push({ name: 'ws-client: CDN file, Lit bundled', ...measure([...loaded].map(contents)), ...LIMITS.cdn });
  rows.push(
    ...onDemandRows('CDN', {
      onDemand: output
        .filter((file) => !loaded.has(file))
        .map((file) => ({ name: file.name, files: [contents(file)] })),
    }),
  );
}

const peer = async (name, contents) => ({ name, ...measure((await bundle(contents)).loaded) });
rows.push(await peer('reconnecting-websocket', "export { default } from 'reconnecting-websocket';"));
rows.push(await peer('partysocket', "export { WebSocket } from 'partysocket';"));
rows.push(await peer('socket.io-client', "export { io } from 'socket.io-client';"));
rows.push(await peer('htmx 2 + ws extension', "import 'htmx.org'; import 'htmx-ext-ws';"));

const pad = (value, width) => String(value ?? '').padStart(width);
console.log(`${'bundle'.padEnd(36)} ${pad('min', 8)} ${pad('gzip', 8)} ${pad('brotli', 8)} ${pad('ceiling', 8)}`);
const over = [];
for (const row of rows) {
  const notes = [];
  if (row.ceiling !== undefined && row.gzip > row.ceiling) {
    over.push(row.name.trim());
    notes.push('OVER CEILING');
  }
  console.log(
    `${row.name.padEnd(36)} ${pad(row.minified, 8)} ${pad(row.gzip, 8)} ${pad(row.brotli, 8)} ${pad(row.ceiling, 8)}  ${notes.join(', ')}`,
  );
}
if (over.length > 0) console.log(`Over the enforced ceilings: ${over.join('; ')}.`);
if (process.argv.includes('--enforce') && over.length > 0) process.exit(1);
