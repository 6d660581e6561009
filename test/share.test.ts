import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { ShareSettingsError } from '../src/share/hub.js';
import {
  loadServerPorts,
  mount,
  nextEvent,
  openTab,
  recordEvents,
  roleOf,
  TestServer,
  unmountAll,
  type Tab,
} from './helpers.js';

before(loadServerPorts);
afterEach(unmountAll);

/** `count` elements with these attributes, attached in one task. */
function mountMany(count: number, attributes: Record<string, string | boolean>): WsClient[] {
  return Array.from({ length: count }, () => mount(attributes));
}

async function allOpen(elements: readonly WsClient[]): Promise<void> {
  await Promise.all(elements.map((element) => (element.state === 'open' ? null : nextEvent(element, 'open'))));
}

/** Resolves after `ms` of wall-clock time: for counting what a timer does over a span. */
function elapse(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('share="page": one socket for the elements of a document', () => {
  it('opens one connection for 20 elements, keeps it while any stays, and closes it (1000) with the last', async () => {
    const server = new TestServer();
    const elements = mountMany(20, { host: server.url(), share: true });
    await allOpen(elements);
    expect(await server.records({ open: 1 })).to.have.length(1);
    const socket = elements[0].socket!;
    expect(elements.every((element) => element.socket === socket)).to.equal(true);

    for (const element of elements.slice(1)) element.remove();
    await Promise.resolve();
    expect(socket.readyState).to.equal(WebSocket.OPEN);
    const [record] = await server.records({ open: 1 });
    expect(record.close).to.equal(null);

    elements[0].remove();
    // Closed in the microtask after the removal (the one that tells a move from a removal).
    await Promise.resolve();
    expect(socket.readyState).to.equal(WebSocket.CLOSING);
    const [closed] = await server.records({ closed: true });
    expect(closed.close?.code).to.equal(1000);
    expect(await server.records()).to.have.length(1);
  });

  it('dispatches the connection events on every element, with the same data', async () => {
    const server = new TestServer();
    const elements = mountMany(3, { host: server.url(), share: '' });
    const events = elements.map((element) => recordEvents(element, 'connecting', 'open', 'message', 'close'));
    await allOpen(elements);
    const messages = elements.map((element) => nextEvent<MessageEvent>(element, 'message'));
    await server.send('hello all');
    expect((await Promise.all(messages)).map((event) => event.data)).to.deep.equal([
      'hello all',
      'hello all',
      'hello all',
    ]);
    const closes = elements.map((element) => nextEvent<CloseEvent>(element, 'close'));
    await server.close(4001, 'bye');
    for (const event of await Promise.all(closes)) expect([event.code, event.reason]).to.deep.equal([4001, 'bye']);
    for (const list of events)
      expect(list.map((event) => event.type)).to.deep.equal(['connecting', 'open', 'message', 'close']);
    expect(elements.map((element) => element.state)).to.deep.equal(['closed', 'closed', 'closed']);
  });

  it('sends from every element in the order of their send() calls, once each, queued or not', async () => {
    const server = new TestServer();
    const elements = mountMany(4, { host: server.url(), share: 'page' });
    const sent: string[] = [];
    // Queued while connecting, then written on the open socket.
    for (let round = 0; round < 3; round += 1) {
      elements.forEach((element, index) => {
        sent.push(`q${round}-${index}`);
        element.send(`q${round}-${index}`);
      });
    }
    await allOpen(elements);
    for (let round = 0; round < 3; round += 1) {
      [...elements].reverse().forEach((element, index) => {
        sent.push(`o${round}-${index}`);
        element.send(`o${round}-${index}`);
      });
    }
    expect(await server.texts({ messages: sent.length })).to.deep.equal(sent);
  });

  it('keeps one heartbeat for the connection, however many elements', async () => {
    const server = new TestServer();
    const elements = mountMany(20, {
      host: server.url('silent'),
      share: true,
      heartbeat: '100',
      'heartbeat-timeout': '5000',
    });
    await allOpen(elements);
    await elapse(550);
    const pings = (await server.texts()).filter((text) => text === 'ping').length;
    // One heartbeat every 100 ms: about 5 (20 heartbeats would send about 100).
    expect(pings).to.be.within(2, 7);
  });

  it('treats close() on one element as that element leaving: its own clean close, the others keep the socket', async () => {
    const server = new TestServer();
    const [leaving, staying] = mountMany(2, { host: server.url(), share: true });
    await allOpen([leaving, staying]);
    const closed = nextEvent<CloseEvent>(leaving, 'close');
    const stayingEvents = recordEvents(staying, 'close');
    leaving.close();
    expect(leaving.state).to.equal('closed');
    const event = await closed;
    expect([event.code, event.wasClean]).to.deep.equal([1000, true]);
    expect(() => leaving.send('after'))
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
    staying.send('still here');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['still here']);
    expect(staying.state).to.equal('open');
    expect(stayingEvents).to.have.length(0);
    expect((await server.records())[0].open).to.equal(true);
  });

  it('fires close (1000, clean) on a removed element while the others keep the socket', async () => {
    const server = new TestServer();
    const [removed, staying] = mountMany(2, { host: server.url(), share: true });
    await allOpen([removed, staying]);
    const closed = nextEvent<CloseEvent>(removed, 'close');
    removed.remove();
    expect((await closed).code).to.equal(1000);
    expect(staying.state).to.equal('open');
    expect((await server.records({ open: 1 }))[0].close).to.equal(null);
  });

  it('rejoins with connect() after close(), on the same socket', async () => {
    const server = new TestServer();
    const [left, staying] = mountMany(2, { host: server.url(), share: true });
    await allOpen([left, staying]);
    left.close();
    await nextEvent(left, 'close');
    left.connect();
    expect(left.state).to.equal('open');
    expect(left.socket).to.equal(staying.socket);
    expect(await server.records()).to.have.length(1);
  });

  it('keeps apart elements whose share-key, protocols or URL differ', async () => {
    const server = new TestServer();
    const elements = [
      mount({ host: server.url(), share: true }),
      mount({ host: server.url(), share: true, 'share-key': 'other' }),
      mount({ host: server.url(), share: true, protocols: 'chat' }),
      mount({ host: server.url('echo', '?x=1'), share: true }),
      mount({ host: server.url() }),
    ];
    await allOpen(elements);
    expect(await server.records({ open: 5 })).to.have.length(5);
  });

  it('uses the first element’s settings and tells a later element whose own differ, once', async () => {
    const server = new TestServer();
    const first = mount({ host: server.url(), share: true, reconnect: true });
    await nextEvent(first, 'open');
    const errors: Event[] = [];
    const later = mount({ host: server.url(), share: true, 'queue-limit': '5' }, (element) =>
      element.addEventListener('error', (event) => errors.push(event)),
    );
    await nextEvent(later, 'error');
    expect(errors).to.have.length(1);
    const error = (errors[0] as ErrorEvent).error as ShareSettingsError;
    expect(error).to.be.instanceOf(ShareSettingsError);
    expect(error.name).to.equal('NotSupportedError');
    expect(error.settings).to.deep.equal(['reconnect', 'queueLimit']);
    expect(error.message).to.contain('reconnect, queueLimit are not used');
    // It shares all the same.
    expect(later.socket).to.equal(first.socket);
  });

  it('says its role is "own" and fires no share-role event', async () => {
    const server = new TestServer();
    const roles: Event[] = [];
    const element = mount({ host: server.url(), share: true }, (el) =>
      el.addEventListener('share-role', (e) => roles.push(e)),
    );
    await nextEvent(element, 'open');
    expect(element.shareRole).to.equal('own');
    expect(roles).to.have.length(0);
  });

  it('reports a share value it does not know, and shares within the page', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), share: 'window' });
    const event = await nextEvent<ErrorEvent>(element, 'error');
    expect(event.message).to.equal('share is "page" or "tabs"; "window" shares as "page".');
    if (element.state !== 'open') await nextEvent(element, 'open');
    element.send('works');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['works']);
  });

  it('moves between a connection of its own and a shared one when share changes, its own closing first', async () => {
    const server = new TestServer();
    const sharing = mount({ host: server.url(), share: true });
    const element = mount({ host: server.url() });
    await allOpen([sharing, element]);
    expect(element.socket).not.to.equal(sharing.socket);
    const events = recordEvents(element, 'close', 'open');
    const joined = nextEvent(element, 'open');
    element.share = 'page';
    await joined;
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'open']);
    expect((events[0] as CloseEvent).code).to.equal(1000);
    expect(element.socket).to.equal(sharing.socket);
    const records = await server.records({ connections: 2, open: 1 });
    expect(records.find((record) => !record.open)?.close?.code).to.equal(1000);

    const own = nextEvent(element, 'open');
    element.share = null;
    await own;
    expect(element.socket).not.to.equal(sharing.socket);
    expect(sharing.state).to.equal('open');
    expect(await server.records({ connections: 3, open: 2 })).to.have.length(3);
  });
});

describe('shared connections under calls from listeners', () => {
  it('stops dispatching to an element that another element’s listener closed', async () => {
    const server = new TestServer();
    const [first, second] = mountMany(2, { host: server.url(), share: true });
    await allOpen([first, second]);
    const heard = recordEvents(second, 'message');
    first.addEventListener('message', () => second.close(), { once: true });
    const closed = nextEvent(second, 'close');
    const message = nextEvent(first, 'message');
    await server.send('one');
    await message;
    await closed;
    expect(heard).to.have.length(0);
    expect(first.state).to.equal('open');
  });

  it('opens the connection again when a close listener calls connect(), once for all its elements', async () => {
    const server = new TestServer();
    const [first, second] = mountMany(2, { host: server.url(), share: true });
    await allOpen([first, second]);
    first.addEventListener('close', () => first.connect(), { once: true });
    const closes = [nextEvent(first, 'close'), nextEvent(second, 'close')];
    const reopened = [nextEvent(first, 'open'), nextEvent(second, 'open')];
    await server.close(4000, 'restart');
    await Promise.all(closes);
    await Promise.all(reopened);
    expect(first.socket).to.equal(second.socket);
    expect(await server.records({ connections: 2, open: 1 })).to.have.length(2);
  });

  it('closes the socket when every element is removed from inside a message listener', async () => {
    const server = new TestServer();
    const elements = mountMany(3, { host: server.url(), share: true });
    await allOpen(elements);
    elements[0].addEventListener('message', () => elements.forEach((element) => element.remove()), { once: true });
    await server.send('leave now');
    const [record] = await server.records({ closed: true });
    expect(record.close?.code).to.equal(1000);
    expect(elements.map((element) => element.state)).to.deep.equal(['closed', 'closed', 'closed']);
  });
});

describe('subscriptions and topics', () => {
  const subscribe = (topic: string): string => JSON.stringify({ type: 'subscribe', topic });
  const unsubscribe = (topic: string): string => JSON.stringify({ type: 'unsubscribe', topic });
  const withTopic = (topic: string): Record<string, string | boolean> => ({
    share: true,
    format: 'json',
    topic,
    'subscribe-message': subscribe(topic),
    'unsubscribe-message': unsubscribe(topic),
  });

  it('subscribes once per distinct text, unsubscribes with the last carrier, and subscribes again after a drop', async () => {
    const server = new TestServer();
    const [a1, a2, b] = [
      mount({ host: server.url(), reconnect: true, 'reconnect-delay': '50', ...withTopic('A') }),
      mount({ host: server.url(), reconnect: true, 'reconnect-delay': '50', ...withTopic('A') }),
      mount({ host: server.url(), reconnect: true, 'reconnect-delay': '50', ...withTopic('B') }),
    ];
    await allOpen([a1, a2, b]);
    expect(await server.texts({ messages: 2 })).to.deep.equal([subscribe('A'), subscribe('B')]);

    a1.remove();
    b.send({ type: 'marker' });
    expect(await server.texts({ messages: 3 })).to.deep.equal([subscribe('A'), subscribe('B'), '{"type":"marker"}']);
    a2.remove();
    expect((await server.texts({ messages: 4 }))[3]).to.equal(unsubscribe('A'));

    const reopened = nextEvent(b, 'open');
    await server.terminate();
    await reopened;
    const [, second] = await server.records({ connections: 2, messages: 5 });
    expect(second.received.map((message) => message.text)).to.deep.equal([subscribe('B')]);
  });

  it('sends a subscription ahead of what was queued before the open', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), ...withTopic('A') });
    element.send({ type: 'hello' });
    await nextEvent(element, 'open');
    expect(await server.texts({ messages: 2 })).to.deep.equal([subscribe('A'), '{"type":"hello"}']);
  });

  it('dispatches to an element with a topic only the messages of its topic; to one without, all', async () => {
    const server = new TestServer();
    const host = server.url('silent');
    const a = mount({ host, ...withTopic('A') });
    const b = mount({ host, ...withTopic('B') });
    const all = mount({ host, share: true, format: 'json' });
    const other = mount({ host, topic: 'A', 'topic-field': 'channel' });
    await allOpen([a, b, all, other]);
    const [got, gotB, gotAll, gotOther] = [a, b, all, other].map((element) => recordEvents(element, 'message'));
    const done = Promise.all([
      new Promise<void>((resolve) => all.addEventListener('message', () => gotAll.length === 3 && resolve())),
      // Its socket is another one: its message may come later.
      nextEvent(other, 'message'),
    ]);
    await server.send('{"topic":"A","n":1}');
    await server.send('{"topic":"B","n":2}');
    await server.send('{"channel":"A","n":3}');
    await done;
    const data = (events: Event[]): unknown[] => events.map((event) => (event as MessageEvent).data);
    expect(data(got)).to.deep.equal([{ topic: 'A', n: 1 }]);
    expect(data(gotB)).to.deep.equal([{ topic: 'B', n: 2 }]);
    expect(data(gotAll)).to.have.length(3);
    // A text-format element with a topic reads the field from the JSON text.
    expect(data(gotOther)).to.deep.equal(['{"channel":"A","n":3}']);
  });

  it('carries a subscription and a topic on an element that does not share', async () => {
    const server = new TestServer();
    const [one, two] = [
      mount({ host: server.url(), format: 'json', topic: 'A', 'subscribe-message': subscribe('A') }),
      mount({ host: server.url(), format: 'json', topic: 'A', 'subscribe-message': subscribe('A') }),
    ];
    await allOpen([one, two]);
    expect(one.socket).not.to.equal(two.socket);
    const records = await server.records({ open: 2, messages: 2 });
    for (const record of records)
      expect(record.received.map((message) => message.text)).to.deep.equal([subscribe('A')]);
  });
});

describe('share="tabs": one socket for every same-origin document', () => {
  it('opens one connection for five documents, led by one of them, mirrored in the others', async () => {
    const server = new TestServer();
    const tabs: Tab[] = [];
    for (let index = 0; index < 5; index += 1) tabs.push(await openTab(server.url(), { protocols: 'chat' }));
    const roles = await Promise.all(tabs.map(({ element }) => roleOf(element)));
    expect(roles.filter((role) => role === 'leader')).to.have.length(1);
    expect(roles.filter((role) => role === 'follower')).to.have.length(4);
    await allOpen(tabs.map(({ element }) => element));
    expect(await server.records({ open: 1 })).to.have.length(1);
    for (const { element } of tabs) {
      expect([element.state, element.readyState, element.protocol]).to.deep.equal(['open', 1, 'chat']);
    }
    const follower = tabs[roles.indexOf('follower')].element;
    expect(follower.socket).to.equal(null);
    const messages = tabs.map(({ element }) => nextEvent<MessageEvent>(element, 'message'));
    await server.send('to every tab');
    expect((await Promise.all(messages)).map((event) => event.data)).to.deep.equal(Array(5).fill('to every tab'));
  });

  it('hands the socket over within 1 s when the leader goes, and loses no message sent meanwhile', async () => {
    const server = new TestServer();
    const tabs: Tab[] = [];
    for (let index = 0; index < 5; index += 1) tabs.push(await openTab(server.url()));
    const roles = await Promise.all(tabs.map(({ element }) => roleOf(element)));
    await allOpen(tabs.map(({ element }) => element));
    const leader = tabs[roles.indexOf('leader')];
    const followers = tabs.filter((tab) => tab !== leader);
    const send = (from: number, to: number): void => {
      for (let n = from; n < to; n += 1) followers.forEach(({ element }, index) => element.send(`f${index}-${n}`));
    };
    send(0, 50);
    leader.frame.remove();
    send(50, 100);
    // A new leader's socket, within 1 s of the leader's going.
    await server.records({ connections: 2, open: 1 }, 1000);
    const texts = await server.texts({ messages: 400 });
    followers.forEach((_, index) => {
      const mine = texts.filter((text) => text.startsWith(`f${index}-`));
      expect(mine).to.deep.equal(Array.from({ length: 100 }, (_, n) => `f${index}-${n}`));
    });
    expect(texts).to.have.length(400);
    const newRoles = followers.map(({ element }) => element.shareRole);
    expect(newRoles.filter((role) => role === 'leader')).to.have.length(1);
  });

  it('shows followers a handover as a close, then the new connection’s connecting and open', async () => {
    const server = new TestServer();
    const first = await openTab(server.url());
    await roleOf(first.element);
    const second = await openTab(server.url());
    expect(await roleOf(second.element)).to.equal('follower');
    await allOpen([first.element, second.element]);
    const events = recordEvents(second.element, 'close', 'connecting', 'open', 'share-role');
    const opened = nextEvent(second.element, 'open');
    first.frame.remove();
    await opened;
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'share-role', 'connecting', 'open']);
    expect((events[0] as CloseEvent).code).to.equal(1001);
    expect(second.element.shareRole).to.equal('leader');
  });

  it('leaves the leader’s socket open when a follower closes or goes; the last to leave closes it', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const closing = await openTab(server.url());
    const going = await openTab(server.url());
    await Promise.all([roleOf(closing.element), roleOf(going.element)]);
    await allOpen([leader.element, closing.element, going.element]);
    const closed = nextEvent<CloseEvent>(closing.element, 'close');
    closing.element.close();
    expect((await closed).code).to.equal(1000);
    going.frame.remove();
    leader.element.send('still open');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['still open']);
    expect(await server.records({ open: 1 })).to.have.length(1);
    leader.element.remove();
    const [record] = await server.records({ closed: true });
    expect(record.close?.code).to.equal(1000);
  });

  it('subscribes once for every document, and unsubscribes when the last carrier in any document leaves', async () => {
    const server = new TestServer();
    const attributes = { 'subscribe-message': 'sub A', 'unsubscribe-message': 'unsub A' };
    const tabs = [await openTab(server.url(), attributes), await openTab(server.url(), attributes)];
    await Promise.all(tabs.map(({ element }) => roleOf(element)));
    await allOpen(tabs.map(({ element }) => element));
    const follower = tabs.find(({ element }) => element.shareRole === 'follower')!;
    const leader = tabs.find(({ element }) => element.shareRole === 'leader')!;
    follower.element.send('marker');
    expect(await server.texts({ messages: 2 })).to.deep.equal(['sub A', 'marker']);
    leader.element.remove();
    await server.records({ connections: 2, open: 1 }, 1000);
    const [, second] = await server.records({ connections: 2, messages: 3 });
    expect(second.received.map((message) => message.text)).to.deep.equal(['sub A']);
  });

  it('hands over when the leading document’s last element is removed, the document staying', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url());
    expect(await roleOf(follower.element)).to.equal('follower');
    await allOpen([leader.element, follower.element]);
    const led = nextEvent(follower.element, 'share-role');
    leader.element.remove();
    await led;
    expect(follower.element.shareRole).to.equal('leader');
    await server.records({ connections: 2, open: 1 }, 1000);
    if (follower.element.state !== 'open') await nextEvent(follower.element, 'open');
    follower.element.send('after the handover');
    expect((await server.texts({ messages: 1 }))[0]).to.equal('after the handover');
  });

  it('hands over when the leading document is hidden into the back/forward cache, and follows once shown again', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url());
    expect(await roleOf(follower.element)).to.equal('follower');
    await allOpen([leader.element, follower.element]);
    const page = leader.frame.contentWindow!;
    const led = nextEvent(follower.element, 'share-role');
    page.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await led;
    expect(follower.element.shareRole).to.equal('leader');
    await server.records({ connections: 2, open: 1 }, 1000);
    const followed = nextEvent(leader.element, 'share-role');
    page.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await followed;
    expect(leader.element.shareRole).to.equal('follower');
    if (leader.element.state !== 'open') await nextEvent(leader.element, 'open');
    leader.element.send('back from the cache');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['back from the cache']);
    expect(await server.records({ open: 1 })).to.have.length(2);
  });

  it('shows its role in the log, also when the role came while the log’s code loaded', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), share: 'tabs', log: true });
    expect(await roleOf(element)).to.equal('leader');
    await waitUntil(() => element.inspector !== null, 'the log did not load', { timeout: 5000 });
    const roles = element.inspector!.entries.filter((entry) => entry.kind === 'share-role');
    expect(roles.map((entry) => entry.text)).to.deep.equal(['role: leader']);
  });

  it('falls back to a socket per document without Web Locks, and says so in shareRole', async () => {
    const server = new TestServer();
    const tabs: Tab[] = [];
    for (let index = 0; index < 5; index += 1) tabs.push(await openTab(server.url(), {}, '?nolocks'));
    await allOpen(tabs.map(({ element }) => element));
    expect(await server.records({ open: 5 })).to.have.length(5);
    for (const { element } of tabs) expect(element.shareRole).to.equal('own');
    const echoes = tabs.map(({ element }) => nextEvent<MessageEvent>(element, 'message'));
    tabs.forEach(({ element }, index) => element.send(`from ${index}`));
    expect((await Promise.all(echoes)).map((event) => event.data)).to.deep.equal(
      tabs.map((_, index) => `from ${index}`),
    );
  });
});
