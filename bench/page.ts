// The benchmark page: every subject in the same page and the same run, interleaved, each
// result posted back to the bench server (no debugging protocol attached to the browser). The
// page is cross-origin isolated, so `performance.now()` has 5 µs resolution instead of 100 µs.
import ReconnectingWebSocket from 'reconnecting-websocket';
import { WebSocket as PartySocket } from 'partysocket';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { share, tabs } from './share.js';

interface Connection {
  target: EventTarget;
  send(data: string | ArrayBuffer): void;
  close(): void;
}

interface Subject {
  name: string;
  open(url: string, binary?: boolean): Promise<Connection>;
}

/** The floor for any element with our contract: it only re-dispatches each frame. */
class MinimalElement extends HTMLElement {
  socket: WebSocket | null = null;
  connect(url: string, binary: boolean): void {
    this.socket = new WebSocket(url);
    if (binary) this.socket.binaryType = 'arraybuffer';
    this.socket.addEventListener('message', (event) =>
      this.dispatchEvent(new MessageEvent('message', { data: event.data })),
    );
  }
}
customElements.define('minimal-element', MinimalElement);

function opened(target: EventTarget): Promise<void> {
  return new Promise((resolve) => target.addEventListener('open', () => resolve(), { once: true }));
}

function client(attributes: Partial<WsClient>): WsClient {
  return Object.assign(document.createElement('ws-client'), attributes);
}

async function openElement(element: WsClient): Promise<Connection> {
  const ready = opened(element);
  document.body.append(element);
  await ready;
  return { target: element, send: (data) => element.send(data), close: () => element.remove() };
}

const RAW: Subject = {
  name: 'raw WebSocket',
  async open(url, binary) {
    const socket = new WebSocket(url);
    if (binary) socket.binaryType = 'arraybuffer';
    await opened(socket);
    return { target: socket, send: (data) => socket.send(data), close: () => socket.close() };
  },
};
const MINIMAL: Subject = {
  name: 'minimal element',
  async open(url, binary = false) {
    const element = document.createElement('minimal-element') as MinimalElement;
    document.body.append(element);
    element.connect(url, binary);
    await opened(element.socket!);
    return {
      target: element,
      send: (data) => element.socket!.send(data),
      close: () => (element.socket!.close(), element.remove()),
    };
  },
};
const WS_CLIENT: Subject = {
  name: 'ws-client',
  open: (url, binary) => openElement(client({ host: url, format: binary ? 'binary' : 'text' })),
};
const WS_CLIENT_LOG: Subject = {
  name: 'ws-client controls log',
  async open(url) {
    const connection = await openElement(client({ host: url, controls: true, log: true, logLimit: 1000 }));
    // The log (<ws-client-log>, loaded on demand) and its first render, a one-time cost, are done
    // before the burst: the burst measures what each message costs.
    const element = connection.target as WsClient;
    while (element.inspector === null) await new Promise((resolve) => setTimeout(resolve, 10));
    await element.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return connection;
  },
};
/** A peer: a WebSocket-like object from npm that dispatches its own events. */
function peer(name: string, make: (url: string) => WebSocket): Subject {
  return {
    name,
    async open(url) {
      const socket = make(url);
      await opened(socket);
      return { target: socket, send: (data) => socket.send(data), close: () => socket.close() };
    },
  };
}
const RWS = peer('reconnecting-websocket', (url) => new ReconnectingWebSocket(url) as unknown as WebSocket);
const PARTYSOCKET = peer('partysocket', (url) => new PartySocket(url) as unknown as WebSocket);

const base = `ws://${location.host}`;
const params = new URLSearchParams(location.search);
const frames = Number(params.get('frames') ?? 100_000);
const runs = Number(params.get('runs') ?? 5);
const only = params.get('only');

/**
 * Resolves with the time the `count`-th message arrived. Each message's `data` is read, as any
 * consumer reads it: Chromium makes the JS value of a frame only when `data` is first read, which
 * a listener that never reads it skips (and an element re-dispatching the frame cannot).
 */
function nthMessage(target: EventTarget, count: number): Promise<number> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      received = (event as MessageEvent).data;
      seen += 1;
      if (seen === count) {
        target.removeEventListener('message', listener);
        resolve(performance.now());
      }
    };
    target.addEventListener('message', listener);
  });
}
/** The last message's data, kept where the engine cannot prove it unused. */
export let received: unknown;

/**
 * Watches the main thread while `work` runs: animation frames, and the longest task. Chromium
 * reports tasks (Long Tasks API); where it is missing (Firefox), a timer that reschedules itself
 * reports every gap over 50 ms between its turns, which a task that long must have caused.
 */
async function watched<T>(
  work: () => Promise<T>,
): Promise<{ value: T; animationFrames: number; longestTask: number; tasks: PerformanceEntry[] }> {
  let animationFrames = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    animationFrames += 1;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const tasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  const longTasks = PerformanceObserver.supportedEntryTypes.includes('longtask');
  if (longTasks) observer.observe({ type: 'longtask' });
  let last = performance.now();
  const gaps = (): void => {
    if (!running) return;
    const now = performance.now();
    if (now - last > 50) tasks.push({ startTime: last, duration: now - last } as PerformanceEntry);
    last = now;
    setTimeout(gaps);
  };
  if (!longTasks) setTimeout(gaps);
  const value = await work();
  // Two more frames, so the render the last frames asked for is counted.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  running = false;
  if (longTasks) tasks.push(...observer.takeRecords());
  observer.disconnect();
  return { value, animationFrames, longestTask: Math.max(0, ...tasks.map((task) => task.duration)), tasks };
}

/** Counts an element's renders (Lit updates) from now on, and times the longest. */
function countRenders(element: EventTarget): { count: number; longest: number } {
  const renders = { count: 0, longest: 0 };
  const instance = element as unknown as { update(changed: unknown): void };
  const update = instance.update.bind(instance);
  instance.update = (changed) => {
    const start = performance.now();
    update(changed);
    renders.count += 1;
    renders.longest = Math.max(renders.longest, performance.now() - start);
  };
  return renders;
}

type Results = Record<string, Record<string, number[]>>;
const results: Results = {};
/** Off during the warm-up run, whose figures are dropped (the first subject would pay for it). */
let recording = false;
function record(scenario: string, subject: string, value: number): void {
  if (recording) ((results[scenario] ??= {})[subject] ??= []).push(value);
}

/** The smallest step of `performance.now()` seen here, in ms. */
function timerResolution(): number {
  let step = Infinity;
  for (let i = 0; i < 1000; i += 1) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    step = Math.min(step, b - a);
  }
  return step;
}

/** A burst of `frames` 64-byte text frames, one message listener: frames per ms and µs per frame. */
async function receive(subject: Subject): Promise<void> {
  const connection = await subject.open(`${base}/burst?frames=${frames}`);
  // The log's own renders (it renders apart from its client).
  const log = subject === WS_CLIENT_LOG ? (connection.target as WsClient).inspector : null;
  const renders = log ? countRenders(log) : null;
  const done = nthMessage(connection.target, frames);
  const start = performance.now();
  const {
    value: end,
    animationFrames,
    longestTask,
  } = await watched(async () => {
    connection.send('go');
    return done;
  });
  connection.close();
  record('receive (frames/ms)', subject.name, frames / (end - start));
  // The burst keeps the main thread busy: its time per frame is the task time per frame.
  record('main thread per frame (µs)', subject.name, ((end - start) * 1000) / frames);
  record('receive: longest task (ms)', subject.name, longestTask);
  if (renders) {
    record('log: renders per frame', subject.name, renders.count / frames);
    record('log: renders per animation frame', subject.name, renders.count / Math.max(1, animationFrames));
    record('log: longest render (ms)', subject.name, renders.longest);
  }
}

/** `frames` small sends, until the server has them all: sends per ms. */
async function send(subject: Subject): Promise<void> {
  const connection = await subject.open(`${base}/sink?frames=${frames}`);
  const acked = nthMessage(connection.target, 1);
  const start = performance.now();
  for (let i = 0; i < frames; i += 1) connection.send('0123456789abcdef');
  const end = await acked;
  connection.close();
  record('send (sends/ms)', subject.name, frames / (end - start));
}

/** 1000 sequential echo round trips: median and 99th percentile in ms. */
async function latency(subject: Subject): Promise<void> {
  const connection = await subject.open(`${base}/echo`);
  const times: number[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const back = nthMessage(connection.target, 1);
    const start = performance.now();
    connection.send('ping');
    times.push((await back) - start);
  }
  connection.close();
  times.sort((a, b) => a - b);
  record('latency median (ms)', subject.name, times[499]);
  record('latency p99 (ms)', subject.name, times[989]);
}

declare const gc: () => void;

/** Large frames (`count` of `size` bytes, text or binary): MB per second. */
async function large(subject: Subject, size: number, count: number, binary: boolean): Promise<void> {
  // The frames before (the other subject's, megabytes each) are collected first, not during this.
  gc();
  const connection = await subject.open(`${base}/large?size=${size}&count=${count}&binary=${binary}`, binary);
  const done = nthMessage(connection.target, count);
  const start = performance.now();
  connection.send('go');
  const end = await done;
  connection.close();
  const label = `${size >= 1 << 24 ? '16 MB' : '1 MB'} ${binary ? 'binary' : 'text'} (MB/s)`;
  record(label, subject.name, (size * count) / 1e6 / ((end - start) / 1000));
}

/** 10 000 sends queued before open and flushed on open, against the same sent after open: sends per ms. */
async function flush(): Promise<void> {
  const count = 10_000;
  // Four pairs, ABBA: neither always runs first, or right after the other's garbage.
  for (let pair = 0; pair < 4; pair += 1) {
    for (const queued of pair % 2 === 0 ? [true, false] : [false, true]) {
      const element = client({ host: `${base}/sink?frames=${count}`, queueLimit: count });
      const acked = nthMessage(element, 1);
      const start = performance.now();
      document.body.append(element);
      const sendAll = (): void => {
        for (let i = 0; i < count; i += 1) element.send('0123456789abcdef');
      };
      if (queued) sendAll();
      else element.addEventListener('open', sendAll, { once: true });
      const end = await acked;
      element.remove();
      record(
        '10 000 sends (sends/ms)',
        queued ? 'ws-client, queued before open' : 'ws-client, sent after open',
        count / (end - start),
      );
    }
  }
}

const pause = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));

/** The JS heap in use once what earlier scenarios left is collected (closed sockets free late). */
async function heap(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    await pause(300);
    gc();
  }
  return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

/** The JS heap before and after a burst with the log on (log-limit 1000): growth in MB. */
async function memory(): Promise<void> {
  const connection = await WS_CLIENT_LOG.open(`${base}/burst?frames=${frames}`);
  const element = connection.target as WsClient;
  while (element.inspector === null) await pause(10);
  const before = await heap();
  const done = nthMessage(element, frames);
  connection.send('go');
  await done;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const after = await heap();
  connection.close();
  record('log: heap growth after the burst (MB)', WS_CLIENT_LOG.name, (after - before) / 1e6);
}

/**
 * `count` connections opened at once (spread over four loopback addresses of the one server, as
 * Chromium opens at most 255 to one host and port, and Firefox one handshake at a time to each):
 * ms until all are open, and the longest task.
 */
async function many(subject: Subject, count: number): Promise<void> {
  const url = (index: number): string => `ws://127.0.0.${(index % 4) + 1}:${location.port}/echo`;
  let start = 0;
  let created = 0;
  const { value: connections, tasks } = await watched(() => {
    start = performance.now();
    const all = Promise.all(Array.from({ length: count }, (_, index) => subject.open(url(index))));
    created = performance.now();
    return Promise.race([
      all,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${count} connections: not all open in 120 s`)), 120_000),
      ),
    ]);
  });
  const end = performance.now();
  for (const connection of connections) connection.close();
  record(`${count} connections: all open (ms)`, subject.name, end - start);
  // The task that creates them all is the page's own; responsive means no long task after it.
  const creating = tasks.filter((task) => task.startTime <= created);
  const after = tasks.filter((task) => task.startTime > created);
  record(`${count} connections: creating task (ms)`, subject.name, Math.max(0, ...creating.map((t) => t.duration)));
  record(`${count} connections: longest task after (ms)`, subject.name, Math.max(0, ...after.map((t) => t.duration)));
  // Let the closes finish before the next subject opens as many again.
  await pause(2000);
}

/**
 * Start-up: a page that opens one connection, loaded `loads` times in a frame, from navigation to
 * the first `open` (the raw page creates its WebSocket inline; the element's loads the CDN build).
 * Now and then Chromium fails a frame's first connection at once (1006, no request reaches the
 * server; seen only for the raw page, whose socket is made while the page is still parsing): such
 * a load is counted apart and loaded again, since it would never open.
 */
async function startup(subject: Subject, loads: number): Promise<void> {
  const name = subject === RAW ? 'raw' : 'ws-client';
  const times: number[] = [];
  let failed = 0;
  while (times.length < loads) {
    const frame = document.createElement('iframe');
    const reported = new Promise<{ open?: number; failed?: true }>((resolve) => {
      const listener = (event: MessageEvent<{ open?: number; failed?: true }>): void => {
        if (event.source !== frame.contentWindow) return;
        removeEventListener('message', listener);
        resolve(event.data);
      };
      addEventListener('message', listener);
    });
    frame.src = `/startup/${name}`;
    document.body.append(frame);
    const late = pause(10_000).then((): never => {
      throw new Error(`start-up: ${name} did not open in 10 s`);
    });
    const report = await Promise.race([reported, late]);
    if (report.open === undefined) {
      failed += 1;
      if (failed > loads) throw new Error(`start-up: ${name} failed ${failed} times`);
    } else {
      times.push(report.open);
      // Closed before the frame goes, as a page would.
      const { connection } = frame.contentWindow as unknown as { connection: WebSocket };
      const closed = new Promise((resolve) => connection.addEventListener('close', resolve, { once: true }));
      connection.close();
      await closed;
    }
    frame.remove();
  }
  record('start-up: navigation to first open (ms)', subject.name, times.sort((a, b) => a - b)[loads >> 1]);
  record('start-up: failed first connections', subject.name, failed);
}

/** The subjects in another order each run, so none is always first (or always after the same one). */
function rotate<T>(list: T[], run: number): T[] {
  const start = ((run % list.length) + list.length) % list.length;
  return [...list.slice(start), ...list.slice(0, start)];
}

/**
 * The subjects, then the same in reverse: two figures each per run, the k-th of each subject from
 * the same round, and every subject as often early as late.
 */
function andBack<T>(list: T[]): T[] {
  return [...list, ...[...list].reverse()];
}

const wanted = (name: string): boolean => only === null || only.split(',').includes(name);
const manyCount = Number(params.get('many') ?? 250);
try {
  for (let run = -1; run < runs; run += 1) {
    recording = run >= 0;
    // First, so that what the other scenarios leave behind does not blur the heap figures.
    if (wanted('memory')) await memory();
    if (wanted('receive')) {
      for (const subject of andBack(rotate([RAW, MINIMAL, WS_CLIENT, WS_CLIENT_LOG, RWS, PARTYSOCKET], run)))
        await receive(subject);
    }
    if (wanted('send'))
      for (const subject of andBack(rotate([RAW, MINIMAL, WS_CLIENT, RWS, PARTYSOCKET], run))) await send(subject);
    if (wanted('latency')) for (const subject of [RAW, WS_CLIENT]) await latency(subject);
    if (wanted('large')) {
      // Four raw / ws-client pairs of each, back to back: few frames, so more samples.
      for (const binary of [false, true]) {
        for (let pair = 0; pair < 4; pair += 1) {
          // ABBA: neither always runs right after the other's garbage.
          for (const subject of pair % 2 === 0 ? [RAW, WS_CLIENT] : [WS_CLIENT, RAW]) {
            await large(subject, 1 << 20, 32, binary);
            await large(subject, 1 << 24, 8, binary);
          }
        }
      }
    }
    if (wanted('flush')) await flush();
    if (wanted('startup')) for (const subject of rotate([RAW, WS_CLIENT], run)) await startup(subject, 20);
    if (wanted('many')) for (const subject of [RAW, WS_CLIENT]) await many(subject, manyCount);
    if (wanted('share')) await share(record, run);
    if (wanted('tabs')) await tabs(record, run);
  }
  await fetch('/results', {
    method: 'POST',
    body: JSON.stringify({
      frames,
      runs,
      userAgent: navigator.userAgent,
      crossOriginIsolated,
      timerResolution: timerResolution(),
      results,
    }),
  });
} catch (error) {
  await fetch('/results', { method: 'POST', body: JSON.stringify({ error: String(error) }) });
}
