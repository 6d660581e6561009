// The log-scale scenario of `npm run bench` (issue #17): bench/log-scale.ts in a plainly launched
// headless Chromium, against a server that sends `count` messages at `rate` a second once asked.
// Returns its figures as rows of the bench's targets table.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { WebSocketServer } from 'ws';

const COUNT = 10_000;
const RATE = 500;

/** Sends `count` frames at `rate` a second, in batches every 10 ms (timers are not finer). */
function paced(ws, count, rate) {
  let sent = 0;
  const start = Date.now();
  const timer = setInterval(() => {
    const due = Math.min(count, Math.floor(((Date.now() - start) / 1000) * rate));
    for (; sent < due; sent += 1) ws.send(JSON.stringify({ seq: sent, price: 100 + (sent % 17), topic: 'prices' }));
    if (sent >= count) clearInterval(timer);
  }, 10);
  ws.on('close', () => clearInterval(timer));
}

/** Runs the scenario in Chromium at `executable`; resolves with target rows `{target, measured, goal, met}`. */
export async function logScale(executable, { count = COUNT, rate = RATE, runs = 3 } = {}) {
  const script = (
    await build({
      entryPoints: ['bench/log-scale.ts'],
      bundle: true,
      format: 'esm',
      write: false,
      minify: true,
      tsconfig: 'tsconfig.json',
      logLevel: 'error',
    })
  ).outputFiles[0].text;
  let finish = () => {};
  const reported = new Promise((resolve) => (finish = resolve));
  const server = http.createServer((request, response) => {
    if (request.url === '/results' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        response.end('ok');
        finish(JSON.parse(body));
      });
      return;
    }
    if (request.url === '/log-scale.js') {
      return response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><meta charset="utf-8"><title>log scale</title><script type="module" src="/log-scale.js"></script>`,
      );
  });
  new WebSocketServer({ server }).on('connection', (ws, request) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/paced') return ws.close(1008, 'unknown path');
    ws.once('message', () => paced(ws, Number(url.searchParams.get('count')), Number(url.searchParams.get('rate'))));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const browser = spawn(
    executable,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--enable-precise-memory-info',
      '--js-flags=--expose-gc',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'ws-client-bench-log-'))}`,
      `http://127.0.0.1:${port}/?${new URLSearchParams({ count, rate, runs })}`,
    ],
    { stdio: process.env.BENCH_DEBUG ? 'inherit' : 'ignore' },
  );
  const timeout = setTimeout(() => finish({ error: 'no report in 10 minutes' }), 10 * 60_000);
  const data = await reported;
  clearTimeout(timeout);
  browser.kill();
  server.close();
  if (data.error) throw new Error(`log scale: ${data.error}`);
  const r = data.results;
  const round = (value) => Number(value.toFixed(2));
  console.log(`log scale: ${r.messages} messages in ${round(r.seconds)} s, median of ${runs} runs`);
  console.table(Object.fromEntries(Object.entries(r).map(([name, value]) => [name, round(value)])));
  const row = (name, value, ok, goal) => ({
    target: `log scale: ${name}`,
    measured: round(value),
    goal,
    met: ok ? 'yes' : 'NO',
  });
  return [
    row(
      `rows in DOM at ${count} messages, ${rate}/s (max)`,
      r['rows in DOM (max)'],
      r['rows in DOM (max)'] < 200,
      '< 200',
    ),
    row('longest task (ms)', r['longest task (ms)'], r['longest task (ms)'] <= 50, '<= 50'),
    row(
      'heap at 10 000 - at 5 000 (MB)',
      r['heap at 10 000 (MB)'] - r['heap at 5 000 (MB)'],
      r['heap at 10 000 (MB)'] - r['heap at 5 000 (MB)'] < 1,
      '< 1 (bounded by the limit)',
    ),
    {
      target: 'log scale: heap at 10 000 (MB)',
      measured: round(r['heap at 10 000 (MB)']),
      goal: '(reported)',
      met: '',
    },
    {
      target: 'log scale: longest task without the log, the control (ms)',
      measured: round(r['longest task without the log (ms)']),
      goal: '(reported)',
      met: '',
    },
    {
      target: 'log scale: longest log update, render + layout (ms)',
      measured: round(r['longest log update (ms)']),
      goal: '(reported)',
      met: '',
    },
    {
      target: 'log scale: mean log update (ms)',
      measured: round(r['mean log update (ms)']),
      goal: '(reported)',
      met: '',
    },
    {
      target: 'log scale: longest gap between frames (ms)',
      measured: round(r['longest gap between frames (ms)']),
      goal: '(reported)',
      met: '',
    },
  ];
}
