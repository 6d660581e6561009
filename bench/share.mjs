// The bench server's part for the sharing scenarios (bench/share.ts): the page a `tabs` document
// loads, the spaced tick feed, and the figures' goals. Hooked into bench/run.mjs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import {
  HEAP,
  OWN,
  PER_MESSAGE,
  SHARED,
  TAB_FRAMES,
  TAB_WINDOWS,
  TABS_MEDIAN,
  TABS_P99,
  WALL_PER_MESSAGE,
} from './share-labels.mjs';

// As every page of the bench: cross-origin isolated (a frame of an isolated page must be too),
// and fetched afresh.
const headers = {
  'content-type': 'text/html',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * A document with one `<ws-client share="tabs" host=…>` (the CDN build, as bench/run.mjs serves it
 * under /startup/), driven and heard on a BroadcastChannel (bench/share.ts's Tab). It notes each
 * message's number and when it came, on the clock all documents share,
 * `performance.timeOrigin + performance.now()`, and sends them all once it has `count`.
 */
const TAB_PAGE = `<!doctype html><meta charset="utf-8"><title>tab</title>
<script type="module" src="/startup/ws-client.bundle.js"></script>
<script>
const params = new URLSearchParams(location.search);
const id = params.get('id');
const count = Number(params.get('count'));
const channel = new BroadcastChannel(params.get('channel'));
const received = [];
const element = document.createElement('ws-client');
element.setAttribute('share', 'tabs');
element.setAttribute('host', params.get('host'));
element.addEventListener('message', (event) => {
  received.push([Number(event.data), performance.timeOrigin + performance.now()]);
  if (received.length === count) channel.postMessage({ id, received });
});
const status = () => channel.postMessage({ id, state: element.state, role: element.shareRole });
element.addEventListener('open', status);
element.addEventListener('share-role', status);
channel.addEventListener('message', ({ data }) => {
  if (data.id !== id) return;
  if (data.command === 'go') element.send('go');
  if (data.command === 'status') status();
  if (data.command === 'close') {
    element.remove();
    window.close();
  }
});
document.documentElement.append(element);
</script>`;

let ticksPerSecond;

/**
 * The CPU time, in ms, that the main threads of the bench browser's renderers have used so far
 * (utime + stime of each renderer's first thread, from /proc), or null where there is no /proc.
 * The page's renderer is the one that works; the others idle. This is the main thread's own time,
 * which wall time overstates when the machine is busy (the server sending 100 sockets' frames
 * runs on the same cores).
 */
function rendererMainThreads() {
  let ticks = 0;
  let found = false;
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!command.includes('--type=renderer') || !command.includes('ws-client-bench-chromium')) continue;
      const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // A process that ended while being read.
    }
  }
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
  return found ? (ticks * 1000) / ticksPerSecond : null;
}

/** Answers the tab page and the main threads' CPU time (JSON); returns whether it did. */
export function shareRequest(request, response) {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === '/share/tab') {
    response.writeHead(200, headers).end(TAB_PAGE);
  } else if (pathname === '/share/cpu') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rendererMainThreads()));
  } else {
    return false;
  }
  return true;
}

/**
 * /ticks?count=&every=: on the first message, `count` messages ("0", "1", …) `every` ms apart.
 * Returns whether it took the connection.
 */
export function shareConnection(ws, url) {
  if (url.pathname !== '/ticks') return false;
  const count = Number(url.searchParams.get('count'));
  const every = Number(url.searchParams.get('every'));
  ws.once('message', () => {
    let sent = 0;
    const timer = setInterval(() => {
      if (ws.readyState !== ws.OPEN || sent === count) return clearInterval(timer);
      ws.send(String(sent));
      sent += 1;
    }, every);
  });
  return true;
}

/** The goals of issue #16, from the medians over runs of figures taken within one run. */
export function shareTargets({ ratio, get, target, reported }) {
  target(
    'share: main-thread µs per delivered message, shared / own',
    ratio(PER_MESSAGE, SHARED, OWN),
    (v) => v <= 1,
    '<= 1',
  );
  reported('share: wall time per delivered message, shared / own', ratio(WALL_PER_MESSAGE, SHARED, OWN));
  reported('share: heap per element, shared / own', ratio(HEAP, SHARED, OWN));
  for (const subject of [TAB_FRAMES, TAB_WINDOWS]) {
    target(`tabs, ${subject}: follower - leader, median (ms)`, get(TABS_MEDIAN, subject), (v) => v < 1, '< 1');
    reported(`tabs, ${subject}: follower - leader, p99 (ms)`, get(TABS_P99, subject));
  }
}
