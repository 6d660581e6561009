// The sharing scenarios of the benchmark page (issue #16), run from bench/page.ts; the server side
// (the tick feed, the tab page) is bench/share.mjs.
//   share  100 elements on one shared socket (`share`) against 100 with a socket each, every
//          socket sent the same burst: main-thread µs per delivered message, JS heap per element
//   tabs   two same-origin documents with `share="tabs"` (iframes, then windows), one leading,
//          one following: how much later the follower's element gets each message than the leader's
import {
  ELEMENTS,
  HEAP,
  OWN,
  PER_MESSAGE,
  SHARED,
  WALL_PER_MESSAGE,
  TAB_FRAMES,
  TAB_WINDOWS,
  TABS_MEDIAN,
  TABS_P99,
  TICKS,
  TICK_EVERY,
} from './share-labels.mjs';

type Record = (scenario: string, subject: string, value: number) => void;

const base = `ws://${location.host}`;
const params = new URLSearchParams(location.search);
const frames = Number(params.get('frames') ?? 100_000);
declare const gc: () => void;
const pause = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));

/** The JS heap in use once garbage is collected (closed sockets free late). */
async function heap(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    await pause(300);
    gc();
  }
  return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

/** The CPU time the renderers' main threads have used, in ms (bench/share.mjs), or null where it is not known. */
async function mainThreadCpu(): Promise<number | null> {
  return (await fetch('/share/cpu')).json() as Promise<number | null>;
}

/** Resolves once `holds()`, checked every 20 ms; rejects after `timeout` ms with `what`. */
async function until(holds: () => boolean, what: string, timeout = 30_000): Promise<void> {
  const start = performance.now();
  while (!holds()) {
    if (performance.now() - start > timeout) throw new Error(what);
    await pause(20);
  }
}

/**
 * `ELEMENTS` elements on one burst URL, shared or not, each counting what it gets (reading
 * `data`, as any listener does): main-thread µs per delivered message, and heap per element.
 */
async function burst(shared: boolean, record: Record, run: number): Promise<void> {
  const perSocket = Math.max(1, Math.round(frames / ELEMENTS));
  const total = perSocket * ELEMENTS;
  // A URL of this run's own: a shared group of an earlier run is never joined.
  const url = `${base}/burst?frames=${perSocket}&run=${run}-${shared}`;
  const before = await heap();
  const elements = Array.from({ length: ELEMENTS }, () => {
    const element = document.createElement('ws-client');
    element.host = url;
    if (shared) element.setAttribute('share', 'page');
    return element;
  });
  const opened = elements.map((element) => new Promise((resolve) => element.addEventListener('open', resolve)));
  document.body.append(...elements);
  await Promise.all(opened);
  const after = await heap();

  let delivered = 0;
  let last: unknown;
  let done = (): void => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const listener = (event: Event): void => {
    last = (event as MessageEvent).data;
    delivered += 1;
    if (delivered === total) done();
  };
  for (const element of elements) element.addEventListener('message', listener);
  const cpuBefore = await mainThreadCpu();
  const start = performance.now();
  // One `go` per socket: a shared socket takes it from one element.
  for (const element of shared ? elements.slice(0, 1) : elements) element.send('go');
  await Promise.race([
    finished,
    pause(120_000).then(() => Promise.reject(new Error(`share: ${delivered} of ${total}`))),
  ]);
  const end = performance.now();
  const cpuAfter = await mainThreadCpu();
  if (typeof last !== 'string') throw new Error('share: no data read');
  for (const element of elements) element.remove();

  const subject = shared ? SHARED : OWN;
  record(WALL_PER_MESSAGE, subject, ((end - start) * 1000) / total);
  if (cpuBefore !== null && cpuAfter !== null) record(PER_MESSAGE, subject, ((cpuAfter - cpuBefore) * 1000) / total);
  record(HEAP, subject, (after - before) / ELEMENTS / 1024);
  // Let the closes finish before the next subject opens as many again.
  await pause(1000);
}

/** Shared, then owned (and the other way round every other run). */
export async function share(record: Record, run: number): Promise<void> {
  for (const shared of run % 2 === 0 ? [true, false] : [false, true]) await burst(shared, record, run);
}

/** What a tab page (bench/share.mjs) says on the channel. */
interface TabReport {
  id: string;
  state?: string;
  role?: string;
  /** [message number, performance.timeOrigin + performance.now()] per message, as received. */
  received?: Array<[number, number]>;
}

/**
 * A same-origin document (bench/share.mjs's tab page) with one `share="tabs"` element, in an
 * iframe of this page or in a window of its own (`noopener`: another browsing context group, so
 * another renderer process, as a tab the user opens). It is driven, and reports, over a
 * BroadcastChannel, the same way in both.
 */
class Tab {
  static #count = 0;
  readonly id = String((Tab.#count += 1));
  last: TabReport = { id: this.id };
  received: Array<[number, number]> | null = null;
  #frame: HTMLIFrameElement | null = null;

  constructor(
    readonly channel: BroadcastChannel,
    host: string,
    inWindow: boolean,
  ) {
    channel.addEventListener('message', ({ data }: MessageEvent<TabReport>) => {
      if (data.id !== this.id) return;
      if (data.received) this.received = data.received;
      else this.last = data;
    });
    const url = `/share/tab?${new URLSearchParams({ host, id: this.id, channel: channel.name, count: String(TICKS) })}`;
    if (inWindow) {
      window.open(url, '_blank', 'noopener');
    } else {
      this.#frame = Object.assign(document.createElement('iframe'), { src: url });
      document.body.append(this.#frame);
    }
  }

  command(command: 'go' | 'status' | 'close'): void {
    this.channel.postMessage({ id: this.id, command });
  }

  /** Resolves once the element is open in `role` (any role without sharing, which has no `shareRole`). */
  async opened(role: 'leader' | 'follower'): Promise<void> {
    const ready = (): boolean =>
      this.last.state === 'open' && (this.last.role === role || this.last.role === undefined);
    await until(
      () => (ready() || this.command('status'), ready()),
      `tabs: no open ${role} but ${JSON.stringify(this.last)}`,
    );
  }

  close(): void {
    this.command('close');
    this.#frame?.remove();
  }
}

/** The value at quantile `q` of sorted `values`. */
const quantile = (values: number[], q: number): number =>
  values[Math.min(values.length - 1, Math.floor(values.length * q))];

/**
 * Two documents with `share="tabs"`, a leader and a follower, in iframes and then in windows,
 * sent `TICKS` numbered messages `TICK_EVERY` ms apart (spaced, so this is the relay's latency,
 * not a queue's): the follower's receive time minus the leader's per message, median and p99.
 */
export async function tabs(record: Record, run: number): Promise<void> {
  for (const inWindow of [false, true]) {
    const subject = inWindow ? TAB_WINDOWS : TAB_FRAMES;
    const channel = new BroadcastChannel(`bench-tabs-${run}-${inWindow}`);
    // A URL of this run's own: a shared group of an earlier run is never joined.
    const host = `${base}/ticks?${new URLSearchParams({ count: String(TICKS), every: String(TICK_EVERY), run: `${run}-${inWindow}` })}`;
    const leader = new Tab(channel, host, inWindow);
    await leader.opened('leader');
    const follower = new Tab(channel, host, inWindow);
    await follower.opened('follower');
    // Without sharing, each document has a socket of its own, and each asks for the ticks.
    for (const each of follower.last.role === 'follower' ? [leader] : [leader, follower]) each.command('go');
    await until(() => leader.received !== null && follower.received !== null, `tabs: not all ${TICKS} received`);
    const at = new Map(leader.received);
    const delays = follower.received!.map(([number, time]) => time - at.get(number)!).sort((a, b) => a - b);
    // The follower first: the leader's leaving would hand the socket over to it.
    follower.close();
    leader.close();
    channel.close();
    record(TABS_MEDIAN, subject, quantile(delays, 0.5));
    record(TABS_P99, subject, quantile(delays, 0.99));
    await pause(500);
  }
}
