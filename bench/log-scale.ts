// The log at scale (issue #17): `<ws-client controls log>` (log-limit 1000) receives 10 000
// messages at 500 a second; halfway, the user scrolls up to the middle of the log. Measured: the
// most entry rows in the DOM at any frame, the longest task (Long Tasks API: only tasks over
// 50 ms are reported, so none means under 50 ms) and the longest gap between animation frames,
// and the JS heap at 5 000 and at 10 000 messages (after a forced GC): bounded by the limit, the
// second is no higher than the first. Each figure is the median of `runs` runs; posted to
// /results. The same page without the log, run after each, is the control: the longest task the
// machine itself makes (a busy machine makes long tasks of any page).
import '../src/index.js';

const params = new URLSearchParams(location.search);
const count = Number(params.get('count') ?? 10_000);
const rate = Number(params.get('rate') ?? 500);
const limit = Number(params.get('limit') ?? 1000);

const pause = (ms: number): Promise<unknown> => new Promise((resolve) => setTimeout(resolve, ms));

async function heap(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    await pause(200);
    (globalThis as unknown as { gc?: () => void }).gc?.();
  }
  return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
}

async function run(log: boolean): Promise<Record<string, number>> {
  const longTasks: Array<{ start: number; duration: number }> = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  /** The forced collections of the heap figures: their tasks are the measurement's, not the log's. */
  const measuring: Array<[number, number]> = [];
  const measured = async (): Promise<number> => {
    const from = performance.now();
    const value = await heap();
    measuring.push([from, performance.now()]);
    return value;
  };

  const element = Object.assign(document.createElement('ws-client'), {
    host: `ws://${location.host}/paced?count=${count}&rate=${rate}`,
    controls: true,
    log,
    logLimit: limit,
  });
  element.style.setProperty('--ws-client-log-height', '30em');
  const opened = new Promise((resolve) => element.addEventListener('open', resolve, { once: true }));
  document.body.append(element);
  await opened;
  while (log && element.inspector === null) await pause(10);
  // The log's first render (its toolbar, composer and chart) is a one-time cost, not one of the
  // stream's: it is done before the first message is asked for.
  await element.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  // The log's own work per frame: its update (render and commit) and what follows it (layout
  // reads, the chart), timed around the element's own methods.
  const work: number[] = [];
  if (element.inspector) {
    const inspector = element.inspector as unknown as Record<'update' | 'updated', (changed: unknown) => void>;
    for (const name of ['update', 'updated'] as const) {
      const original = inspector[name].bind(inspector);
      inspector[name] = (changed) => {
        const from = performance.now();
        original(changed);
        work.push(performance.now() - from);
      };
    }
  }

  let maxRows = 0;
  let maxFrameGap = 0;
  let last = performance.now();
  let sampling = true;
  const sample = (now: number): void => {
    maxFrameGap = Math.max(maxFrameGap, now - last);
    last = now;
    // The entry rows are the list's children (cheaper to count than to select, every frame).
    maxRows = Math.max(maxRows, element.shadowRoot!.querySelector('[part~="log-list"]')?.childElementCount ?? 0);
    if (sampling) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);

  let received = 0;
  let half: () => void = () => {};
  let done: () => void = () => {};
  const halfway = new Promise<void>((resolve) => (half = resolve));
  const finished = new Promise<void>((resolve) => (done = resolve));
  element.addEventListener('message', () => {
    received += 1;
    if (received === count / 2) half();
    if (received === count) done();
  });
  const start = performance.now();
  element.send('go');
  await halfway;
  const heapHalf = await measured();
  // Scrolled up to the middle: the log stops following and renders a window there.
  const region = element.shadowRoot!.querySelector<HTMLElement>('[part="log"]');
  if (region) region.scrollTop = region.scrollHeight / 2;
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  sampling = false;
  const heapEnd = await measured();
  const entries = element.inspector?.entries.length ?? 0;
  // From the first message on, less the heap measurements.
  const tasks = longTasks
    .filter((task) => task.start >= start)
    .filter((task) => !measuring.some(([from, to]) => task.start >= from && task.start <= to))
    .map((task) => task.duration);
  element.remove();
  return {
    messages: received,
    seconds,
    'rows in DOM (max)': maxRows,
    'longest task (ms)': Math.max(0, ...tasks),
    'long tasks': tasks.length,
    'longest gap between frames (ms)': maxFrameGap,
    'longest log update (ms)': Math.max(0, ...work),
    'mean log update (ms)': work.reduce((sum, each) => sum + each, 0) / Math.max(1, work.length),
    'entries kept': entries,
    'heap at 5 000 (MB)': heapHalf / 1e6,
    'heap at 10 000 (MB)': heapEnd / 1e6,
  };
}

const runs = Number(params.get('runs') ?? 3);

/** Each figure's median over the runs (a busy machine puts a long task in one run, not in all). */
async function all(): Promise<Record<string, number>> {
  const each: Array<Record<string, number>> = [];
  const control: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    each.push(await run(true));
    control.push((await run(false))['longest task (ms)']);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    ...Object.fromEntries(Object.keys(each[0]).map((name) => [name, median(each.map((result) => result[name]))])),
    'longest task without the log (ms)': median(control),
  };
}

all().then(
  (results) => fetch('/results', { method: 'POST', body: JSON.stringify({ results, userAgent: navigator.userAgent }) }),
  (error: unknown) => fetch('/results', { method: 'POST', body: JSON.stringify({ error: String(error) }) }),
);
