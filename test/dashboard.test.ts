import { expect, waitUntil } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';
import { nextEvent, openFrame } from './helpers.js';

/** What the accessibility test uses of axe-core. */
interface Axe {
  run(context: Document): Promise<{ violations: Array<{ id: string; nodes: Array<{ html: string }> }> }>;
}

/** A message of the pub/sub server (demo/pubsub-server.mjs). */
interface Message {
  topic?: string;
  type?: string;
  data?: unknown;
  time?: number;
  connections?: number;
  subscriptions?: Record<string, number>;
  message?: string;
}

/**
 * A raw WebSocket to the pub/sub server (the test runner ticks its feeds every 100 ms) that keeps
 * every message it gets, in order, so a test can wait for one and look at what came around it.
 */
class PubSubClient {
  static readonly all = new Set<PubSubClient>();
  readonly messages: Message[] = [];
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (event: MessageEvent<string>) => {
      this.messages.push(JSON.parse(event.data) as Message);
      for (const wake of this.#waiters) wake();
    });
  }

  static async open(): Promise<PubSubClient> {
    const socket = new WebSocket(`ws://${location.host}/pubsub`);
    const client = new PubSubClient(socket);
    PubSubClient.all.add(client);
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    return client;
  }

  send(message: object | string): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The index of the first message after `after` (an index) for which `matches` holds, once it has come. */
  next(matches: (message: Message) => boolean, after = -1): Promise<number> {
    const find = (): number => this.messages.findIndex((message, index) => index > after && matches(message));
    return new Promise((resolve) => {
      const check = (): void => {
        const index = find();
        if (index < 0) return;
        this.#waiters.delete(check);
        resolve(index);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The index of the `count`-th message for which `matches` holds, once it has come. */
  async nth(matches: (message: Message) => boolean, count: number): Promise<number> {
    let index = -1;
    for (let seen = 0; seen < count; seen += 1) index = await this.next(matches, index);
    return index;
  }

  /** Closes, and resolves once the closing handshake is done. */
  async close(): Promise<void> {
    PubSubClient.all.delete(this);
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.addEventListener('close', resolve, { once: true }));
    this.socket.close();
    await closed;
  }
}

const topic = (name: string) => (message: Message) => message.topic === name;
const subscribe = (name: string) => ({ type: 'subscribe', topic: name });

afterEach(() => Promise.all([...PubSubClient.all].map((client) => client.close())));

describe('the pub/sub server of the dashboard demo (/pubsub)', () => {
  it("sends a feed's latest value at once on subscribe, then a new one every tick", async () => {
    const client = await PubSubClient.open();
    client.send(subscribe('prices'));
    const first = await client.next(topic('prices'));
    const second = await client.next(topic('prices'), first);
    const [a, b] = [client.messages[first], client.messages[second]];
    expect(Object.keys(a.data as object)).to.deep.equal(['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA', 'HOOLI']);
    expect(Object.values(a.data as object).every((price) => typeof price === 'number')).to.equal(true);
    expect(a.time).to.be.a('number');
    expect(b.time).to.be.at.least(a.time!);
  });

  it('sends each socket the topics it subscribed to and no others', async () => {
    const [weather, news] = await Promise.all([PubSubClient.open(), PubSubClient.open()]);
    weather.send(subscribe('weather'));
    news.send(subscribe('news'));
    await Promise.all([weather.nth(topic('weather'), 3), news.nth(topic('news'), 3)]);
    expect(weather.messages.map((message) => message.topic)).to.satisfy((topics: string[]) =>
      topics.every((name) => name === 'weather'),
    );
    expect(news.messages.map((message) => message.topic)).to.satisfy((topics: string[]) =>
      topics.every((name) => name === 'news'),
    );
    const { temp, sky } = (weather.messages[0].data as Record<string, { temp: number; sky: string }>).Lisbon;
    expect([typeof temp, typeof sky]).to.deep.equal(['number', 'string']);
    expect(news.messages[0].data).to.have.keys('id', 'headline');
  });

  it('stops a topic on unsubscribe and keeps the others', async () => {
    const client = await PubSubClient.open();
    client.send(subscribe('prices'));
    client.send(subscribe('news'));
    client.send(subscribe('fence'));
    await client.next(topic('prices'));
    client.send({ type: 'unsubscribe', topic: 'prices' });
    // The server reads a socket's messages in order: what it sends after the fence comes after
    // the unsubscribe, and it ticks every feed at once.
    client.send({ type: 'publish', topic: 'fence', data: null });
    const fence = await client.next(topic('fence'));
    await client.next(topic('news'), await client.next(topic('news'), fence));
    expect(client.messages.slice(fence).filter(topic('prices'))).to.deep.equal([]);
  });

  it('relays what a client publishes to every subscriber of the topic, the sender too', async () => {
    const [alice, bob] = await Promise.all([PubSubClient.open(), PubSubClient.open()]);
    alice.send(subscribe('chat'));
    alice.send({ type: 'publish', topic: 'chat', data: 'alice is here' });
    await alice.next(topic('chat'));
    bob.send(subscribe('chat'));
    bob.send({ type: 'publish', topic: 'chat', data: { text: 'hi' } });
    const [toAlice, toBob] = await Promise.all([
      alice.next((message) => message.topic === 'chat' && message.data !== 'alice is here'),
      bob.next(topic('chat')),
    ]);
    for (const message of [alice.messages[toAlice], bob.messages[toBob]]) {
      expect(message).to.include({ topic: 'chat' });
      expect(message.data).to.deep.equal({ text: 'hi' });
      expect(message.time).to.be.a('number');
    }
  });

  it('answers what it cannot take with an error to the sender alone, and keeps the connection', async () => {
    const client = await PubSubClient.open();
    for (const wrong of [
      'not json',
      { type: 'subscribe' },
      { type: 'dance', topic: 'prices' },
      { type: 'publish', topic: 'prices', data: 1 },
      { type: 'publish', topic: 'stats', data: 1 },
    ]) {
      client.send(wrong);
    }
    client.send(subscribe('news'));
    const news = await client.next(topic('news'));
    const errors = client.messages.slice(0, news);
    expect(errors.map((message) => message.type)).to.deep.equal(['error', 'error', 'error', 'error', 'error']);
    expect(errors.every((message) => typeof message.message === 'string')).to.equal(true);
    expect(client.socket.readyState).to.equal(WebSocket.OPEN);
  });

  it('tells its connection count and subscriptions on the stats topic as they change, and every tick', async () => {
    const watcher = await PubSubClient.open();
    const stats = (connections: number, subscriptions: Record<string, number>, after = -1): Promise<number> => {
      const counts = JSON.stringify(Object.entries(subscriptions).sort());
      return watcher.next(
        (message) =>
          message.topic === 'stats' &&
          message.connections === connections &&
          JSON.stringify(Object.entries(message.subscriptions ?? {}).sort()) === counts,
        after,
      );
    };
    watcher.send(subscribe('stats'));
    // Alone once the sockets of earlier tests are gone (nothing else here uses the server).
    const alone = await stats(1, { stats: 1 });
    const other = await PubSubClient.open();
    const two = await stats(2, { stats: 1 }, alone);
    other.send(subscribe('prices'));
    other.send(subscribe('news'));
    const subscribed = await stats(2, { stats: 1, prices: 1, news: 1 }, two);
    other.send({ type: 'unsubscribe', topic: 'news' });
    const unsubscribed = await stats(2, { stats: 1, prices: 1 }, subscribed);
    await other.close();
    const left = await stats(1, { stats: 1 }, unsubscribed);
    // Nothing changes now, and the ticks still tell the count (to tabs that join a shared socket).
    await stats(1, { stats: 1 }, await stats(1, { stats: 1 }, left));
  });
});

describe('the dashboard demo /demo/dashboard.html', () => {
  // Removed after each test (openFrame's own removal waits for the end of the suite), so the
  // next test's count starts from no page.
  const frames: HTMLIFrameElement[] = [];
  afterEach(() => frames.splice(0).forEach((frame) => frame.remove()));

  /** The server's stats, watched from outside the page: its own socket counts one. */
  async function watchStats(): Promise<{ watcher: PubSubClient; ready: number }> {
    const watcher = await PubSubClient.open();
    watcher.send(subscribe('stats'));
    const ready = await watcher.next((message) => message.topic === 'stats' && message.connections === 1);
    return { watcher, ready };
  }

  async function openDashboard(): Promise<Document> {
    const frame = await openFrame('/demo/dashboard.html');
    frames.push(frame);
    const doc = frame.contentDocument!;
    const elements = [...doc.querySelectorAll<WsClient>('ws-client')];
    await waitUntil(() => elements.every((element) => element.state === 'open'), 'not every element opened');
    return doc;
  }

  it('shows the latest value on every card, and the count of the server', async () => {
    const doc = await openDashboard();
    const updated = [...doc.querySelectorAll('.card .updated')];
    expect(updated).to.have.length(11);
    await waitUntil(
      () => updated.every((line) => line.textContent!.startsWith('at ')),
      'a card got no message of its topic',
    );
    for (const value of doc.querySelectorAll('.card p.value')) expect(value.textContent).to.not.equal('—');
    await waitUntil(() => /^\d+$/.test(doc.querySelector('output')!.value), 'no count');
  });

  it('uses one server connection for its dozen elements', async () => {
    const { watcher, ready } = await watchStats();
    const doc = await openDashboard();
    expect(doc.querySelectorAll('ws-client')).to.have.length(12);
    await waitUntil(() => doc.querySelector('output')!.value === '2', 'the page does not show 2 connections');
    const counts = watcher.messages.slice(ready).map((message) => message.connections ?? 0);
    expect(Math.max(...counts)).to.equal(2);
    expect(doc.querySelector('#role')!.textContent).to.contain('leader');
  });

  it('opened in a second tab, leaves the server at one connection for both', async () => {
    const { watcher, ready } = await watchStats();
    const first = await openDashboard();
    const second = await openDashboard();
    await waitUntil(() => second.querySelector('output')!.value === '2', 'the second tab does not show 2 connections');
    const counts = watcher.messages.slice(ready).map((message) => message.connections ?? 0);
    expect(Math.max(...counts)).to.equal(2);
    expect(first.querySelector('#role')!.textContent).to.contain('leader');
    expect(second.querySelector('#role')!.textContent).to.contain('follower');
  });

  it('writes its count, a live region, only when the count changes', async () => {
    const doc = await openDashboard();
    const output = doc.querySelector('output')!;
    await waitUntil(() => output.value === '1', 'the page does not show 1 connection');
    const written: string[] = [];
    const observer = new MutationObserver(() => written.push(output.value));
    // Chromium replaces the text node, Firefox changes its data.
    observer.observe(output, { childList: true, characterData: true, subtree: true });
    const stats = doc.querySelector<WsClient>('ws-client[topic="stats"]')!;
    // The server tells the count every tick; the same count three times is not written again.
    for (let tick = 0; tick < 3; tick += 1) await nextEvent(stats, 'message');
    expect(written).to.deep.equal([]);
    await PubSubClient.open();
    await waitUntil(() => output.value === '2', 'the page does not show 2 connections');
    expect(written).to.deep.equal(['2']);
    observer.disconnect();
  });

  it('is accessible', async () => {
    const doc = await openDashboard();
    await waitUntil(() => /^\d+$/.test(doc.querySelector('output')!.value), 'no count');
    // axe-core checks nodes of its own window's document: it runs inside the page.
    const script = Object.assign(doc.createElement('script'), { src: '/node_modules/axe-core/axe.min.js' });
    const loaded = new Promise((resolve) => script.addEventListener('load', resolve, { once: true }));
    doc.head.append(script);
    await loaded;
    const { axe } = doc.defaultView as unknown as { axe: Axe };
    const { violations } = await axe.run(doc);
    expect(violations.map(({ id, nodes }) => `${id}: ${nodes.map((node) => node.html).join(', ')}`)).to.deep.equal([]);
  });
});
