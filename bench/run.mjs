// npm run bench: the benchmark page (bench/page.ts) in a plainly launched headless Chromium (no
// debugging protocol, which slows receiving by itself), against a local `ws` server. Prints a
// table of medians, spreads and ratios, and writes the same as JSON under bench/results/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';
import { ensureChromium } from '../scripts/browsers.mjs';

const frames = Number(process.env.BENCH_FRAMES ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const frame = '0123456789012345678901234567890123456789012345678901234567890123'; // 64 bytes

const script = (
  await build({
    entryPoints: ['bench/page.ts'],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    tsconfig: 'tsconfig.json',
    logLevel: 'error',
  })
).outputFiles[0].text;

let finish;
const finished = new Promise((resolve) => (finish = resolve));
const server = http.createServer((request, response) => {
  if (request.url?.startsWith('/results') && request.method === 'POST') {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.end('ok');
      finish(JSON.parse(body));
    });
    return;
  }
  if (request.url === '/page.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  response
    .writeHead(200, { 'content-type': 'text/html' })
    .end('<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>');
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws, request) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const count = Number(url.searchParams.get('frames') ?? 0);
  if (url.pathname === '/burst') {
    ws.once('message', () => {
      for (let i = 0; i < count; i += 1) ws.send(frame);
    });
  } else if (url.pathname === '/sink') {
    let received = 0;
    ws.on('message', () => {
      received += 1;
      if (received === count) ws.send('done');
    });
  } else {
    ws.on('message', (data) => ws.send(data.toString()));
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const browser = spawn(
  ensureChromium(),
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    `--user-data-dir=${mkdtempSync(join(tmpdir(), 'ws-client-bench-'))}`,
    `http://127.0.0.1:${port}/?frames=${frames}&runs=${runs}`,
  ],
  { stdio: 'ignore' },
);
const timeout = setTimeout(() => finish(null), 15 * 60_000);
const data = await finished;
clearTimeout(timeout);
browser.kill();
wss.close();
server.close();
if (!data) {
  console.error('The benchmark page did not report within 15 minutes.');
  process.exit(1);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const table = [];
for (const [scenario, subjects] of Object.entries(data.results)) {
  const raw = median(subjects['raw WebSocket']);
  const minimal = subjects['minimal element'] ? median(subjects['minimal element']) : undefined;
  for (const [name, values] of Object.entries(subjects)) {
    const m = median(values);
    table.push({
      scenario,
      subject: name,
      median: Number(m.toFixed(4)),
      min: Number(Math.min(...values).toFixed(4)),
      max: Number(Math.max(...values).toFixed(4)),
      'vs raw': Number((m / raw).toFixed(3)),
      'vs minimal': minimal === undefined ? null : Number((m / minimal).toFixed(3)),
    });
  }
}
console.log(`${frames} frames, ${runs} runs, ${data.userAgent}`);
console.log('receive/send: frames per ms (higher is better); latency: ms (lower is better)');
console.table(table);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${new Date().toISOString().replaceAll(':', '-')}.json`;
writeFileSync(file, `${JSON.stringify({ ...data, table }, null, 2)}\n`);
console.log(file);
