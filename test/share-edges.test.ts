// Shared connections at their edges (issue #16): manual elements, attach and removal in one task,
// calls while the sharing code loads, order and exactly-once across handovers and hiding, a
// follower's limits and settings, messages an element leaves behind. Written as a review of the
// first implementation: each of these failed on it, except the four baselines (an unshared
// element's behaviour, a clean handover, a move) that the shared ones are held to.
import { expect } from '@open-wc/testing';
import '../src/index.js';
import { DiscardedMessagesError } from '../src/connection.js';
import type { WsClient } from '../src/index.js';
import {
  loadServerPorts,
  mount,
  nextEvent,
  openFrame,
  openTab,
  recordEvents,
  roleOf,
  TestServer,
  unmountAll,
} from './helpers.js';

before(loadServerPorts);
afterEach(unmountAll);

function elapse(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the event, or rejects after `ms`. */
function within<E extends Event = Event>(target: EventTarget, type: string, ms: number): Promise<E> {
  return Promise.race([
    nextEvent<E>(target, type),
    elapse(ms).then(() => {
      throw new Error(`no ${type} within ${ms} ms`);
    }),
  ]);
}

async function opened(element: WsClient, ms = 3000): Promise<void> {
  if (element.state !== 'open') await within(element, 'open', ms);
}

describe('manual shared elements', () => {
  it('opens the shared connection when a manual element calls connect() (share="page")', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), share: true, manual: true });
    await elapse(50);
    expect(element.state).to.equal('closed');
    element.connect();
    await opened(element);
    expect(await server.records({ open: 1 })).to.have.length(1);
  });

  it('reconnects a manual shared element that had connected when its host changes, as an unshared one does', async () => {
    const server = new TestServer();
    const other = new TestServer();
    // A companion keeps the first connection open (so this does not depend on connect() opening it).
    const companion = mount({ host: server.url(), share: true });
    const element = mount({ host: server.url(), share: true, manual: true });
    await opened(companion);
    element.connect();
    await opened(element);
    element.host = other.url();
    await element.updateComplete;
    await opened(element);
    expect(await other.records({ open: 1 })).to.have.length(1);
  });

  it('keeps the connection open across a handover to a document whose element is manual and had called connect()', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const manual = await openTab(server.url(), { manual: '' });
    manual.element.connect();
    expect(await roleOf(manual.element)).to.equal('follower');
    await opened(manual.element);
    const led = nextEvent(manual.element, 'share-role');
    leader.element.remove();
    await led;
    expect(manual.element.shareRole).to.equal('leader');
    // Within 1 s of the leader's going, the new leader's socket.
    await server.records({ connections: 2, open: 1 }, 1000);
    await opened(manual.element, 1000);
  });
});

describe('attach and remove in one task', () => {
  it('opens no socket and dispatches nothing for a shared element attached and removed in one task', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), share: true });
    // Make sure the sharing chunk is loaded, so the element joins at once as it attaches.
    await opened(element);
    element.remove();
    await nextEvent(element, 'close');
    const host = server.url('echo', '?second');
    const quick = document.createElement('ws-client') as WsClient;
    quick.setAttribute('host', host);
    quick.setAttribute('share', '');
    const events = recordEvents(quick, 'connecting', 'open', 'close', 'error');
    document.body.append(quick);
    quick.remove();
    await elapse(300);
    expect(events.map((event) => event.type)).to.deep.equal([]);
    const records = await server.records();
    expect(records.filter((record) => record.url.includes('second'))).to.have.length(0);
  });

  it('an unshared element attached and removed in one task opens no socket', async () => {
    const server = new TestServer();
    const quick = document.createElement('ws-client') as WsClient;
    quick.setAttribute('host', server.url());
    const events = recordEvents(quick, 'connecting', 'open', 'close', 'error');
    document.body.append(quick);
    quick.remove();
    await elapse(300);
    expect(events).to.have.length(0);
    expect(await server.records()).to.have.length(0);
  });
});

describe('while the sharing chunk loads', () => {
  it('reflects state="closed" (and fires close) when close() is called before the chunk has loaded', async () => {
    const server = new TestServer();
    // A fresh document: its module graph has not loaded the sharing chunk yet.
    const frame = await openFrame('/test/fixtures/share-frame.html?fresh-close');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.createElement('ws-client') as WsClient;
    element.setAttribute('host', server.url());
    element.setAttribute('share', '');
    const events = recordEvents(element, 'connecting', 'open', 'close');
    page.document.body.append(element);
    expect(element.state).to.equal('connecting');
    expect(element.getAttribute('state')).to.equal('connecting');
    element.close();
    expect(element.state).to.equal('closed');
    await elapse(500);
    await element.updateComplete;
    expect(element.getAttribute('state'), 'reflected state attribute').to.equal('closed');
    expect(events.map((event) => event.type)).to.deep.equal(['close']);
  });
});

describe('handover order per sender', () => {
  it('writes, on the new leader, what its element sent while following before what it sent once leading', async () => {
    const server = new TestServer();
    const first = await openTab(server.url());
    expect(await roleOf(first.element)).to.equal('leader');
    const second = await openTab(server.url());
    expect(await roleOf(second.element)).to.equal('follower');
    await opened(first.element);
    await opened(second.element);
    const led = nextEvent(second.element, 'share-role');
    first.element.remove();
    // Sent while following: to the leader that is going, so not acknowledged; kept.
    second.element.send('a');
    await led;
    expect(second.element.shareRole).to.equal('leader');
    expect(second.element.state).to.not.equal('open');
    // Sent once leading, before the new socket opens.
    second.element.send('b');
    const records = await server.records({ connections: 2, messages: 2 });
    const texts = records[1].received.map((message) => message.text);
    expect(texts).to.deep.equal(['a', 'b']);
  });
});

describe('messages an element leaves behind', () => {
  it('an unshared element that sends while connecting and closes is told its message was discarded', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    const errors = recordEvents(element, 'error');
    element.send('lost');
    element.close();
    await elapse(300);
    expect(errors).to.have.length(1);
    expect((errors[0] as ErrorEvent).error).to.be.instanceOf(DiscardedMessagesError);
  });

  it('tells the last shared element that sends while connecting and closes that its message was discarded (or sends it)', async () => {
    const server = new TestServer();
    // The chunk is loaded (an earlier element), so this one joins at once, connecting.
    const warm = mount({ host: server.url('echo', '?warm'), share: true });
    await opened(warm);
    const element = mount({ host: server.url(), share: true });
    expect(element.state).to.equal('connecting');
    const errors = recordEvents(element, 'error');
    element.send('lost');
    element.close();
    await elapse(500);
    const sent = (await server.texts()).includes('lost');
    expect(sent || errors.length === 1, 'neither sent nor reported').to.equal(true);
  });
});

describe('a follower document reads the leader’s settings', () => {
  it('holds a follower’s sends to the connection’s queue-limit, not to its own element’s', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url(), { 'queue-limit': '2' });
    expect(await roleOf(follower.element)).to.equal('follower');
    await opened(follower.element);
    const thrown: unknown[] = [];
    for (const text of ['one', 'two', 'three']) {
      try {
        follower.element.send(text);
      } catch (error) {
        thrown.push(error);
      }
    }
    expect(thrown.map((error) => (error as DOMException).name)).to.deep.equal([]);
    expect(await server.texts({ messages: 3 })).to.deep.equal(['one', 'two', 'three']);
  });

  it('warns a follower element only of settings that differ from the connection’s (the leader’s)', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url(), { 'queue-limit': '5' });
    expect(await roleOf(follower.element)).to.equal('follower');
    await opened(follower.element);
    // A second element of the follower document, with the leader's settings exactly.
    const page = follower.frame.contentWindow!;
    const same = page.document.createElement('ws-client') as WsClient;
    same.setAttribute('host', server.url());
    same.setAttribute('share', 'tabs');
    const errors = recordEvents(same, 'error');
    page.document.body.append(same);
    await opened(same);
    await elapse(200);
    expect(errors.map((event) => (event as ErrorEvent).message)).to.deep.equal([]);
  });
});

describe('close() while the sharing chunk loads', () => {
  it('does not send, after a later connect(), what was sent before close()', async () => {
    const server = new TestServer();
    const frame = await openFrame('/test/fixtures/share-frame.html?fresh-resend');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.createElement('ws-client') as WsClient;
    element.setAttribute('host', server.url());
    element.setAttribute('share', '');
    page.document.body.append(element);
    element.send('before close');
    element.close();
    element.connect();
    element.send('after connect');
    await opened(element);
    const texts = await server.texts({ messages: 1 });
    await elapse(200);
    expect(await server.texts()).to.deep.equal(['after connect']);
    expect(texts).to.have.length.greaterThan(0);
  });
});

describe('exactly once across a clean handover', () => {
  it('does not write twice what the leaving leader wrote and acknowledged just before it left', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url());
    expect(await roleOf(follower.element)).to.equal('follower');
    await opened(leader.element);
    await opened(follower.element);
    // In the leader's document, right after its tab group has written the last message (and
    // posted its acknowledgement), the leading element goes: a clean handover, not a crash.
    const page = leader.frame.contentWindow!;
    const name = `ws-client ${JSON.stringify([server.url(), [], ''])}`;
    const spy = new (page as unknown as typeof globalThis).BroadcastChannel(name);
    let acked = false;
    spy.onmessage = (event: MessageEvent<{ t: string; seq?: number }>) => {
      // Its own acknowledgement of the last message, as the follower receives it.
      if (event.data.t === 'ack' && event.data.seq === 20) {
        acked = true;
        leader.element.remove();
      }
    };
    for (let n = 0; n < 20; n += 1) follower.element.send(`m-${n}`);
    await server.records({ connections: 2, open: 1 }, 2000);
    await opened(follower.element);
    expect(acked, 'the leader acknowledged the last message').to.equal(true);
    follower.element.send('end');
    await server.texts({ messages: 21 });
    await elapse(200);
    spy.close();
    expect(await server.texts()).to.deep.equal([...Array.from({ length: 20 }, (_, n) => `m-${n}`), 'end']);
  });
});

describe('an element that does not share but subscribes or filters', () => {
  it('applies a setting changed while open to its own connection (reconnect=false stops a pending retry)', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), topic: 'A', reconnect: true, 'reconnect-delay': '2000' });
    await opened(element);
    const reconnecting = nextEvent(element, 'reconnecting');
    await server.close(4000, 'drop');
    await reconnecting;
    element.reconnect = false;
    expect(element.state).to.equal('closed');
  });

  it('keeps the socket when the only element sharing it changes its subscribe-message', async () => {
    const server = new TestServer();
    const element = mount({
      host: server.url(),
      share: true,
      'subscribe-message': 'sub A',
      'unsubscribe-message': 'unsub A',
    });
    await opened(element);
    element.subscribeMessage = 'sub B';
    await element.updateComplete;
    await elapse(300);
    expect(await server.records()).to.have.length(1);
    expect(await server.texts({ messages: 3 })).to.deep.equal(['sub A', 'unsub A', 'sub B']);
  });
});

describe('moving from a connection of its own to a shared one', () => {
  it('fires the own socket’s close before the shared connection’s open', async () => {
    const server = new TestServer();
    const sharing = mount({ host: server.url(), share: true });
    const element = mount({ host: server.url() });
    await opened(sharing);
    await opened(element);
    const events = recordEvents(element, 'close', 'connecting', 'open');
    const joined = within(element, 'open', 3000);
    element.share = 'page';
    await joined;
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'open']);
    expect(element.state).to.equal('open');
  });
});

describe('a follower told what its connection does', () => {
  it('tells a follower whose sends the leader never wrote (the connection gave up) that they were discarded', async () => {
    const server = new TestServer();
    const attributes = { 'connect-timeout': '1500' };
    const leader = await openTab(server.url('hang'), attributes);
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url('hang'), attributes);
    expect(await roleOf(follower.element)).to.equal('follower');
    expect(follower.element.state).to.equal('connecting');
    leader.element.send('from the leader');
    follower.element.send('from the follower');
    // Dispatched in the frames' realms: known by name, not by class.
    const discarded = (element: WsClient): Promise<ErrorEvent> =>
      new Promise((resolve) =>
        element.addEventListener('error', (event) => {
          if (((event as ErrorEvent).error as Error | undefined)?.name === 'AbortError') resolve(event as ErrorEvent);
        }),
      );
    // The leader's own element hears it (the baseline), and so does the follower's.
    const [own, followed] = await Promise.all([discarded(leader.element), discarded(follower.element)]);
    expect(follower.element.state).to.equal('closed');
    expect((own.error as DiscardedMessagesError).messages).to.deep.equal(['from the leader']);
    expect((followed.error as DiscardedMessagesError).messages).to.deep.equal(['from the follower']);
  });

  it('shows a follower hidden into the back/forward cache a close, as a socket of its own would', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url());
    expect(await roleOf(follower.element)).to.equal('follower');
    await opened(follower.element);
    const events = recordEvents(follower.element, 'close', 'connecting', 'open');
    const page = follower.frame.contentWindow!;
    page.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await elapse(200);
    expect(events.map((event) => event.type)).to.deep.equal(['close']);
    expect(follower.element.state).to.not.equal('open');
    page.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await opened(follower.element);
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'open']);
  });
});

describe('unsubscribe with the last carrier', () => {
  it('sends the unsubscribe-message of the last element carrying the subscription when it leaves', async () => {
    const server = new TestServer();
    const first = mount({ host: server.url(), share: true, 'subscribe-message': 'sub A' });
    const last = mount({
      host: server.url(),
      share: true,
      'subscribe-message': 'sub A',
      'unsubscribe-message': 'unsub A',
    });
    const keeper = mount({ host: server.url(), share: true });
    await Promise.all([opened(first), opened(last), opened(keeper)]);
    first.remove();
    await nextEvent(first, 'close');
    last.remove();
    await nextEvent(last, 'close');
    keeper.send('marker');
    expect(await server.texts({ messages: 3 })).to.deep.equal(['sub A', 'unsub A', 'marker']);
  });
});

describe('exactly once for a follower hidden into the back/forward cache', () => {
  it('does not send twice what a follower sent just before it was hidden, once it is shown again', async () => {
    const server = new TestServer();
    const leader = await openTab(server.url());
    expect(await roleOf(leader.element)).to.equal('leader');
    const follower = await openTab(server.url());
    expect(await roleOf(follower.element)).to.equal('follower');
    await opened(leader.element);
    await opened(follower.element);
    const page = follower.frame.contentWindow!;
    follower.element.send('once');
    page.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(await server.texts({ messages: 1 })).to.deep.equal(['once']);
    await elapse(100);
    page.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await elapse(500);
    leader.element.send('marker');
    await server.texts({ messages: 2 });
    expect(await server.texts()).to.deep.equal(['once', 'marker']);
  });
});

describe('specification of moves', () => {
  it('a shared element moved within its document keeps its share (no close, same socket)', async () => {
    const server = new TestServer();
    const [element, other] = [mount({ host: server.url(), share: true }), mount({ host: server.url(), share: true })];
    await Promise.all([opened(element), opened(other)]);
    const socket = element.socket;
    const events = recordEvents(element, 'close', 'connecting', 'open');
    const box = document.createElement('div');
    document.body.append(box);
    box.append(element);
    await elapse(200);
    expect(events).to.have.length(0);
    expect(element.socket).to.equal(socket);
    expect(element.state).to.equal('open');
    box.remove();
    await nextEvent(element, 'close');
    expect(other.state).to.equal('open');
  });
});
