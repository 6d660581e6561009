import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type {
  ConnectingDetail,
  DiscardedMessagesError,
  ReconnectFailedDetail,
  ReconnectingDetail,
  WsClient,
} from '../src/index.js';
import {
  closedSocket,
  mount,
  nextEvent,
  nextSocket,
  openElementInFrame,
  recordEvents,
  StandaloneServer,
  TestServer,
} from './helpers.js';
import './setup.js';

/** Fast retries for tests: the delays are small, and asserted through event details, never clocks. */
const FAST = { reconnect: true, 'reconnect-delay': '20', 'reconnect-max-delay': '80' };

/**
 * Waits a bounded time in which nothing may happen. Only for proving that an event does NOT
 * come; everything that does come is awaited as an event.
 */
function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for the open, drops the connection from the server side, and waits for the retry to be scheduled. */
async function openThenDrop(element: WsClient, server: TestServer): Promise<void> {
  await nextEvent(element, 'open');
  const reconnecting = nextEvent(element, 'reconnecting');
  await server.terminate();
  await reconnecting;
}

/** An element connected to a server of its own, which then crashes; resolves once the retry is scheduled. */
async function connectThenCrash(): Promise<{ standalone: StandaloneServer; server: TestServer; element: WsClient }> {
  const standalone = await StandaloneServer.start();
  const server = standalone.view();
  const element = mount({ host: server.url(), ...FAST });
  await nextEvent(element, 'open');
  const reconnecting = nextEvent(element, 'reconnecting');
  await standalone.shutdown();
  await reconnecting;
  return { standalone, server, element };
}

function details<T>(events: Event[]): T[] {
  return events.map((event) => (event as CustomEvent<T>).detail);
}

/** The texts the `index`-th connection of `server` received, once it has `count` of them. */
async function waitForTexts(server: TestServer, index: number, count: number): Promise<string[]> {
  let texts: string[] = [];
  await waitUntil(
    async () => {
      const records = await server.records();
      texts = records[index]?.received.map(({ text }) => text ?? '') ?? [];
      return texts.length >= count;
    },
    `connection ${index} did not receive ${count} messages`,
    { timeout: 10_000, interval: 100 },
  );
  return texts;
}

/**
 * The page becomes visible again. Test pages may run in background tabs, so the state is set
 * for the duration of the event.
 */
function becomeVisible(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  try {
    document.dispatchEvent(new Event('visibilitychange'));
  } finally {
    Reflect.deleteProperty(document, 'visibilityState');
  }
}

/** Blocks the main thread, as a frozen or busy page does. */
function stall(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy
  }
}

describe('reconnect', () => {
  it('reconnects after the server drops the connection without a close frame', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...FAST });
    await nextEvent(element, 'open');
    const events = recordEvents(element, 'close', 'reconnecting', 'connecting', 'open');
    const reopened = new Promise((resolve) => element.addEventListener('open', resolve, { once: true }));
    await server.terminate();
    await reopened;
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'reconnecting', 'connecting', 'open']);
    expect((events[0] as CloseEvent).code).to.equal(1006);
    expect(details<ReconnectingDetail>(events.slice(1, 2))[0].attempt).to.equal(1);
    expect(details<ConnectingDetail>(events.slice(2, 3))[0]).to.deep.equal({ attempt: 1, url: server.url() });
    expect(await server.records({ connections: 2, open: 1 })).to.have.length(2);
  });

  it('comes back when the server restarts on the same port', async () => {
    const { standalone, element } = await connectThenCrash();
    expect(element.getAttribute('state')).to.equal('reconnecting');
    expect(element.matches(':state(reconnecting)')).to.equal(true);
    expect(element.readyState).to.equal(WebSocket.CONNECTING);
    const reopened = nextEvent(element, 'open');
    await standalone.restart();
    await reopened;
    expect(element.state).to.equal('open');
    await standalone.shutdown();
  });

  for (const code of [1001, 1011, 4000]) {
    it(`reconnects after the server closes with ${code}`, async () => {
      const server = new TestServer();
      const element = mount({ host: server.url(), ...FAST });
      await nextEvent(element, 'open');
      const reconnecting = nextEvent<CustomEvent<ReconnectingDetail>>(element, 'reconnecting');
      await server.close(code, 'restarting');
      expect((await reconnecting).detail.attempt).to.equal(1);
      await nextEvent(element, 'open');
    });
  }

  it('does not reconnect after 1008 policy violation, by default', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...FAST });
    await nextEvent(element, 'open');
    const events = recordEvents(element, 'reconnecting', 'connecting');
    const closed = nextEvent<CloseEvent>(element, 'close');
    await server.close(1008, 'token expired');
    expect((await closed).code).to.equal(1008);
    await quiet(200);
    expect(events).to.deep.equal([]);
    expect(element.state).to.equal('closed');
  });

  it('takes the codes that stop reconnection from reconnect-stop-codes, ranges included', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...FAST, 'reconnect-stop-codes': '4400-4499' });
    await nextEvent(element, 'open');
    const reconnecting = nextEvent(element, 'reconnecting');
    await server.close(1008);
    await reconnecting;
    await nextEvent(element, 'open');
    const events = recordEvents(element, 'reconnecting');
    const closed = nextEvent<CloseEvent>(element, 'close');
    await server.close(4403, 'forbidden');
    expect((await closed).code).to.equal(4403);
    await quiet(200);
    expect(events).to.deep.equal([]);
  });

  it('does not reconnect after close() or removal', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...FAST });
    await nextEvent(element, 'open');
    const events = recordEvents(element, 'reconnecting', 'connecting');
    element.close();
    await nextEvent(element, 'close');
    element.connect();
    await nextEvent(element, 'open');
    element.remove();
    await server.records({ connections: 2, closed: true });
    await quiet(200);
    expect(events.map((event) => event.type)).to.deep.equal(['connecting']);
  });

  it('backs off exponentially with equal jitter, capped at reconnect-max-delay', async () => {
    const server = new TestServer();
    const element = mount({
      host: server.url('reject'),
      reconnect: true,
      'reconnect-delay': '40',
      'reconnect-max-delay': '120',
      'reconnect-attempts': '4',
    });
    const events = recordEvents(element, 'reconnecting');
    await nextEvent(element, 'reconnect-failed');
    const delays = details<ReconnectingDetail>(events);
    expect(delays.map((detail) => detail.attempt)).to.deep.equal([1, 2, 3, 4]);
    const steps = [40, 80, 120, 120];
    delays.forEach(({ delay }, index) => {
      expect(delay).to.be.within(steps[index] / 2, steps[index]);
    });
  });

  it('spreads clients out: the same attempt gets different delays', async () => {
    const server = new TestServer();
    const elements = Array.from({ length: 8 }, () =>
      mount({
        host: server.url('close', '?code=1011'),
        reconnect: true,
        'reconnect-delay': '1000',
        'reconnect-attempts': '1',
      }),
    );
    const delays = await Promise.all(
      elements.map(
        async (element) => (await nextEvent<CustomEvent<ReconnectingDetail>>(element, 'reconnecting')).detail.delay,
      ),
    );
    expect(new Set(delays).size).to.be.greaterThan(1);
    for (const delay of delays) expect(delay).to.be.within(500, 1000);
  });

  it('honours reconnect-attempts, fires reconnecting once per attempt, then reconnect-failed', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('reject'), ...FAST, 'reconnect-attempts': '3' });
    const events = recordEvents(element, 'connecting', 'reconnecting', 'reconnect-failed');
    const failed = await nextEvent<CustomEvent<ReconnectFailedDetail>>(element, 'reconnect-failed');
    expect(failed.detail).to.deep.equal({ attempts: 3 });
    expect(
      events.map((event) => `${event.type} ${(event as CustomEvent<{ attempt?: number }>).detail.attempt ?? ''}`),
    ).to.deep.equal([
      'connecting 0',
      'reconnecting 1',
      'connecting 1',
      'reconnecting 2',
      'connecting 2',
      'reconnecting 3',
      'connecting 3',
      'reconnect-failed ',
    ]);
    expect(element.state).to.equal('closed');
    await quiet(200);
    expect(events).to.have.length(8);
  });

  it('does not reset the attempt count for an open shorter than 5 s', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('close', '?code=1011'), ...FAST, 'reconnect-attempts': '2' });
    const opens = recordEvents(element, 'open');
    const failed = await nextEvent<CustomEvent<ReconnectFailedDetail>>(element, 'reconnect-failed');
    expect(failed.detail.attempts).to.equal(2);
    expect(opens).to.have.length(3);
  });

  it('gives up a socket stuck in CONNECTING after connect-timeout, as a failed attempt', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('hang'), ...FAST, 'connect-timeout': '100', 'reconnect-attempts': '1' });
    const events = recordEvents(element, 'error', 'close', 'reconnecting', 'reconnect-failed');
    const sockets: WebSocket[] = [];
    element.addEventListener('connecting', () => queueMicrotask(() => sockets.push(element.socket!)));
    await nextEvent(element, 'reconnect-failed');
    expect(events.map((event) => event.type)).to.deep.equal([
      'error',
      'close',
      'reconnecting',
      'error',
      'close',
      'reconnect-failed',
    ]);
    const timeout = events[0] as ErrorEvent;
    expect(timeout.error.name).to.equal('TimeoutError');
    expect(timeout.message).to.contain('100 ms');
    expect([(events[1] as CloseEvent).code, (events[1] as CloseEvent).reason]).to.deep.equal([1006, 'connect timeout']);
    expect(sockets).to.have.length(2);
    await Promise.all(sockets.map(closedSocket));
    expect(element.socket).to.equal(null);
  });

  it('retries at once on connect() while waiting, and on the Retry now button', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), reconnect: true, 'reconnect-delay': '60000', controls: true });
    await nextEvent(element, 'open');
    let reconnecting = nextEvent<CustomEvent<ReconnectingDetail>>(element, 'reconnecting');
    await server.terminate();
    expect((await reconnecting).detail.delay).to.be.at.least(15000);
    element.connect();
    await nextEvent(element, 'open');

    reconnecting = nextEvent(element, 'reconnecting');
    await server.terminate();
    await reconnecting;
    await element.updateComplete;
    const retry = element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry-button"]')!;
    expect(retry.textContent).to.equal('Retry now');
    expect(element.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('Reconnecting');
    retry.click();
    await nextEvent(element, 'open');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="retry-button"]')).to.equal(null);
  });

  it('lets a connecting listener change host and protocols for that attempt (fresh token)', async () => {
    const server = new TestServer();
    let token = 0;
    const element = mount({ host: server.url('echo', '?token=0'), ...FAST }, (element) => {
      element.addEventListener('connecting', () => {
        token += 1;
        element.host = server.url('echo', `?token=${token}`);
        element.protocols = `token.${token}`;
      });
    });
    await nextEvent(element, 'open');
    const reopened = nextEvent(element, 'open');
    await server.terminate();
    await reopened;
    const records = await server.records({ connections: 2, open: 1 });
    expect(records.map((record) => [new URL(record.url, 'http://x').search, record.protocol])).to.deep.equal([
      ['?token=1', 'token.1'],
      ['?token=2', 'token.2'],
    ]);
  });

  const stops: Array<[string, (element: WsClient) => void]> = [
    ['close()', (element) => element.close()],
    ['removal', (element) => element.remove()],
  ];
  for (const [how, stop] of stops) {
    it(`leaves no timer and no socket after ${how} during a pending retry`, async () => {
      const server = new TestServer();
      const element = mount({
        host: server.url(),
        reconnect: true,
        'reconnect-delay': '50',
        'reconnect-max-delay': '50',
      });
      await openThenDrop(element, server);
      const events = recordEvents(element, 'connecting', 'open', 'reconnecting');
      stop(element);
      await quiet(250);
      expect(events).to.deep.equal([]);
      expect(element.state).to.equal('closed');
      expect(element.socket).to.equal(null);
      expect(await server.records()).to.have.length(1);
    });
  }

  it('a host change cancels the pending retry and connects to the new host', async () => {
    const first = new TestServer();
    const second = new TestServer();
    const element = mount({ host: first.url(), reconnect: true, 'reconnect-delay': '50', 'reconnect-max-delay': '50' });
    await openThenDrop(element, first);
    element.host = second.url();
    await nextEvent(element, 'open');
    await quiet(150);
    expect(await first.records()).to.have.length(1);
    expect(await second.records()).to.have.length(1);
  });

  it('a host change during CONNECTING abandons that handshake', async () => {
    const stuck = new TestServer();
    const good = new TestServer();
    const element = mount({ host: stuck.url('hang'), reconnect: true });
    const abandoned = await nextSocket(element);
    element.host = good.url();
    await nextEvent(element, 'open');
    await closedSocket(abandoned);
    expect(element.url).to.equal(good.url());
  });

  it('stops retrying when reconnect is turned off while waiting', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), reconnect: true, 'reconnect-delay': '60000' });
    await openThenDrop(element, server);
    element.reconnect = false;
    expect(element.state).to.equal('closed');
  });
});

describe('outbox', () => {
  /** Numbered 64 KB messages: "00042:xxxx…". */
  const SIZE = 64 * 1024;
  const numbered = (index: number): string => `${String(index).padStart(5, '0')}:${'x'.repeat(SIZE - 6)}`;
  const numberOf = (text: string): number => Number(text.slice(0, 5));
  /** WebKit takes bytes out of `bufferedAmount` as soon as its network process has them. */
  const countsWhatItHolds = /Chrome|Firefox/.test(navigator.userAgent);

  /**
   * Resolves with `bufferedAmount` once it has stopped falling: the browser can take no more out
   * of it. Chromium and Firefox keep megabytes counted behind a server that stops reading;
   * WebKit hands them to its network process at once, and counts nothing.
   */
  async function bufferSettled(element: WsClient): Promise<number> {
    let last = -1;
    await waitUntil(
      () => {
        const now = element.bufferedAmount;
        const settled = now === last;
        last = now;
        return settled;
      },
      'bufferedAmount kept changing',
      { interval: 200, timeout: 8000 },
    );
    return last;
  }

  it('sends again, once each and in order, what the socket still counted in bufferedAmount when it died', async function () {
    // About 15 MB go through twice: seconds on a busy machine.
    this.timeout(30_000);
    const server = new TestServer();
    // The first connection stalls (its server never reads); the retry goes to one that reads.
    const element = mount({ host: server.url('stall'), ...FAST }, (client) =>
      client.addEventListener('connecting', (event) => {
        if (event.detail.attempt > 0) client.host = server.url('echo');
      }),
    );
    await nextEvent(element, 'open');
    const count = 300;
    for (let index = 0; index < count; index += 1) element.send(numbered(index));
    const buffered = await bufferSettled(element);
    expect(buffered > 0).to.equal(countsWhatItHolds);
    const closed = nextEvent<CloseEvent>(element, 'close');
    let requeued = -1;
    element.addEventListener('close', () => (requeued = element.bufferedAmount / SIZE), { once: true });
    await server.terminate();
    expect((await closed).code).to.equal(1006);
    // Every message still counted, even in part, went back to the outbox, whole.
    expect(requeued).to.equal(Math.ceil(buffered / SIZE));
    await nextEvent(element, 'open');
    const again = (await waitForTexts(server, 1, requeued)).map(numberOf);
    const [first] = await server.records();
    const before = first.received.map(({ text }) => numberOf(text ?? ''));
    // The retry carries exactly the messages that were still counted, in order, once each.
    expect(again).to.deep.equal(Array.from({ length: requeued }, (_, index) => count - requeued + index));
    // The stalled server read a prefix, none of it sent again; what it never read had left the
    // count (it sat in the kernel's buffers): only acknowledgements can recover that.
    expect(before).to.deep.equal(Array.from({ length: before.length }, (_, index) => index));
    expect(before.length).to.be.at.most(count - requeued);
  });

  it('names what the socket still counted in the AbortError when no retry comes', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('stall') });
    await nextEvent(element, 'open');
    for (let index = 0; index < 100; index += 1) element.send(numbered(index));
    const buffered = await bufferSettled(element);
    expect(buffered > 0).to.equal(countsWhatItHolds);
    const errors = recordEvents(element, 'error');
    const closed = nextEvent(element, 'close');
    await server.terminate();
    await closed;
    const discarded = errors
      .map((event) => (event as ErrorEvent).error as DiscardedMessagesError | undefined)
      .filter((error) => error?.name === 'AbortError');
    const numbers = discarded.flatMap((error) => error!.messages.map((data) => numberOf(data as string)));
    const counted = Math.ceil(buffered / SIZE);
    expect(numbers).to.deep.equal(Array.from({ length: counted }, (_, index) => 100 - counted + index));
  });

  it('delivers 200 messages sent during an outage once each, in order, on the next open', async () => {
    const { standalone, server, element } = await connectThenCrash();
    const sent = Array.from({ length: 200 }, (_, index) => `message ${index}`);
    for (const message of sent) element.send(message);
    const reopened = nextEvent(element, 'open');
    await standalone.restart();
    await reopened;
    expect(await server.texts({ messages: 200 })).to.deep.equal(sent);
    element.send('after');
    expect((await server.texts({ messages: 201 })).at(-1)).to.equal('after');
    await standalone.shutdown();
  });

  it('throws QuotaExceededError past queue-limit and keeps the queue intact', async () => {
    const stuck = new TestServer();
    const good = new TestServer();
    const element = mount({ host: stuck.url('hang'), 'queue-limit': '2' });
    element.send('one');
    element.send('two');
    expect(() => element.send('three'))
      .to.throw(DOMException, /queue-limit/)
      .with.property('name', 'QuotaExceededError');
    element.host = good.url();
    await nextEvent(element, 'open');
    expect(await good.texts({ messages: 2 })).to.deep.equal(['one', 'two']);
  });

  it('bounds the queue at 1000 messages by default', async () => {
    const stuck = new TestServer();
    const element = mount({ host: stuck.url('hang') });
    for (let i = 0; i < 1000; i += 1) element.send(`m${i}`);
    expect(() => element.send('one too many'))
      .to.throw(DOMException)
      .with.property('name', 'QuotaExceededError');
  });

  it('still throws InvalidStateError when closed without reconnect', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const closed = nextEvent(element, 'close');
    await server.terminate();
    await closed;
    expect(() => element.send('x'))
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
  });

  it('reports messages still queued when retrying gives up', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('reject'), ...FAST, 'reconnect-attempts': '1' });
    element.send('never delivered');
    const errors = recordEvents(element, 'error');
    await nextEvent(element, 'reconnect-failed');
    const discarded = errors.filter((event): event is ErrorEvent => event instanceof ErrorEvent);
    expect(discarded.map((event) => event.error.name)).to.deep.equal(['AbortError']);
    expect(discarded[0].message).to.contain('1 queued message was discarded');
  });
});

describe('heartbeat', () => {
  it('sends heartbeat-message every interval while open', async () => {
    const server = new TestServer();
    const element = mount({
      host: server.url('silent'),
      heartbeat: '30',
      'heartbeat-message': '{"type":"ping"}',
      'heartbeat-timeout': '60000',
    });
    await nextEvent(element, 'open');
    const texts = await server.texts({ messages: 3 });
    expect(texts.slice(0, 3)).to.deep.equal(['{"type":"ping"}', '{"type":"ping"}', '{"type":"ping"}']);
  });

  it('declares a silent peer dead: closes with 1006 "heartbeat timeout" and reconnects', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('silent'), ...FAST, heartbeat: '30', 'heartbeat-timeout': '100' });
    await nextEvent(element, 'open');
    const closed = nextEvent<CloseEvent>(element, 'close');
    const reconnecting = nextEvent(element, 'reconnecting');
    const close = await closed;
    expect([close.code, close.reason, close.wasClean]).to.deep.equal([1006, 'heartbeat timeout', false]);
    await reconnecting;
    await nextEvent(element, 'open');
    const records = await server.records({ connections: 2 });
    expect(records[0].open).to.equal(false);
  });

  it('counts any inbound frame as life', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('echo'), heartbeat: '30', 'heartbeat-timeout': '60' });
    const closes = recordEvents(element, 'close');
    await nextEvent(element, 'open');
    // Ten intervals, each answered by the echo: never more than 60 ms without a frame.
    await server.records({ messages: 10 });
    expect(closes).to.deep.equal([]);
    expect(await server.records({ open: 1 })).to.have.length(1);
  });

  it('hides replies equal to heartbeat-reply from message events', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('echo'), heartbeat: '20', 'heartbeat-reply': 'ping' });
    const messages = recordEvents(element, 'message');
    await nextEvent(element, 'open');
    await server.records({ messages: 3 });
    element.send('real');
    await nextEvent(element, 'message');
    expect(messages.map((event) => (event as MessageEvent).data)).to.deep.equal(['real']);
  });

  it('probes again instead of judging by a timer that ran late (throttled or frozen page)', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('silent'), heartbeat: '600000', 'heartbeat-timeout': '200' });
    await nextEvent(element, 'open');
    const closed = nextEvent<CloseEvent>(element, 'close');
    becomeVisible(); // probe now
    await server.records({ messages: 1 });
    stall(700);
    expect((await closed).reason).to.equal('heartbeat timeout');
    const [record] = await server.records({ closed: true });
    expect(record.received.map((message) => message.text)).to.deep.equal(['ping', 'ping']);
  });
});

describe('page lifecycle', () => {
  it('listens to the page once for all connections, not once per connection', async () => {
    const { page } = await openElementInFrame('/test/fixtures/lifecycle.html');
    const elements = [...page.document.querySelectorAll('ws-client')];
    await Promise.all(elements.map((element) => (element.state === 'open' ? null : nextEvent(element, 'open'))));
    const added = (page as unknown as { added: string[] }).added;
    const lifecycle = added.filter((type) => ['online', 'pagehide', 'pageshow', 'visibilitychange'].includes(type));
    expect(elements).to.have.length(3);
    expect(lifecycle.sort()).to.deep.equal(['online', 'pagehide', 'pageshow', 'visibilitychange']);
  });

  const wakeUps: Array<[string, () => void]> = [
    ['the browser comes back online', () => window.dispatchEvent(new Event('online'))],
    ['the page becomes visible', becomeVisible],
  ];
  for (const [when, wakeUp] of wakeUps) {
    it(`retries at once when ${when}`, async () => {
      const server = new TestServer();
      const element = mount({ host: server.url(), reconnect: true, 'reconnect-delay': '60000' });
      await openThenDrop(element, server);
      wakeUp();
      await nextEvent(element, 'open');
    });
  }

  it('does not spend attempts while the browser is offline', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...FAST });
    await nextEvent(element, 'open');
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      const reconnecting = nextEvent(element, 'reconnecting');
      const events = recordEvents(element, 'connecting', 'reconnecting');
      await server.terminate();
      await reconnecting;
      await quiet(200);
      expect(events.map((event) => event.type)).to.deep.equal(['reconnecting']);
      expect(element.state).to.equal('reconnecting');
    } finally {
      Reflect.deleteProperty(navigator, 'onLine');
    }
    window.dispatchEvent(new Event('online'));
    await nextEvent(element, 'open');
  });

  it('closes cleanly on pagehide and reopens on pageshow, keeping the outbox', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const closed = nextEvent<CloseEvent>(element, 'close');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    const close = await closed;
    expect([close.code, close.reason, close.wasClean]).to.deep.equal([1000, 'page hidden', true]);
    const [first] = await server.records({ closed: true });
    expect(first.close).to.deep.equal({ code: 1000, reason: 'page hidden' });
    expect(element.state).to.equal('closed');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    element.send('after the back/forward cache');
    await nextEvent(element, 'open');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['after the back/forward cache']);
  });

  it('does not reopen on pageshow after close()', async () => {
    const server = new TestServer();
    const element: WsClient = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.close();
    await nextEvent(element, 'close');
    const events = recordEvents(element, 'connecting');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    expect(events).to.deep.equal([]);
  });
});
