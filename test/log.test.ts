import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import '../src/log/define.js';
import type { WsClient } from '../src/index.js';
import type { WsClientLog } from '../src/log/index.js';
import { base64, mount, nextEvent, openFrame, TestServer } from './helpers.js';
import './setup.js';

/** An open `<ws-client>` (id `chat…`) and a standalone `<ws-client-log for>` beside it. */
async function clientAndLog(
  attributes: Record<string, string | boolean> = {},
  server = new TestServer(),
  logAttributes: Record<string, string> = {},
): Promise<{ client: WsClient; log: WsClientLog; server: TestServer }> {
  const id = `chat-${server.uid}`;
  const client = mount({ host: server.url(), id, ...attributes });
  const log = document.createElement('ws-client-log');
  for (const [name, value] of Object.entries({ for: id, ...logAttributes })) log.setAttribute(name, value);
  document.body.append(log);
  after(() => log.remove());
  await nextEvent(client, 'open');
  return { client, log, server };
}

function rows(log: WsClientLog): HTMLElement[] {
  return [...log.shadowRoot!.querySelectorAll<HTMLElement>('[part~="entry"]')];
}

function part<T extends HTMLElement = HTMLElement>(root: ParentNode, name: string): T {
  return root.querySelector<T>(`[part~="${name}"]`)!;
}

/** An element inside the log by class (internal; tests use it where no part is public). */
function inner<T extends HTMLElement = HTMLElement>(root: ParentNode, selector: string): T {
  return root.querySelector<T>(selector)!;
}

/** Waits until the log shows rows passing `test` (rendering is batched per animation frame). */
async function shown(
  log: WsClientLog,
  count: number,
  test: (row: HTMLElement) => boolean = () => true,
): Promise<HTMLElement[]> {
  await waitUntil(
    () => rows(log).filter(test).length === count,
    `the log did not show ${count} such rows: ${JSON.stringify(rows(log).map((row) => row.textContent?.replace(/\s+/g, ' ').trim()))}; kept ${JSON.stringify(log.entries.map((entry) => entry.text.slice(0, 40)))}`,
    { timeout: 5000 },
  );
  return rows(log).filter(test);
}

const incoming = (row: HTMLElement): boolean => row.dataset.direction === 'in';
const payload = (row: HTMLElement): string => part(row, 'entry-payload').textContent!;

function setFilter(log: WsClientLog, query: string): Promise<unknown> {
  const filter = part<HTMLInputElement>(log.shadowRoot!, 'filter');
  filter.value = query;
  filter.dispatchEvent(new Event('input'));
  return log.updateComplete;
}

/** Replaces the clipboard's writeText for the duration of `run`, returning what was written. */
async function copied(run: () => unknown): Promise<string[]> {
  const texts: string[] = [];
  // Headless browsers give no clipboard permission; the call itself is what is checked.
  Object.defineProperty(navigator.clipboard, 'writeText', {
    configurable: true,
    value: (text: string) => Promise.resolve(void texts.push(text)),
  });
  try {
    await run();
  } finally {
    Reflect.deleteProperty(navigator.clipboard, 'writeText');
  }
  return texts;
}

async function expand(row: HTMLElement): Promise<void> {
  row.querySelector('summary')!.click();
  await waitUntil(() => row.querySelector('[part~="entry-full"], .tree') !== null, 'the entry did not expand');
}

async function chooseView(log: WsClientLog, row: HTMLElement, view: string): Promise<string> {
  row.querySelector<HTMLButtonElement>(`.view[data-view="${view}"]`)!.click();
  await log.updateComplete;
  return row.querySelector('[part~="entry-full"]')?.textContent ?? '';
}

async function openComposer(log: WsClientLog): Promise<HTMLTextAreaElement> {
  part<HTMLDetailsElement>(log.shadowRoot!, 'composer').open = true;
  await log.updateComplete;
  return inner<HTMLTextAreaElement>(log.shadowRoot!, '.message');
}

describe('<ws-client-log> on its own', () => {
  it('logs the <ws-client> its for attribute names, in a shadow root of its own', async () => {
    const { client, log } = await clientAndLog();
    client.send('hello');
    const [echo] = await shown(log, 1, incoming);
    expect(payload(echo)).to.equal('hello');
    expect(log.target).to.equal(client);
    expect(rows(log).map((row) => `${row.dataset.direction} ${row.dataset.kind}`)).to.deep.equal([
      'event connecting',
      'event open',
      'out message',
      'in message',
    ]);
  });

  it('follows the id when it moves to another <ws-client>', async () => {
    const { client, log, server } = await clientAndLog();
    const other = mount({ host: server.url() });
    await nextEvent(other, 'open');
    const id = client.id;
    client.removeAttribute('id');
    other.id = id;
    await waitUntil(() => log.target === other, 'the log did not follow the id');
    client.send('from the first');
    other.send('from the second');
    const [echo] = await shown(log, 1, incoming);
    expect(payload(echo)).to.equal('from the second');
  });

  it('is registered by define(), which leaves a taken name alone', async () => {
    const { WsClientLog } = await import('../src/log/index.js');
    expect(customElements.get('ws-client-log')).to.equal(WsClientLog);
    expect(WsClientLog.define()).to.equal(WsClientLog);
  });
});

describe('binary payloads', () => {
  it('reads "binary · 3 B" for bytes 01 02 ff, with Hex, Base64 and UTF-8 views; Copy copies the view shown', async () => {
    const { log, server } = await clientAndLog();
    await server.sendBinary(base64(new Uint8Array([1, 2, 255])));
    const [row] = await shown(log, 1, (each) => incoming(each) && payload(each) === '01 02 ff');
    expect(part(row, 'entry-size').textContent).to.equal('binary · 3 B');
    await expand(row);
    expect(row.querySelector('[part~="entry-full"]')!.textContent).to.equal('01 02 ff');
    expect(await chooseView(log, row, 'base64')).to.equal('AQL/');
    expect(await copied(() => part(row, 'copy-button').click())).to.deep.equal(['AQL/']);
    expect(await chooseView(log, row, 'utf8')).to.equal('\u0001\u0002\uFFFD');
    expect(await copied(() => part(row, 'copy-button').click())).to.deep.equal(['\u0001\u0002\uFFFD']);
  });

  it('sends hex from the composer as an ArrayBuffer, and the echo returns exactly those bytes', async () => {
    const { client, log, server } = await clientAndLog({ format: 'binary' });
    const message = await openComposer(log);
    const mode = inner<HTMLSelectElement>(log.shadowRoot!, '.mode');
    mode.value = 'hex';
    mode.dispatchEvent(new Event('change'));
    message.value = '01 02 ff';
    const echoed = nextEvent<MessageEvent>(client, 'message');
    inner(log.shadowRoot!, '.send').click();
    const data = (await echoed).data as ArrayBuffer;
    expect(data).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint8Array(data)]).to.deep.equal([1, 2, 255]);
    const [record] = await server.records({ messages: 1 });
    expect(record.received).to.deep.equal([{ binary: 'AQL/' }]);
    const sent = await shown(log, 1, (row) => row.dataset.direction === 'out');
    expect(payload(sent[0])).to.equal('01 02 ff');
  });
});

describe('the query filter', () => {
  async function conversation(): Promise<WsClientLog> {
    const { client, log, server } = await clientAndLog();
    client.send('alpha out');
    await server.send('alpha');
    await server.send('{"user":"ada","n":1}');
    await server.send('x'.repeat(2000));
    await shown(log, 4, incoming);
    return log;
  }

  const texts = (log: WsClientLog): string[] =>
    rows(log).map((row) => `${row.dataset.direction} ${payload(row).slice(0, 12)}`);

  it('matches words case-insensitively, and dir:, is: and size: terms, combined; shows "2 / 3"', async () => {
    const log = await conversation();
    await setFilter(log, 'ALPHA');
    expect(texts(log)).to.deep.equal(['out alpha out', 'in alpha out', 'in alpha']);
    expect(part(log.shadowRoot!, 'filter-count').textContent).to.equal(`3 / ${log.entries.length}`);
    await setFilter(log, 'alpha dir:in');
    expect(texts(log)).to.deep.equal(['in alpha out', 'in alpha']);
    await setFilter(log, 'is:json');
    expect(texts(log)).to.deep.equal(['in {"user":"ada']);
    await setFilter(log, 'size:>1kb dir:in');
    expect(texts(log)).to.deep.equal(['in xxxxxxxxxxxx']);
    await setFilter(log, 'dir:out is:binary');
    expect(texts(log)).to.deep.equal([]);
  });

  it('takes /regex/flags and searches the decoded, pretty-printed JSON', async () => {
    const log = await conversation();
    await setFilter(log, '/^ALPHA$/i');
    expect(texts(log)).to.deep.equal(['in alpha']);
    // Only the pretty form has a space after the colon.
    await setFilter(log, '/"n": 1/');
    expect(texts(log)).to.deep.equal(['in {"user":"ada']);
  });

  it('marks an invalid regex with aria-invalid, never throws, and keeps showing the entries', async () => {
    const log = await conversation();
    const before = rows(log).length;
    await setFilter(log, '/[/');
    expect(part(log.shadowRoot!, 'filter').getAttribute('aria-invalid')).to.equal('true');
    expect(rows(log)).to.have.length(before);
    expect(part(log.shadowRoot!, 'log-notice').textContent).to.equal('/[/ is not a valid regular expression');
    await setFilter(log, '/alpha/');
    expect(part(log.shadowRoot!, 'filter').getAttribute('aria-invalid')).to.equal('false');
  });
});

describe('following and pausing without loss', () => {
  it('stops following when scrolled up and shows "N new", which jumps back; End does too', async () => {
    const { log, server } = await clientAndLog();
    log.style.setProperty('--ws-client-log-height', '5em');
    await server.send('line', 40);
    await shown(log, 40, incoming);
    const region = part(log.shadowRoot!, 'log');
    const atEnd = (): boolean => region.scrollTop + region.clientHeight >= region.scrollHeight - 8;
    await waitUntil(atEnd, 'not at the newest entry');
    region.scrollTop = 0;
    region.dispatchEvent(new Event('scroll'));
    await server.send('more', 3);
    await waitUntil(() => part(log.shadowRoot!, 'new-button')?.textContent!.trim() === '3 new', 'no "3 new" button');
    expect(region.scrollTop).to.equal(0);
    part(log.shadowRoot!, 'new-button').click();
    await waitUntil(atEnd, 'the button did not jump to the newest entry');
    expect(part(log.shadowRoot!, 'new-button')).to.equal(null);

    region.scrollTop = 0;
    region.dispatchEvent(new Event('scroll'));
    await server.send('again', 2);
    await waitUntil(() => part(log.shadowRoot!, 'new-button') !== null, 'no "new" button');
    region.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(atEnd, 'End did not jump to the newest entry');
    await waitUntil(() => part(log.shadowRoot!, 'new-button') === null, 'the button stayed');
  });

  it('keeps recording while paused, says how many arrived, and shows them in order on resume', async () => {
    const { log, server } = await clientAndLog();
    part(log.shadowRoot!, 'pause-button').click();
    await server.send('a');
    await server.send('b');
    await server.send('c');
    await waitUntil(() => log.entries.length === 5, `kept ${log.entries.length}`, { timeout: 5000 });
    await waitUntil(() => part(log.shadowRoot!, 'log-notice')?.textContent === '3 arrived while paused');
    expect(rows(log)).to.have.length(2);
    part(log.shadowRoot!, 'pause-button').click();
    const received = await shown(log, 3, incoming);
    expect(received.map(payload)).to.deep.equal(['a', 'b', 'c']);
  });

  it('says how many entries the log limit dropped', async () => {
    const { log, server } = await clientAndLog({}, new TestServer(), { limit: '5' });
    await server.send('m', 10);
    // connecting, open and 10 messages, less the 5 kept.
    await waitUntil(
      () => part(log.shadowRoot!, 'log-notice')?.textContent === '7 older entries dropped (log limit 5)',
      'no notice of the dropped entries',
    );
    expect(log.entries).to.have.length(5);
  });
});

describe('timing', () => {
  it('shows each entry’s time and the gap since the one before; two selected entries show the time between', async () => {
    const { client, log } = await clientAndLog();
    client.send('one');
    const [echo] = await shown(log, 1, incoming);
    expect(part(echo, 'entry-time').textContent).to.match(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(part(echo, 'entry-gap').textContent).to.match(/^\+\d+(\.\d+)? (ms|s)$/);
    expect(part(rows(log)[0], 'entry-gap')).to.equal(null);
    const [first, second] = [rows(log)[0], echo];
    first.querySelector<HTMLButtonElement>('.time-button')!.click();
    second.querySelector<HTMLButtonElement>('.time-button')!.click();
    await log.updateComplete;
    const expected = log.entries.at(-1)!.time - log.entries[0].time;
    expect(inner(log.shadowRoot!, '.between').textContent).to.match(
      new RegExp(`^Between the selected entries: ${expected} ms$`),
    );
    expect(first.querySelector('.time-button')!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('counts messages and bytes in and out, and charts messages per second on a canvas', async () => {
    const { client, log, server } = await clientAndLog();
    client.send('hi');
    await server.send('héllo', 3);
    await shown(log, 4, incoming);
    await log.updateComplete;
    expect(inner(log.shadowRoot!, '.stats').textContent).to.equal('in 4 (20 B) · out 1 (2 B)');
    const canvas = part<HTMLCanvasElement>(log.shadowRoot!, 'sparkline');
    expect(canvas.getAttribute('role')).to.equal('img');
    expect(canvas.getAttribute('aria-label')).to.match(
      /^Messages per second over the last 60 s: \d+ now, \d+ at most$/,
    );
    // Drawn at most four times a second.
    await waitUntil(
      () =>
        canvas
          .getContext('2d')!
          .getImageData(0, 0, canvas.width, canvas.height)
          .data.some((value, index) => index % 4 === 3 && value > 0),
      'nothing drawn',
      { timeout: 3000 },
    );
    expect(canvas.childNodes).to.have.length(0);
  });

  it('draws the chart under a strict Content-Security-Policy with zero violations', async () => {
    const frame = await openFrame('/test/fixtures/csp.html');
    const page = frame.contentWindow! as Window & { violations?: string[] };
    await waitUntil(() => page.customElements?.get('ws-client') !== undefined, 'no element');
    const client = page.document.querySelector('ws-client')!;
    await waitUntil(() => client.inspector?.entries.some((entry) => entry.direction === 'in'), 'nothing logged', {
      timeout: 5000,
    });
    const canvas = await waitUntil(() => client.shadowRoot!.querySelector('canvas'));
    void canvas;
    const sparkline = client.shadowRoot!.querySelector('canvas')!;
    await waitUntil(
      () =>
        sparkline
          .getContext('2d')!
          .getImageData(0, 0, sparkline.width, sparkline.height)
          .data.some((value, index) => index % 4 === 3 && value > 0),
      'the chart was not drawn',
      // Drawn at most four times a second, and once a second with nothing new.
      { timeout: 3000 },
    );
    expect(page.violations).to.deep.equal([]);
  });
});

describe('saved messages', () => {
  it('keeps named messages under storage-key across a reload and fills {{seq}}, {{now}}, {{uuid}} at send time', async () => {
    const key = `ws-client-log-test-${Math.random().toString(36).slice(2)}`;
    after(() => localStorage.removeItem(key));
    const first = await clientAndLog({}, new TestServer(), { 'storage-key': key });
    const message = await openComposer(first.log);
    message.value = 'n={{seq}} t={{now}} id={{uuid}}';
    inner<HTMLInputElement>(first.log.shadowRoot!, '.snippet-name').value = 'greet';
    inner(first.log.shadowRoot!, '.save').click();
    await first.log.updateComplete;
    expect(JSON.parse(localStorage.getItem(key)!)).to.deep.equal([
      { name: 'greet', body: 'n={{seq}} t={{now}} id={{uuid}}', mode: 'text' },
    ]);
    first.log.remove();

    // A new log (as after a reload) reads them back.
    const { log, server } = await clientAndLog({}, new TestServer(), { 'storage-key': key });
    await openComposer(log);
    const send = inner<HTMLButtonElement>(log.shadowRoot!, '.snippet');
    expect(send.textContent!.trim()).to.equal('Send greet');
    send.click();
    send.click();
    const texts = await server.texts({ messages: 2 });
    expect(texts).to.have.length(2);
    texts.forEach((text, index) => {
      expect(text).to.match(
        new RegExp(
          `^n=${index + 1} t=\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z id=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
        ),
      );
    });
    expect(texts[0].slice(-36)).to.not.equal(texts[1].slice(-36));
  });

  it('repeats every N ms and stops when the connection closes', async () => {
    const { client, log, server } = await clientAndLog();
    const message = await openComposer(log);
    message.value = 'tick {{seq}}';
    inner<HTMLInputElement>(log.shadowRoot!, '.interval').value = '30';
    inner(log.shadowRoot!, '.repeat').click();
    expect(log.repeating).to.equal(true);
    await server.texts({ messages: 3 });
    const closed = nextEvent(client, 'close');
    await server.close(1000, 'enough');
    await closed;
    expect(log.repeating).to.equal(false);
    await log.updateComplete;
    expect(inner(log.shadowRoot!, '.repeat').getAttribute('aria-pressed')).to.equal('false');
  });
});

describe('export and import', () => {
  async function binaryConversation(): Promise<{ client: WsClient; log: WsClientLog; server: TestServer }> {
    const context = await clientAndLog({ 'binary-type': 'arraybuffer' });
    context.client.send('one');
    await shown(context.log, 1, incoming);
    context.client.send(new Uint8Array([1, 2, 255]).buffer);
    await shown(context.log, 2, incoming);
    return context;
  }

  const summary = (log: WsClientLog): string[] =>
    log.entries
      .filter((entry) => entry.direction !== 'event')
      .map((entry) => `${entry.direction} ${entry.bytes ? `bytes ${[...entry.bytes].join(',')}` : entry.text}`);

  it('exports HAR as Chrome does (_webSocketMessages), all or filtered, and imports it back', async () => {
    const { log } = await binaryConversation();
    const har = JSON.parse(log.exportHar()) as {
      log: { version: string; entries: Array<Record<string, unknown> & { _webSocketMessages: unknown[] }> };
    };
    expect(har.log.version).to.equal('1.2');
    const [entry] = har.log.entries;
    expect(entry._resourceType).to.equal('websocket');
    expect((entry.response as { status: number }).status).to.equal(101);
    const messages = entry._webSocketMessages as Array<{ type: string; time: number; opcode: number; data: string }>;
    expect(messages.map(({ type, opcode, data }) => [type, opcode, data])).to.deep.equal([
      ['send', 1, 'one'],
      ['receive', 1, 'one'],
      ['send', 2, 'AQL/'],
      ['receive', 2, 'AQL/'],
    ]);
    expect(messages[0].time).to.be.closeTo(Date.now() / 1000, 60);

    await setFilter(log, 'dir:out');
    const filtered = JSON.parse(log.exportHar(true)) as typeof har;
    expect(filtered.log.entries[0]._webSocketMessages).to.have.length(2);

    const before = summary(log);
    log.clear();
    expect(log.importText(JSON.stringify(har))).to.equal(5);
    expect(summary(log)).to.deep.equal(before);
    expect(before).to.deep.equal(['out one', 'in one', 'out bytes 1,2,255', 'in bytes 1,2,255']);
  });

  it('exports JSON Lines, all or filtered, and imports them back', async () => {
    const { log } = await binaryConversation();
    const lines = log.exportJsonLines().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { direction: string }).direction)).to.deep.equal([
      'event',
      'event',
      'out',
      'in',
      'out',
      'in',
    ]);
    expect(JSON.parse(lines[4])).to.include({ data: 'AQL/', encoding: 'base64', size: 3 });
    await setFilter(log, 'is:binary');
    expect(log.exportJsonLines(true).split('\n')).to.have.length(2);
    const kept = log.entries.map(({ direction, kind, text, detail }) => ({ direction, kind, text, detail }));
    const all = log.exportJsonLines();
    log.clear();
    log.importText(all);
    expect(log.entries.map(({ direction, kind, text, detail }) => ({ direction, kind, text, detail }))).to.deep.equal(
      kept,
    );
  });

  it('imports a HAR saved by Chrome’s DevTools', async () => {
    const { log } = await clientAndLog();
    const har = await (await fetch('/test/fixtures/chrome-devtools.har')).text();
    log.clear();
    expect(log.importText(har)).to.equal(5);
    expect(summary(log)).to.deep.equal([
      'out {"type":"hello","user":"ada"}',
      'in {"type":"hello","user":"ada"}',
      'out bytes 1,2,255',
      'in bytes 1,2,255',
    ]);
    expect(log.entries[0].text).to.equal('imported from HAR: ws://localhost:5173/echo');
    expect(new Date(log.entries[1].time).toISOString()).to.equal('2025-11-30T14:02:11.457Z');
    await shown(log, 2, incoming);
  });

  it('exports from the toolbar in the format chosen, only the filtered entries when asked, and imports a file', async () => {
    const { log } = await binaryConversation();
    const root = log.shadowRoot!;
    const format = inner<HTMLSelectElement>(root, '.export-format');
    format.value = 'har';
    inner<HTMLInputElement>(root, '.export-filtered').checked = true;
    await setFilter(log, 'dir:in');
    // The download itself is the browser's; what is handed to it is checked.
    const blobs: Blob[] = [];
    const downloads: string[] = [];
    const { createObjectURL } = URL;
    const { click } = HTMLAnchorElement.prototype;
    URL.createObjectURL = (blob: Blob | MediaSource) => (blobs.push(blob as Blob), 'blob:test');
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    };
    try {
      part(root, 'export-button').click();
    } finally {
      URL.createObjectURL = createObjectURL;
      HTMLAnchorElement.prototype.click = click;
    }
    expect(downloads[0]).to.match(/^ws-client-log-.*\.har$/);
    const har = JSON.parse(await blobs[0].text()) as { log: { entries: Array<{ _webSocketMessages: unknown[] }> } };
    expect(har.log.entries[0]._webSocketMessages).to.have.length(2);

    log.clear();
    const input = inner<HTMLInputElement>(root, '.import-file');
    const files = new DataTransfer();
    files.items.add(new File([JSON.stringify(har)], 'saved.har', { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    await waitUntil(() => part(root, 'log-notice')?.textContent === 'Imported 3 entries', 'the file was not imported');
    expect(summary(log)).to.deep.equal(['in one', 'in bytes 1,2,255']);
  });

  it('resends the outgoing messages shown, in order', async () => {
    const { log, server } = await clientAndLog();
    log.importText(await (await fetch('/test/fixtures/chrome-devtools.har')).text());
    await setFilter(log, 'dir:out');
    part(log.shadowRoot!, 'resend-button').click();
    expect(await server.texts({ messages: 2 })).to.deep.equal(['{"type":"hello","user":"ada"}', '<binary AQL/>']);
  });
});

describe('connection facts', () => {
  it('shows the protocol and extensions on open, and the uptime and a clean close on close', async () => {
    const { log, server } = await clientAndLog({ protocols: 'chat.v1' });
    const [open] = await shown(log, 1, (row) => row.dataset.kind === 'open');
    expect(part(open, 'entry-detail').textContent).to.match(/^protocol chat\.v1 · (no extensions|extensions .+)$/);
    await server.close(1008, 'bad token');
    const [close] = await shown(log, 1, (row) => row.dataset.kind === 'close');
    expect(payload(close)).to.equal('close 1008 Policy Violation: bad token (clean)');
    expect(part(close, 'entry-detail').textContent).to.match(/^open for \d+(\.\d)? (ms|s)$/);
  });

  it('explains a 1006 close: no close frame came', async () => {
    const { log, server } = await clientAndLog();
    await server.terminate();
    const [close] = await shown(log, 1, (row) => row.dataset.kind === 'close');
    expect(payload(close)).to.equal(
      'close 1006 Abnormal Closure (not clean); no close frame: the network or the server dropped the connection',
    );
  });

  it('shows each reconnect attempt with its delay, and the share role', async () => {
    const { client, log, server } = await clientAndLog({ reconnect: true, 'reconnect-delay': '50' });
    await server.terminate();
    const [reconnecting] = await shown(log, 1, (row) => row.dataset.kind === 'reconnecting');
    expect(payload(reconnecting)).to.match(/^reconnecting: attempt 1 in \d+ ms$/);
    await shown(log, 1, (row) => row.dataset.kind === 'connecting' && / \(attempt 1\)$/.test(payload(row)));
    // The role event as <ws-client share> fires it (issue #16).
    client.dispatchEvent(new CustomEvent('share-role', { detail: { role: 'leader' } }));
    const [role] = await shown(log, 1, (row) => row.dataset.kind === 'share-role');
    expect(payload(role)).to.equal('role: leader');
  });
});

describe('decoders', () => {
  it('shows JSON as a collapsible tree whose nodes copy their path', async () => {
    const { log, server } = await clientAndLog();
    await server.send('{"user":{"name":"ada","tags":["x","y"]}}');
    const [row] = await shown(log, 1, incoming);
    expect(part(row, 'entry-decoder').textContent).to.equal('JSON');
    await expand(row);
    row.querySelector<HTMLButtonElement>('.view[data-view="tree"]')!.click();
    await log.updateComplete;
    const tree = row.querySelector('.tree')!;
    expect(tree.querySelectorAll('details')).to.have.length(3);
    const nested = tree.querySelectorAll('details')[2];
    nested.open = false;
    expect(nested.open).to.equal(false);
    const button = [...tree.querySelectorAll<HTMLButtonElement>('.copy-path')].find(
      (each) => each.getAttribute('aria-label') === 'Copy path $.user.tags[1]',
    )!;
    expect(await copied(() => button.click())).to.deep.equal(['$.user.tags[1]']);
    expect(await copied(() => part(row, 'copy-button').click())).to.deep.equal([
      JSON.stringify({ user: { name: 'ada', tags: ['x', 'y'] } }, null, 2),
    ]);
  });

  it('takes {name, test, decode} decoders: the entry names the decoder and the filter searches its output', async () => {
    const { log, server } = await clientAndLog();
    // A MessagePack fixarray of positive fixints, enough for the test: 92 01 02 is [1, 2].
    log.decoders = [
      {
        name: 'MessagePack',
        test: (data) => data instanceof Uint8Array && (data[0] & 0xf0) === 0x90,
        decode: (data) => [...(data as Uint8Array).subarray(1, 1 + ((data as Uint8Array)[0] & 0x0f))],
      },
    ];
    await server.sendBinary(base64(new Uint8Array([0x92, 1, 2])));
    await server.send('plain');
    const [row] = await shown(log, 1, (each) => incoming(each) && part(each, 'entry-decoder') !== null);
    expect(part(row, 'entry-decoder').textContent).to.equal('MessagePack');
    await setFilter(log, '/\\[\\s+1,\\s+2\\s+\\]/');
    await shown(log, 1, incoming);
    await expand(rows(log).find(incoming)!);
    expect(rows(log).find(incoming)!.querySelector('[part~="entry-full"]')!.textContent).to.equal('[\n  1,\n  2\n]');
  });
});

describe('keyboard and screen readers', () => {
  it('moves between entries with Up, Down, Home and End, expands with Enter, and / focuses the filter', async () => {
    const { log, server } = await clientAndLog();
    await server.send('{"a":1}');
    await server.send('b');
    await shown(log, 2, incoming);
    const root = log.shadowRoot!;
    part(root, 'log').focus();
    const focused = (): string => (root.activeElement as HTMLElement | null)?.dataset.kind ?? '';
    const focusedText = (): string => payload(root.activeElement as HTMLElement);
    await sendKeys({ press: 'Home' });
    await waitUntil(() => focused() === 'connecting', 'Home did not focus the first entry');
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => focused() === 'open', 'Down did not move to the next entry');
    await sendKeys({ press: 'End' });
    await waitUntil(() => focusedText() === 'b', 'End did not focus the last entry');
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => focusedText() === '{"a":1}', 'Up did not move back');
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () => (root.activeElement as HTMLElement).querySelector('details')?.open === true,
      'Enter did not expand',
    );
    await sendKeys({ press: '/' });
    await waitUntil(() => root.activeElement === part(root, 'filter'), '/ did not focus the filter');
  });

  it('sends the composed message with Ctrl+Enter', async () => {
    const { log, server } = await clientAndLog();
    const message = await openComposer(log);
    message.focus();
    await sendKeys({ type: 'keyed' });
    await executeServerCommand('key-chord', { modifier: 'Control', key: 'Enter' });
    expect(await server.texts({ messages: 1 })).to.deep.equal(['keyed']);
  });

  it('announces arrivals through a throttled polite live region', async () => {
    const { log, server } = await clientAndLog();
    const status = inner(log.shadowRoot!, '[role="status"]');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    expect(part(log.shadowRoot!, 'log').getAttribute('aria-live')).to.equal('off');
    await server.send('x', 5);
    await waitUntil(() => status.textContent === '5 new messages', `announced "${status.textContent}"`, {
      timeout: 3000,
    });
  });

  it('tells direction by a word and an arrow, never by colour alone', async () => {
    const { client, log } = await clientAndLog();
    client.send('x');
    await shown(log, 1, incoming);
    expect(rows(log).map((row) => part(row, 'entry-direction').textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(
      ['• Event', '• Event', '↑ Sent', '↓ Received'],
    );
  });

  for (const scheme of ['light', 'dark']) {
    it(`is accessible in ${scheme}, expanded, filtered, composing and with saved messages`, async function () {
      // axe-core takes seconds over this much DOM in WebKitGTK.
      this.timeout(30_000);
      const key = `ws-client-log-a11y-${Math.random().toString(36).slice(2)}`;
      localStorage.setItem(key, JSON.stringify([{ name: 'hi', body: 'hi', mode: 'text' }]));
      after(() => localStorage.removeItem(key));
      const { log, server } = await clientAndLog({}, new TestServer(), { 'storage-key': key });
      log.style.colorScheme = scheme;
      await server.send('{"a":[1,2]}');
      await server.sendBinary(base64(new Uint8Array([1, 2, 255])));
      const received = await shown(log, 2, incoming);
      await expand(received[0]);
      received[0].querySelector<HTMLButtonElement>('.view[data-view="tree"]')!.click();
      await expand(received[1]);
      await openComposer(log);
      await setFilter(log, 'dir:in');
      await expect(log).to.be.accessible();
      await setFilter(log, '/[/');
      await expect(log).to.be.accessible();
    });
  }
});

describe('at scale', () => {
  it('keeps fewer than 200 rows in the DOM with 10 000 entries, following or scrolled to the middle', async function () {
    this.timeout(30_000);
    const { client, log, server } = await clientAndLog({}, new TestServer(), { limit: '10000' });
    let received = 0;
    client.addEventListener('message', () => (received += 1));
    await server.send('0123456789012345678901234567890123456789012345678901234567890123', 10_000);
    await waitUntil(() => received === 10_000, 'the messages did not arrive', { timeout: 20_000 });
    await waitUntil(() => rows(log).length > 0 && rows(log).at(-1)!.dataset.id === String(log.entries.at(-1)!.id));
    expect(log.entries).to.have.length(10_000);
    expect(rows(log).length).to.be.at.most(50);
    const region = part(log.shadowRoot!, 'log');
    region.scrollTop = region.scrollHeight / 2;
    region.dispatchEvent(new Event('scroll'));
    await waitUntil(() => {
      const first = Number(rows(log)[0]?.dataset.id);
      return first > 3000 && first < 7000;
    }, 'the middle was not rendered');
    expect(rows(log).length).to.be.below(200);
  });
});
