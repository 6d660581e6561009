// npm run bench: the benchmark page (bench/page.ts) in a plainly launched headless Chromium (no
// debugging protocol, which slows receiving by itself), against a local `ws` server. Prints a
// table of medians, spreads and ratios; a full run also writes them as the summary in
// bench/README.md. The 1000-connection scenario runs again in Firefox (Chromium opens at most
// 255 sockets).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { format, resolveConfig } from 'prettier';
import { WebSocketServer } from 'ws';
import { ensureChromium, findFirefox } from '../scripts/browsers.mjs';
import { buildCdn } from '../scripts/bundle.mjs';
import { shareConnection, shareRequest, shareTargets } from './share.mjs';
import { logScale } from './log-scale.mjs';

const frames = Number(process.env.BENCH_FRAMES ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
// BENCH_ONLY=receive,latency runs only those scenarios; BENCH_MANY sets the connection count
// (BENCH_MANY_FIREFOX in Firefox, 0 skips that run); BENCH_DEBUG=1 shows the browser's output.
const only = process.env.BENCH_ONLY ?? '';
// Chromium opens at most 255 WebSockets at a time: the 1000 run in Firefox (below).
const many = Number(process.env.BENCH_MANY ?? 250);
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

// The start-up pages' element: the CDN build, as `npm run build` makes it.
const startup = new Map(
  (await buildCdn()).filter((file) => file.type === 'chunk').map((file) => [`/startup/${file.fileName}`, file.code]),
);
/**
 * The start-up pages, loaded in frames by the bench page: each reports when its first connection
 * is open, in ms since its own navigation started (or that it closed first), and leaves it in
 * `window.connection`. Both listen before their connection exists, on the document for the
 * element (a capturing listener gets its non-bubbling events), so nothing comes too early.
 */
const listen = (target, subject) => `
${target}.addEventListener('open', (event) => {
  window.connection = event.target;
  parent.postMessage({ subject: '${subject}', open: performance.now() }, '*');
}, { capture: true, once: true });
${target}.addEventListener('close', () => window.connection || parent.postMessage({ subject: '${subject}', failed: true }, '*'), { capture: true, once: true });`;
const startupPages = {
  '/startup/raw': `<script>
const socket = new WebSocket(\`ws://\${location.host}/echo\`);${listen('socket', 'raw WebSocket')}
</script>`,
  '/startup/ws-client': `<script>${listen('document', 'ws-client')}</script>
<script type="module" src="/startup/ws-client.bundle.js"></script>
<ws-client host="/echo"></ws-client>`,
};

let finish = () => {};
const server = http.createServer((request, response) => {
  if (shareRequest(request, response)) return;
  if (request.url?.startsWith('/results') && request.method === 'POST') {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.end('ok');
      finish(JSON.parse(body));
    });
    return;
  }
  // Cross-origin isolated: performance.now() gets 5 µs resolution instead of 100 µs.
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (request.url === '/page.js') {
    return response.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(script);
  }
  // Not cached: every start-up load fetches, parses and runs its scripts again.
  const fresh = { ...isolated, 'cache-control': 'no-store' };
  if (startup.has(request.url)) {
    return response.writeHead(200, { 'content-type': 'text/javascript', ...fresh }).end(startup.get(request.url));
  }
  if (request.url in startupPages) {
    return response
      .writeHead(200, { 'content-type': 'text/html', ...fresh })
      .end(`<!doctype html><meta charset="utf-8"><title>start-up</title>${startupPages[request.url]}`);
  }
  response
    .writeHead(200, { 'content-type': 'text/html', ...isolated })
    .end('<!doctype html><meta charset="utf-8"><title>bench</title><script type="module" src="/page.js"></script>');
});
function onConnection(ws, request) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (shareConnection(ws, url)) return;
  const count = Number(url.searchParams.get('frames') ?? 0);
  if (url.pathname === '/burst') {
    ws.once('message', () => {
      for (let i = 0; i < count; i += 1) ws.send(frame);
    });
  } else if (url.pathname === '/large') {
    const size = Number(url.searchParams.get('size'));
    const binary = url.searchParams.get('binary') === 'true';
    const payload = binary ? Buffer.alloc(size, 7) : 'x'.repeat(size);
    ws.once('message', () => {
      for (let i = 0; i < Number(url.searchParams.get('count')); i += 1) ws.send(payload, { binary });
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
}

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
// The same server on three more loopback addresses: Chromium opens at most 255 WebSockets to one
// host and port, and Firefox one handshake at a time to each, so the many connections are spread
// over four (the page cycles through them).
const servers = [server];
for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
  const extra = http.createServer((request, response) => response.writeHead(404).end());
  await new Promise((resolve) => extra.listen(port, address, resolve));
  servers.push(extra);
}
const sockets = servers.map((each) => new WebSocketServer({ server: each }).on('connection', onConnection));

/** Opens the bench page in `executable` (launched plainly, with `args`) and waits for its report. */
async function runPage(executable, args, params) {
  const finished = new Promise((resolve) => (finish = resolve));
  const browser = spawn(executable, [...args, `http://127.0.0.1:${port}/?${new URLSearchParams(params)}`], {
    stdio: process.env.BENCH_DEBUG ? 'inherit' : 'ignore',
  });
  const timeout = setTimeout(() => finish(null), 30 * 60_000);
  const data = await finished;
  clearTimeout(timeout);
  browser.kill();
  await new Promise((resolve) => (browser.exitCode === null ? browser.once('exit', resolve) : resolve()));
  if (!data || data.error) {
    console.error(
      data ? `The benchmark page failed: ${data.error}` : 'The benchmark page did not report in 30 minutes.',
    );
    process.exit(1);
  }
  return data;
}

const profile = (name) => mkdtempSync(join(tmpdir(), `ws-client-bench-${name}-`));
const data = await runPage(
  ensureChromium(),
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--enable-precise-memory-info',
    // The tabs scenario opens windows from script (bench/share.ts).
    '--disable-popup-blocking',
    ...(process.env.BENCH_DEBUG ? ['--enable-logging=stderr', '--log-level=0'] : []),
    '--js-flags=--expose-gc',
    `--user-data-dir=${profile('chromium')}`,
  ],
  { frames, runs, many, ...(only ? { only } : {}) },
);

// The 1000 elements: Chromium cannot open them (its WebSocket pool holds 256 sockets),
// Firefox can once its cap (network.websocket.max-connections, 200) is raised. So that scenario
// runs again in Firefox with the cap at 2000, when Firefox is installed.
const firefox = findFirefox();
const manyFirefox = Number(process.env.BENCH_MANY_FIREFOX ?? 1000);
if (firefox && manyFirefox > 0 && (!only || only.split(',').includes('many'))) {
  const directory = profile('firefox');
  const prefs = {
    'network.websocket.max-connections': 2000,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'app.update.disabledForTesting': true,
  };
  writeFileSync(
    join(directory, 'user.js'),
    Object.entries(prefs)
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(''),
  );
  const fromFirefox = await runPage(firefox, ['--headless', '--no-remote', '--profile', directory], {
    frames,
    runs,
    many: manyFirefox,
    only: 'many',
  });
  for (const [scenario, subjects] of Object.entries(fromFirefox.results)) {
    data.results[`Firefox: ${scenario}`] = subjects;
  }
  data.firefoxUserAgent = fromFirefox.userAgent;
}
for (const each of sockets) each.close();
for (const each of servers) each.close();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 3) => Number(value.toFixed(digits));
const table = [];
for (const [scenario, subjects] of Object.entries(data.results)) {
  const raw = subjects['raw WebSocket'] ? median(subjects['raw WebSocket']) : undefined;
  const minimal = subjects['minimal element'] ? median(subjects['minimal element']) : undefined;
  for (const [name, values] of Object.entries(subjects)) {
    const m = median(values);
    table.push({
      scenario,
      subject: name,
      median: round(m, 4),
      min: round(Math.min(...values), 4),
      max: round(Math.max(...values), 4),
      'vs raw': raw === undefined ? null : round(m / raw),
      'vs minimal': minimal === undefined ? null : round(m / minimal),
    });
  }
}

// The targets of the performance issue. Each is judged on the median over runs of a figure taken
// within one run (a ratio or a difference of two subjects measured minutes apart at most), which
// cancels most of the drift of a busy machine.
const values = (scenario, subject) => data.results[scenario]?.[subject];
function paired(scenario, a, b, combine) {
  const first = values(scenario, a);
  const second = values(scenario, b);
  if (!first || !second) return undefined;
  return median(first.map((value, run) => combine(value, second[run])));
}
const ratio = (scenario, a, b) => paired(scenario, a, b, (x, y) => x / y);
const difference = (scenario, a, b) => paired(scenario, a, b, (x, y) => x - y);
const targets = [];
function target(name, value, ok, goal) {
  if (value === undefined || Number.isNaN(value)) return;
  targets.push({ target: name, measured: round(value, 4), goal, met: ok(value) ? 'yes' : 'NO' });
}
const RECEIVE = 'receive (frames/ms)';
const PER_FRAME = 'main thread per frame (µs)';
const log = 'ws-client controls log';
target(
  'receive: ws-client / minimal element',
  ratio(RECEIVE, 'ws-client', 'minimal element'),
  (v) => v >= 0.95,
  '>= 0.95',
);
for (const peer of ['reconnecting-websocket', 'partysocket']) {
  target(`receive: ws-client / ${peer}`, ratio(RECEIVE, 'ws-client', peer), (v) => v > 1, '> 1 (ahead)');
}
// For reading the two above: the floor itself against the peers (a DOM element dispatching a new
// MessageEvent per frame, against plain listeners or a plain EventTarget).
for (const peer of ['reconnecting-websocket', 'partysocket']) {
  const value = ratio(RECEIVE, 'minimal element', peer);
  if (value !== undefined) {
    targets.push({ target: `receive: minimal element / ${peer}`, measured: round(value, 4), goal: '(floor)', met: '' });
  }
}
target(
  'µs per frame: ws-client - minimal element',
  difference(PER_FRAME, 'ws-client', 'minimal element'),
  (v) => v <= 5,
  '<= 5',
);
for (const peer of ['reconnecting-websocket', 'partysocket']) {
  target(`µs per frame: ws-client - ${peer}`, difference(PER_FRAME, 'ws-client', peer), (v) => v < 0, '< 0 (below)');
}
target('receive with the log / minimal element', ratio(RECEIVE, log, 'minimal element'), (v) => v >= 0.8, '>= 0.80');
const get = (scenario, subject) => (values(scenario, subject) ? median(values(scenario, subject)) : undefined);
target('log: renders per frame', get('log: renders per frame', log), (v) => v <= 0.01, '<= 0.01');
target('log: renders per animation frame', get('log: renders per animation frame', log), (v) => v <= 1, '<= 1');
target('log: longest task (ms)', get('receive: longest task (ms)', log), (v) => v <= 50, '<= 50');
target(
  'latency: median overhead (ms)',
  difference('latency median (ms)', 'ws-client', 'raw WebSocket'),
  (v) => v <= 0.05,
  '<= 0.05',
);
target(
  'latency: p99 overhead (ms)',
  difference('latency p99 (ms)', 'ws-client', 'raw WebSocket'),
  (v) => v <= 0.5,
  '<= 0.5',
);
target('send: ws-client / raw', ratio('send (sends/ms)', 'ws-client', 'raw WebSocket'), (v) => v >= 0.95, '>= 0.95');
for (const size of ['1 MB', '16 MB']) {
  for (const kind of ['text', 'binary']) {
    const scenario = `${size} ${kind} (MB/s)`;
    target(`${scenario}: ws-client / raw`, ratio(scenario, 'ws-client', 'raw WebSocket'), (v) => v >= 0.95, '>= 0.95');
  }
}
target(
  '10 000 sends: queued / after open',
  ratio('10 000 sends (sends/ms)', 'ws-client, queued before open', 'ws-client, sent after open'),
  (v) => v >= 0.9,
  '>= 0.9',
);
target('log: heap growth (MB)', get('log: heap growth after the burst (MB)', log), (v) => v < 2, '< 2');
for (const [prefix, count] of [
  ['', many],
  ['Firefox: ', manyFirefox],
]) {
  target(
    `${prefix}${count} connections: ws-client / raw time to all open`,
    ratio(`${prefix}${count} connections: all open (ms)`, 'ws-client', 'raw WebSocket'),
    (v) => v <= 1.2,
    '<= 1.2',
  );
  target(
    `${prefix}${count} connections: longest task after the creating one (ms)`,
    get(`${prefix}${count} connections: longest task after (ms)`, 'ws-client'),
    (v) => v <= 50,
    '<= 50',
  );
}
// Start-up has no target in the issue: reported, the element's cost over a raw socket's page.
const STARTUP = 'start-up: navigation to first open (ms)';
for (const [name, value] of [
  ['start-up: ws-client / raw', ratio(STARTUP, 'ws-client', 'raw WebSocket')],
  ['start-up: ws-client - raw (ms)', difference(STARTUP, 'ws-client', 'raw WebSocket')],
]) {
  if (value !== undefined) targets.push({ target: name, measured: round(value, 4), goal: '(reported)', met: '' });
}
shareTargets({
  ratio,
  get,
  target,
  reported: (name, value) =>
    value === undefined || targets.push({ target: name, measured: round(value, 4), goal: '(reported)', met: '' }),
});

// The log at scale (issue #17): its own page and server, see bench/log-scale.mjs.
if (!only || only.split(',').includes('log-scale')) targets.push(...(await logScale(ensureChromium())));

console.log(
  `${frames} frames, ${runs} runs (after a warm-up run), ${data.userAgent}, timer resolution ${data.timerResolution} ms`,
);
if (data.firefoxUserAgent) console.log(`Firefox: ${manyFirefox} connections, ${runs} runs, ${data.firefoxUserAgent}`);
console.log('Higher is better for frames/ms, sends/ms and MB/s; lower for ms, µs, renders and MB.');
console.table(table);
console.table(targets);

// A full run (every scenario) replaces the summary in bench/README.md, between its markers; a
// partial one (BENCH_ONLY) only prints, so the summary always shows one whole run.
const README = 'bench/README.md';
const START = '<!-- bench:summary:start -->';
const END = '<!-- bench:summary:end -->';

/** A Markdown table (`|` in cells escaped); Prettier aligns it. */
const markdownTable = (columns, rows) =>
  [
    columns,
    columns.map(() => '---'),
    ...rows.map((row) => row.map((cell) => String(cell ?? '').replaceAll('|', '\\|'))),
  ]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');

/** "Chromium 156" or "Firefox 153" from a user agent string. */
const browserName = (userAgent) => {
  const chromium = /Chrome\/(\d+)/.exec(userAgent);
  const firefox = /Firefox\/(\d+)/.exec(userAgent);
  return chromium ? `Chromium ${chromium[1]}` : firefox ? `Firefox ${firefox[1]}` : userAgent;
};

/** The run as Markdown: when and where, each figure with its goal, then every scenario's median and spread. */
async function summary(result, date, cores) {
  const when = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const browsers = [
    `${browserName(result.userAgent)} (timer resolution ${round(result.timerResolution * 1000, 1)} µs)`,
  ];
  if (result.firefoxUserAgent) browsers.push(`${browserName(result.firefoxUserAgent)} (the many-connections scenario)`);
  else browsers.push('no Firefox');
  const markdown = [
    `Run of ${when}, on ${cores} cores: ${browsers.join(', ')}; ${result.frames} frames, ${result.runs} runs after a warm-up run.`,
    markdownTable(
      ['figure', 'measured', 'goal', 'met'],
      result.targets.map(({ target: name, measured, goal, met }) => [name, measured, goal, met === 'NO' ? 'no' : met]),
    ),
    "Every scenario: median, lowest and highest over the runs; the median against the raw socket's and the minimal element's.",
    markdownTable(
      ['scenario', 'subject', 'median', 'min', 'max', 'vs raw', 'vs minimal'],
      result.table.map((row) => [
        row.scenario,
        row.subject,
        row.median,
        row.min,
        row.max,
        row['vs raw'],
        row['vs minimal'],
      ]),
    ),
  ].join('\n\n');
  return format(markdown, { ...(await resolveConfig(README)), parser: 'markdown' });
}

if (only) {
  console.log(`BENCH_ONLY is set: ${README} keeps its summary of the last full run.`);
} else {
  const readme = readFileSync(README, 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    console.error(`${README} has no ${START} … ${END} block: the summary was not written.`);
    process.exit(1);
  }
  const block = await summary({ ...data, table, targets }, new Date(), availableParallelism());
  writeFileSync(README, `${readme.slice(0, start + START.length)}\n\n${block}\n${readme.slice(end)}`);
  console.log(`Summary written to ${README}.`);
}
