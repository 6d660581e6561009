// The benchmark page: every subject in the same page and the same run, interleaved, each
// result posted back to the bench server (no debugging protocol attached to the browser).
import ReconnectingWebSocket from 'reconnecting-websocket';
import { WebSocket as PartySocket } from 'partysocket';
import '../src/index.js';

interface Subject {
  name: string;
  open(url: string): Promise<{ target: EventTarget; send(data: string): void; close(): void }>;
}

/** The floor for any element with our contract: it only re-dispatches each frame. */
class MinimalElement extends HTMLElement {
  socket: WebSocket | null = null;
  connect(url: string): void {
    this.socket = new WebSocket(url);
    this.socket.addEventListener('message', (event) =>
      this.dispatchEvent(new MessageEvent('message', { data: event.data })),
    );
  }
}
customElements.define('minimal-element', MinimalElement);

function opened(target: EventTarget): Promise<void> {
  return new Promise((resolve) => target.addEventListener('open', () => resolve(), { once: true }));
}

const subjects: Subject[] = [
  {
    name: 'raw WebSocket',
    async open(url) {
      const socket = new WebSocket(url);
      await opened(socket);
      return { target: socket, send: (data) => socket.send(data), close: () => socket.close() };
    },
  },
  {
    name: 'minimal element',
    async open(url) {
      const element = document.createElement('minimal-element') as MinimalElement;
      document.body.append(element);
      element.connect(url);
      await opened(element.socket!);
      return {
        target: element,
        send: (data) => element.socket!.send(data),
        close: () => (element.socket!.close(), element.remove()),
      };
    },
  },
  {
    name: 'ws-client',
    async open(url) {
      const element = document.createElement('ws-client');
      element.host = url;
      const ready = opened(element);
      document.body.append(element);
      await ready;
      return { target: element, send: (data) => element.send(data), close: () => element.remove() };
    },
  },
  {
    name: 'ws-client controls log',
    async open(url) {
      const element = document.createElement('ws-client');
      element.host = url;
      element.controls = true;
      element.log = true;
      const ready = opened(element);
      document.body.append(element);
      await ready;
      return { target: element, send: (data) => element.send(data), close: () => element.remove() };
    },
  },
  {
    name: 'reconnecting-websocket',
    async open(url) {
      const socket = new ReconnectingWebSocket(url);
      await opened(socket as unknown as EventTarget);
      return {
        target: socket as unknown as EventTarget,
        send: (data) => socket.send(data),
        close: () => socket.close(),
      };
    },
  },
  {
    name: 'partysocket',
    async open(url) {
      const socket = new PartySocket(url);
      await opened(socket as unknown as EventTarget);
      return {
        target: socket as unknown as EventTarget,
        send: (data) => socket.send(data),
        close: () => socket.close(),
      };
    },
  },
];

const base = `ws://${location.host}`;
const params = new URLSearchParams(location.search);
const frames = Number(params.get('frames') ?? 100_000);
const runs = Number(params.get('runs') ?? 5);

/** Frames per ms for a burst of `frames` 64-byte text frames, one message listener. */
async function receive(subject: Subject): Promise<number> {
  const connection = await subject.open(`${base}/burst?frames=${frames}`);
  let count = 0;
  const done = new Promise<number>((resolve) => {
    connection.target.addEventListener('message', () => {
      count += 1;
      if (count === frames) resolve(performance.now());
    });
  });
  const start = performance.now();
  connection.send('go');
  const end = await done;
  connection.close();
  return frames / (end - start);
}

/** Sends per ms for `frames` small sends, until the server has them all. */
async function send(subject: Subject): Promise<number> {
  const connection = await subject.open(`${base}/sink?frames=${frames}`);
  const acked = new Promise<number>((resolve) =>
    connection.target.addEventListener('message', () => resolve(performance.now()), { once: true }),
  );
  const start = performance.now();
  for (let i = 0; i < frames; i += 1) connection.send('0123456789abcdef');
  const end = await acked;
  connection.close();
  return frames / (end - start);
}

/** Median and 99th percentile of 1000 sequential echo round trips, in ms. */
async function latency(subject: Subject): Promise<[number, number]> {
  const connection = await subject.open(`${base}/echo`);
  const times: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const start = performance.now();
    const back = new Promise((resolve) => connection.target.addEventListener('message', resolve, { once: true }));
    connection.send('ping');
    await back;
    times.push(performance.now() - start);
  }
  connection.close();
  times.sort((a, b) => a - b);
  return [times[499], times[989]];
}

async function post(result: unknown): Promise<void> {
  await fetch('/results', { method: 'POST', body: JSON.stringify(result) });
}

const results: Record<string, Record<string, number[]>> = {
  receive: {},
  send: {},
  'latency-median': {},
  'latency-p99': {},
};
for (let run = 0; run < runs; run += 1) {
  for (const subject of subjects) {
    (results.receive[subject.name] ??= []).push(await receive(subject));
    if (!subject.name.includes('log')) (results.send[subject.name] ??= []).push(await send(subject));
    if (subject.name === 'raw WebSocket' || subject.name === 'ws-client') {
      const [median, p99] = await latency(subject);
      (results['latency-median'][subject.name] ??= []).push(median);
      (results['latency-p99'][subject.name] ??= []).push(p99);
    }
  }
}
await post({ frames, runs, userAgent: navigator.userAgent, results });
