import { expect, nextFrame, waitUntil } from '@open-wc/testing';
import type { ReactiveControllerHost } from 'lit';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { base64, mount, nextEvent, recordEvents, TestServer } from './helpers.js';
import './setup.js';

/** The element with its inspector loaded and the connection open. */
async function openWithLog(attributes: Record<string, string | boolean>, server = new TestServer()): Promise<WsClient> {
  const element = mount({ host: server.url(), log: true, ...attributes });
  await nextEvent(element, 'open');
  await waitUntil(() => element.inspector !== null, 'the inspector did not load');
  return element;
}

/** Waits until the log shows `count` entries (rendering is batched per animation frame). */
async function rendered(element: WsClient, count: number): Promise<HTMLElement[]> {
  try {
    await waitUntil(() => entries(element).length === count);
  } catch {
    const shown = entries(element).map((entry) => entry.textContent?.replace(/\s+/g, ' ').trim());
    throw new Error(`the log did not show ${count} entries but ${shown.length}: ${JSON.stringify(shown)}`);
  }
  return entries(element);
}

function entries(element: WsClient): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[part~="entry"]')];
}

function part(element: WsClient, name: string): HTMLElement {
  return element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
}

/** Counts the log's renders (Lit updates) from now on, as a controller hears them. */
function countUpdates(element: ReactiveControllerHost): () => number {
  let updates = 0;
  element.addController({ hostUpdated: () => (updates += 1) });
  return () => updates;
}

describe('the inspector log', () => {
  it('is loaded only when log is set, and renders nothing per frame while off', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    await element.updateComplete;
    expect(element.inspector).to.equal(null);
    expect(part(element, 'log')).to.equal(null);
    const updates = countUpdates(element);
    const messages = recordEvents(element, 'message');
    await server.send('x', 500);
    await waitUntil(() => messages.length === 500);
    await nextFrame();
    expect(updates()).to.equal(0);
  });

  it('has one entry per frame and per lifecycle event, with direction, time and size', async () => {
    const server = new TestServer();
    const element = await openWithLog({ controls: true }, server);
    element.send('héllo');
    await nextEvent(element, 'message');
    const closed = nextEvent(element, 'close');
    await server.close(4001, 'done');
    await closed;
    const rows = (await rendered(element, 5)).slice(1);
    expect(rows.map((row) => `${row.dataset.direction} ${row.dataset.kind}`)).to.deep.equal([
      'event open',
      'out message',
      'in message',
      'event close',
    ]);
    expect(rows[1].querySelector('[part="entry-size"]')!.textContent).to.equal('6 bytes');
    expect(rows[2].querySelector('[part="entry-payload"]')!.textContent).to.equal('héllo');
    // Issue #17 (connection facts): a close says whether it was clean.
    expect(rows[3].querySelector('[part="entry-payload"]')!.textContent).to.equal(
      'close 4001 Application: done (clean)',
    );
    expect(rows[2].querySelector('time')!.textContent).to.match(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(part(element, 'log').getAttribute('role')).to.equal('log');
  });

  it('names spec close codes', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    const closed = nextEvent(element, 'close');
    await server.terminate();
    await closed;
    const rows = await rendered(element, 3);
    expect(rows[2].textContent).to.contain('close 1006 Abnormal Closure');
  });

  it('shows payloads as text, never as HTML', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>\u202Eevil\u0000';
    await server.send(hostile);
    const rows = await rendered(element, 3);
    expect(rows[2].querySelector('[part="entry-payload"]')!.textContent).to.equal(hostile);
    expect(element.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
  });

  it('shows binary payloads as binary, their size and a hex preview', async () => {
    const server = new TestServer();
    const element = await openWithLog({ format: 'binary' }, server);
    await server.sendBinary(base64(new Uint8Array([0, 1, 171, 255])));
    const rows = await rendered(element, 3);
    expect(rows[2].querySelector('[part="entry-payload"]')!.textContent).to.equal('00 01 ab ff');
    expect(rows[2].querySelector('[part="entry-size"]')!.textContent).to.equal('binary · 4 B');
  });

  it('pretty-prints JSON and shows long payloads in full when expanded', async () => {
    const server = new TestServer();
    const element = await openWithLog({ format: 'json' }, server);
    await server.send('{"a":[1,2]}');
    await server.send('"' + 'x'.repeat(500) + '"');
    const rows = await rendered(element, 4);
    expect(rows[3].querySelector('summary')!.textContent).to.equal('x'.repeat(200) + '…');
    for (const row of rows.slice(2)) {
      expect(row.querySelector('[part="entry-full"]')).to.equal(null);
      row.querySelector('summary')!.click();
    }
    await waitUntil(() => element.shadowRoot!.querySelectorAll('[part="entry-full"]').length === 2);
    const full = [...element.shadowRoot!.querySelectorAll('[part="entry-full"]')].map((pre) => pre.textContent);
    expect(full).to.deep.equal(['{\n  "a": [\n    1,\n    2\n  ]\n}', 'x'.repeat(500)]);
  });

  it('keeps log-limit entries under a burst of 20 000 frames, rendering at most once per animation frame', async function () {
    // The burst alone may take the 20 s its wait allows on a busy machine (mocha's default is 10).
    this.timeout(30_000);
    const server = new TestServer();
    const element = await openWithLog({ 'log-limit': '100' }, server);
    // The log is an element of its own (issue #17): its renders are counted, the client's stay 0.
    const clientUpdates = countUpdates(element);
    const updates = countUpdates(element.inspector!);
    let frames = 0;
    let counting = true;
    const tick = (): void => {
      frames += 1;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    let received = 0;
    element.addEventListener('message', () => (received += 1));
    await server.send('0123456789012345678901234567890123456789012345678901234567890123', 20_000);
    await waitUntil(() => received === 20_000, 'the burst did not arrive', { timeout: 20_000 });
    await nextFrame();
    await nextFrame();
    counting = false;
    expect(element.inspector!.entries).to.have.length(100);
    // Following the newest entry, the DOM holds the last 50 of them.
    expect(entries(element)).to.have.length(50);
    expect(updates()).to.be.within(1, frames + 1);
    expect(updates()).to.be.below(received / 100);
    expect(clientUpdates()).to.equal(0);
  });

  // Issue #17 (scale) replaced "every kept entry once scrolled up": scrolled up, a window of rows.
  it('keeps the last 50 rows in the DOM while following, and a window of fewer than 200 once scrolled up', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    element.style.setProperty('--ws-client-log-height', '10em');
    let received = 0;
    element.addEventListener('message', () => (received += 1));
    await server.send('row', 500);
    await waitUntil(() => received === 500);
    await rendered(element, 50);
    expect(element.inspector!.entries).to.have.length(502);
    const log = part(element, 'log');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await waitUntil(() => entries(element)[0]?.dataset.kind === 'connecting', 'the oldest entry was not shown');
    expect(entries(element).length).to.be.within(50, 199);
  });

  it('pauses rendering while receiving, clears, filters and exports JSON Lines', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    part(element, 'pause-button').click();
    await element.updateComplete;
    expect(part(element, 'pause-button').getAttribute('aria-pressed')).to.equal('true');
    await server.send('alpha');
    await server.send('beta');
    await waitUntil(() => element.inspector!.entries.length === 4);
    await nextFrame();
    expect(entries(element)).to.have.length(2);
    part(element, 'pause-button').click();
    await rendered(element, 4);

    const filter = part(element, 'filter') as HTMLInputElement;
    filter.value = 'ALP';
    filter.dispatchEvent(new Event('input'));
    await element.updateComplete;
    expect(entries(element).map((row) => row.querySelector('[part="entry-payload"]')!.textContent)).to.deep.equal([
      'alpha',
    ]);

    const lines = element
      .inspector!.exportJsonLines()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ direction, kind, data }) => [direction, kind, data])).to.deep.equal([
      ['event', 'connecting', `connecting to ${server.url()}`],
      ['event', 'open', 'open'],
      ['in', 'message', 'alpha'],
      ['in', 'message', 'beta'],
    ]);
    expect(lines[2].time).to.match(/^\d{4}-\d\d-\d\dT/);

    part(element, 'clear-button').click();
    await element.updateComplete;
    expect(entries(element)).to.have.length(0);
    expect(part(element, 'log-empty').textContent).to.equal('No messages yet');
  });

  it('copies an entry to the clipboard', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    await server.send('copy me');
    const rows = await rendered(element, 3);
    const copied: string[] = [];
    // Headless browsers give no clipboard permission; the call itself is what is checked.
    Object.defineProperty(navigator.clipboard, 'writeText', {
      configurable: true,
      value: (text: string) => Promise.resolve(void copied.push(text)),
    });
    try {
      rows[2].querySelector<HTMLButtonElement>('[part="copy-button"]')!.click();
    } finally {
      Reflect.deleteProperty(navigator.clipboard, 'writeText');
    }
    expect(copied).to.deep.equal(['copy me']);
  });

  it('follows the newest entry unless the user scrolled up', async () => {
    const server = new TestServer();
    const element = await openWithLog({}, server);
    element.style.setProperty('--ws-client-log-height', '5em');
    await server.send('line', 30);
    await rendered(element, 32);
    const log = part(element, 'log');
    await waitUntil(() => log.scrollTop + log.clientHeight >= log.scrollHeight - 8, 'not at the newest entry');
    log.scrollTop = 0;
    log.dispatchEvent(new Event('scroll'));
    await server.send('more', 5);
    await rendered(element, 37);
    expect(log.scrollTop).to.equal(0);
  });

  it('takes its texts from the labels attribute', async () => {
    const server = new TestServer();
    const element = await openWithLog({ labels: '{"clear":"Limpar","pause":"Pausar","filter":"Filtrar"}' }, server);
    await element.updateComplete;
    expect(part(element, 'clear-button').textContent!.trim()).to.equal('Limpar');
    expect(part(element, 'pause-button').textContent!.trim()).to.equal('Pausar');
    expect(part(element, 'filter').getAttribute('aria-label')).to.equal('Filtrar');
  });

  for (const width of [240, 1200]) {
    it(`lays out without overflow at ${width} px`, async () => {
      const server = new TestServer();
      const box = document.createElement('div');
      box.style.width = `${width}px`;
      document.body.append(box);
      after(() => box.remove());
      const element = mount({ host: server.url(), controls: true, log: true }, undefined, box);
      await nextEvent(element, 'open');
      await server.send('a-long-unbroken-payload-'.repeat(20));
      await rendered(element, 3);
      const right = box.getBoundingClientRect().right + 0.5;
      for (const node of element.shadowRoot!.querySelectorAll<HTMLElement>('[part]')) {
        expect(node.getBoundingClientRect().right, node.getAttribute('part')!).to.be.at.most(right);
      }
    });
  }

  it('is accessible while reconnecting', async () => {
    const server = new TestServer();
    const element = await openWithLog({ controls: true, reconnect: true, 'reconnect-delay': '60000' }, server);
    const reconnecting = nextEvent(element, 'reconnecting');
    await server.terminate();
    await reconnecting;
    await rendered(element, 4);
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('is accessible with the log, open and closed', async () => {
    const server = new TestServer();
    const element = await openWithLog({ controls: true }, server);
    element.send('hi');
    await rendered(element, 4);
    await expect(element).to.be.accessible();
    element.close();
    await nextEvent(element, 'close');
    await rendered(element, 5);
    await expect(element).to.be.accessible();
  });
});
