import { expect } from '@open-wc/testing';
import '../src/index.js';
import { WsClient } from '../src/index.js';
import { base64, closedSocket, mount, nextEvent, nextSocket, recordEvents, TestServer } from './helpers.js';
import './setup.js';

describe('registration', () => {
  it('registers <ws-client> when the package entry is imported', () => {
    expect(customElements.get('ws-client')).to.equal(WsClient);
    expect(document.createElement('ws-client')).to.be.instanceOf(WsClient);
  });

  it('does not throw when defined again, or by a second copy of the class', () => {
    expect(() => WsClient.define()).not.to.throw();
    class SecondCopy extends WsClient {}
    expect(() => SecondCopy.define()).not.to.throw();
    expect(customElements.get('ws-client')).to.equal(WsClient);
  });

  it('can be defined under another tag name', () => {
    class Renamed extends WsClient {}
    Renamed.define('renamed-ws-client');
    expect(customElements.get('renamed-ws-client')).to.equal(Renamed);
  });

  it('has the WebSocket constants on the class and on instances', () => {
    const element = document.createElement('ws-client');
    for (const [name, value] of [
      ['CONNECTING', 0],
      ['OPEN', 1],
      ['CLOSING', 2],
      ['CLOSED', 3],
    ] as const) {
      expect(WsClient[name]).to.equal(value);
      expect(element[name]).to.equal(value);
      expect(WebSocket[name]).to.equal(value);
    }
  });
});

describe('connecting', () => {
  it('connects when attached and reports the open state', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    expect(element.getAttribute('state')).to.equal('connecting');
    expect(element.readyState).to.equal(WebSocket.CONNECTING);
    await nextEvent(element, 'open');
    expect(element.getAttribute('state')).to.equal('open');
    expect(element.state).to.equal('open');
    expect(element.readyState).to.equal(WebSocket.OPEN);
    expect(element.socket).to.be.instanceOf(WebSocket);
    expect(element.url).to.equal(server.url());
    expect(await server.records({ open: 1 })).to.have.length(1);
  });

  it('is closed before any connection, with an empty host, and does not connect', async () => {
    const element = mount({});
    const events = recordEvents(element, 'connecting', 'error', 'open');
    await Promise.resolve();
    expect(element.readyState).to.equal(WebSocket.CLOSED);
    expect(element.getAttribute('state')).to.equal('closed');
    expect(element.socket).to.equal(null);
    expect(events).to.deep.equal([]);
  });

  it('waits for connect() with the manual attribute', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), manual: true });
    expect(element.state).to.equal('closed');
    expect(element.socket).to.equal(null);
    const opened = nextEvent(element, 'open');
    element.connect();
    await opened;
    expect(await server.records({ open: 1 })).to.have.length(1);
  });

  it('closes the socket with 1000 when removed', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.remove();
    const [record] = await server.records({ closed: true });
    expect(record.close?.code).to.equal(1000);
  });

  it('keeps its connection when moved within the document', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const socket = element.socket;
    const other = document.createElement('div');
    document.body.append(other);
    other.append(element);
    await new Promise((resolve) => setTimeout(resolve));
    expect(element.socket).to.equal(socket);
    expect(element.state).to.equal('open');
    other.remove();
    const records = await server.records({ closed: true });
    expect(records).to.have.length(1);
  });

  it('keeps its connection when moved into a frame, and closes when that frame goes away', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const socket = element.socket;
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument!.body.append(element);
    await new Promise((resolve) => setTimeout(resolve));
    expect([element.socket === socket, element.state]).to.deep.equal([true, 'open']);
    // The frame's document is gone: no disconnectedCallback, but its pagehide.
    frame.remove();
    const [record] = await server.records({ closed: true });
    expect(record.close).to.deep.equal({ code: 1000, reason: 'page hidden' });
    expect(element.state).to.equal('closed');
  });

  it('reconnects at once when host changes, and a send right after goes to the new server', async () => {
    const first = new TestServer();
    const second = new TestServer();
    const element = mount({ host: first.url() });
    await nextEvent(element, 'open');
    const events = recordEvents(element, 'close', 'open');
    element.host = second.url();
    element.send('for the new server');
    expect(element.state).to.equal('connecting');
    await nextEvent(element, 'open');
    expect(events.map((event) => event.type)).to.deep.equal(['close', 'open']);
    expect((events[0] as CloseEvent).code).to.equal(1000);
    const [old] = await first.records({ closed: true });
    expect(old.close?.code).to.equal(1000);
    expect(old.received).to.deep.equal([]);
    expect(await second.texts({ messages: 1 })).to.deep.equal(['for the new server']);
  });

  it('follows the host attribute too', async () => {
    const first = new TestServer();
    const second = new TestServer();
    const element = mount({ host: first.url() });
    await nextEvent(element, 'open');
    element.setAttribute('host', second.url());
    await nextEvent(element, 'open');
    expect(element.url).to.equal(second.url());
    expect(await second.records({ open: 1 })).to.have.length(1);
  });

  it('closes when host becomes empty', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.removeAttribute('host');
    const closed = await nextEvent<CloseEvent>(element, 'close');
    expect(closed.code).to.equal(1000);
    expect(element.state).to.equal('closed');
  });

  it('connect() closes the current connection and opens a new one', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.connect();
    await nextEvent(element, 'open');
    const records = await server.records({ connections: 2, open: 1 });
    expect(records[0].close?.code).to.equal(1000);
  });
});

describe('host resolution', () => {
  it('resolves a relative host against the document base URL with ws:', async () => {
    const server = new TestServer();
    const path = new URL(server.url()).pathname;
    const element = mount({ host: path });
    await nextEvent(element, 'open');
    expect(element.url).to.equal(`ws://${location.host}${path}`);
  });

  it('maps http: to ws:', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url().replace(/^ws:/, 'http:') });
    await nextEvent(element, 'open');
    expect(element.url).to.equal(server.url());
  });

  it('maps https: to wss:', async () => {
    const element = mount({ host: 'https://localhost:1/socket' });
    element.addEventListener('error', () => {});
    const connecting = await nextEvent<CustomEvent<{ url: string }>>(element, 'connecting');
    expect(connecting.detail.url).to.equal('wss://localhost:1/socket');
    expect(element.url).to.equal('wss://localhost:1/socket');
  });

  for (const [host, pattern] of [
    ['ftp://example.org/socket', /scheme "ftp:"/],
    ['http://[', /not a valid URL/],
    ['javascript:alert(1)', /scheme "javascript:"/],
  ] as const) {
    it(`reports "${host}" as a SyntaxError error event and stays usable`, async () => {
      const element = mount({ host });
      const error = await nextEvent<ErrorEvent>(element, 'error');
      expect(error).to.be.instanceOf(ErrorEvent);
      expect(error.error).to.be.instanceOf(DOMException);
      expect(error.error.name).to.equal('SyntaxError');
      expect(error.message).to.match(pattern);
      expect(element.state).to.equal('closed');
      expect(() => element.send('x')).to.throw(DOMException, /no connection/);
      const server = new TestServer();
      element.host = server.url();
      await nextEvent(element, 'open');
    });
  }

  it('turns the constructor SyntaxError for bad subprotocols into an error event', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), protocols: 'chat chat' });
    const error = await nextEvent<ErrorEvent>(element, 'error');
    expect(error.error.name).to.equal('SyntaxError');
    element.protocols = 'chat';
    element.connect();
    await nextEvent(element, 'open');
  });

  it('reports a browser without WebSocket as NotSupportedError', async () => {
    const native = Object.getOwnPropertyDescriptor(window, 'WebSocket')!;
    Reflect.deleteProperty(window, 'WebSocket');
    let element: WsClient;
    let error: ErrorEvent;
    try {
      element = mount({ host: new TestServer().url() });
      error = await nextEvent<ErrorEvent>(element, 'error');
    } finally {
      Object.defineProperty(window, 'WebSocket', native);
    }
    expect(error.error.name).to.equal('NotSupportedError');
    expect(error.message).to.match(/no WebSocket support/);
    element.connect();
    await nextEvent(element, 'open');
  });
});

describe('events', () => {
  it('re-dispatches open, message and close with their native types, not bubbling, not composed', async () => {
    const server = new TestServer();
    const parent = document.createElement('div');
    document.body.append(parent);
    const bubbled = recordEvents(parent, 'open', 'message', 'close', 'error');
    const element = mount({ host: server.url() }, undefined, parent);
    const events = recordEvents(element, 'open', 'message', 'close');
    await nextEvent(element, 'open');
    element.send('hello');
    await nextEvent(element, 'message');
    const closed = nextEvent(element, 'close');
    await server.close(4000, 'bye');
    await closed;
    parent.remove();

    expect(events.map((event) => event.type)).to.deep.equal(['open', 'message', 'close']);
    const [open, message, close] = events as [Event, MessageEvent, CloseEvent];
    expect(open.constructor).to.equal(Event);
    expect(message).to.be.instanceOf(MessageEvent);
    expect(message.data).to.equal('hello');
    expect(message.origin).to.equal(`ws://${location.host}`);
    expect(close).to.be.instanceOf(CloseEvent);
    expect([close.code, close.reason, close.wasClean]).to.deep.equal([4000, 'bye', true]);
    for (const event of events) {
      expect(event.bubbles, event.type).to.equal(false);
      expect(event.composed, event.type).to.equal(false);
      expect(event.target).to.equal(element);
    }
    expect(bubbled).to.deep.equal([]);
  });

  it('fires error then close (1006) when the server refuses the connection', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('reject') });
    const events = recordEvents(element, 'error', 'close');
    await nextEvent(element, 'close');
    expect(events.map((event) => event.type)).to.deep.equal(['error', 'close']);
    expect((events[1] as CloseEvent).code).to.equal(1006);
    expect((events[1] as CloseEvent).wasClean).to.equal(false);
    expect(element.state).to.equal('closed');
  });

  it('reports a connection dropped without a close frame as 1006', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const closed = nextEvent<CloseEvent>(element, 'close');
    await server.terminate();
    const close = await closed;
    expect([close.code, close.wasClean]).to.deep.equal([1006, false]);
  });

  it('calls the onopen, onmessage, onerror and onclose handler properties', async () => {
    const server = new TestServer();
    const calls: string[] = [];
    const element = mount({ host: server.url() }, (element) => {
      element.onopen = function (event) {
        calls.push(`open ${this === element} ${event.type}`);
      };
      element.onmessage = (event) => calls.push(`message ${event.data}`);
      element.onclose = (event) => calls.push(`close ${(event as CloseEvent).code}`);
      element.onerror = (event) => calls.push(`error ${(event as ErrorEvent).error?.name}`);
    });
    await nextEvent(element, 'open');
    element.send('hi');
    await nextEvent(element, 'message');
    element.close(4001);
    await nextEvent(element, 'close');
    element.host = 'ftp://nowhere';
    await nextEvent(element, 'error');
    expect(calls).to.deep.equal(['open true open', 'message hi', 'close 4001', 'error SyntaxError']);
  });

  it('stops calling a handler property set to null', async () => {
    const server = new TestServer();
    let calls = 0;
    const element = mount({ host: server.url() });
    element.onmessage = () => calls++;
    await nextEvent(element, 'open');
    element.send('one');
    await nextEvent(element, 'message');
    element.onmessage = null;
    expect(element.onmessage).to.equal(null);
    element.send('two');
    await nextEvent(element, 'message');
    expect(calls).to.equal(1);
  });
});

describe('send', () => {
  it('sends strings, ArrayBuffers, typed arrays, DataViews and Blobs intact', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const bytes = new Uint8Array([0, 1, 2, 250, 255, 7, 8]);
    element.send('text é ✓');
    element.send(bytes.buffer);
    element.send(bytes.subarray(2, 5));
    element.send(new DataView(bytes.buffer, 1, 3));
    element.send(new Blob([new Uint8Array([9, 9, 9])]));
    const [record] = await server.records({ messages: 5 });
    expect(record.received).to.deep.equal([
      { text: 'text é ✓' },
      { binary: base64(bytes) },
      { binary: base64(bytes.subarray(2, 5)) },
      { binary: base64(bytes.subarray(1, 4)) },
      { binary: base64(new Uint8Array([9, 9, 9])) },
    ]);
  });

  it('queues sends made while connecting and sends them in order on open, before open listeners', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    const bytes = new Uint8Array([1, 2, 3]);
    element.send('first');
    element.send(bytes);
    bytes[0] = 99; // a change after send() does not alter what was queued
    element.send('third');
    expect(element.bufferedAmount).to.equal(5 + 3 + 5);
    element.addEventListener('open', () => element.send('from open'));
    await nextEvent(element, 'open');
    const texts = await server.texts({ messages: 4 });
    expect(texts).to.deep.equal(['first', `<binary ${base64(new Uint8Array([1, 2, 3]))}>`, 'third', 'from open']);
  });

  it('throws InvalidStateError when there is no connection and none pending', async () => {
    const element = mount({});
    expect(() => element.send('lost?'))
      .to.throw(DOMException, /no connection is open or pending/)
      .with.property('name', 'InvalidStateError');
    const server = new TestServer();
    element.host = server.url();
    await nextEvent(element, 'open');
    element.close();
    expect(() => element.send('after close'))
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
  });

  it('reports queued messages that could not be sent with an error event', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('reject') });
    element.send('one');
    element.send('two');
    const events = recordEvents(element, 'error', 'close');
    await nextEvent(element, 'close');
    await Promise.resolve();
    const discarded = events.find((event) => event instanceof ErrorEvent) as ErrorEvent;
    expect(discarded.error.name).to.equal('AbortError');
    expect(discarded.message).to.match(/2 queued messages were discarded/);
    expect(element.bufferedAmount).to.equal(0);
  });
});

describe('close', () => {
  it('closes with 1000 by default, and with a given code and reason', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.close();
    expect(element.state).to.equal('closing');
    expect(element.readyState).to.equal(WebSocket.CLOSING);
    const close = await nextEvent<CloseEvent>(element, 'close');
    expect([close.code, close.wasClean]).to.deep.equal([1000, true]);
    expect(element.state).to.equal('closed');
    element.connect();
    await nextEvent(element, 'open');
    element.close(4321, 'done ✓');
    await nextEvent(element, 'close');
    const records = await server.records({ closed: true, connections: 2 });
    expect(records.map((record) => record.close)).to.deep.equal([
      { code: 1000, reason: '' },
      { code: 4321, reason: 'done ✓' },
    ]);
  });

  for (const code of [0, 999, 1001, 1005, 1006, 2999, 5000]) {
    it(`throws InvalidAccessError for code ${code} and stays open`, async () => {
      const server = new TestServer();
      const element = mount({ host: server.url() });
      await nextEvent(element, 'open');
      expect(() => element.close(code))
        .to.throw(DOMException)
        .with.property('name', 'InvalidAccessError');
      expect(() => new WebSocket(server.url()).close(code))
        .to.throw(DOMException)
        .with.property('name', 'InvalidAccessError');
      expect(element.state).to.equal('open');
      element.send('still usable');
      expect(await server.texts({ messages: 1 })).to.deep.equal(['still usable']);
    });
  }

  it('throws SyntaxError for a reason over 123 UTF-8 bytes', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    const long = 'é'.repeat(62); // 124 bytes
    expect(() => element.close(1000, long))
      .to.throw(DOMException)
      .with.property('name', 'SyntaxError');
    expect(element.state).to.equal('open');
    element.close(1000, 'é'.repeat(61) + 'a');
    const [record] = await server.records({ closed: true });
    expect(record.close?.reason).to.equal('é'.repeat(61) + 'a');
  });

  it('can close while connecting without throwing, and ends closed', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('hang'), 'connect-timeout': '0' });
    const socket = await nextSocket(element);
    expect(() => element.close()).not.to.throw();
    await nextEvent(element, 'close');
    expect(element.state).to.equal('closed');
    expect(element.socket).to.equal(null);
    await closedSocket(socket);
  });

  it('opens no socket when closed in the same task as it was attached', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    const events = recordEvents(element, 'connecting', 'close');
    element.close();
    await Promise.resolve();
    expect(element.state).to.equal('closed');
    expect(element.socket).to.equal(null);
    expect(events).to.deep.equal([]);
  });

  it('opens one socket when removed and attached again in the same task (a double mount)', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    element.remove();
    document.body.append(element);
    element.remove();
    document.body.append(element);
    await nextEvent(element, 'open');
    element.remove();
    const records = await server.records({ closed: true });
    expect(records).to.have.length(1);
  });

  it('does nothing when already closed', () => {
    const element = mount({});
    expect(() => element.close()).not.to.throw();
    expect(element.state).to.equal('closed');
  });
});

describe('binary and subprotocols', () => {
  it('delivers binary messages as Blob by default and as ArrayBuffer with binary-type', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    element.send(new Uint8Array([1, 2, 3]));
    const blob = await nextEvent<MessageEvent>(element, 'message');
    expect(blob.data).to.be.instanceOf(Blob);
    expect(new Uint8Array(await (blob.data as Blob).arrayBuffer())).to.deep.equal(new Uint8Array([1, 2, 3]));

    element.setAttribute('binary-type', 'arraybuffer');
    expect(element.socket?.binaryType).to.equal('arraybuffer');
    element.send(new Uint8Array([4, 5]));
    const buffer = await nextEvent<MessageEvent>(element, 'message');
    expect(buffer.data).to.be.instanceOf(ArrayBuffer);
    expect(new Uint8Array(buffer.data as ArrayBuffer)).to.deep.equal(new Uint8Array([4, 5]));
  });

  it('offers subprotocols from a comma and/or space separated list', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), protocols: 'chat.v2, chat.v1  json' });
    await nextEvent(element, 'open');
    expect(element.protocol).to.equal('chat.v2');
    const [record] = await server.records({ open: 1 });
    expect(record.protocol).to.equal('chat.v2');
    expect(element.extensions).to.be.a('string');
  });
});

describe('state for CSS', () => {
  it('reflects every state in the state attribute and as a custom state', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), manual: true });
    const seen: string[] = [];
    new MutationObserver(() => seen.push(element.getAttribute('state') ?? '')).observe(element, {
      attributeFilter: ['state'],
    });
    expect(element.getAttribute('state')).to.equal('closed');
    expect(element.matches(':state(closed)')).to.equal(true);
    element.connect();
    expect(element.matches(':state(connecting)')).to.equal(true);
    await nextEvent(element, 'open');
    expect(element.matches(':state(open)')).to.equal(true);
    expect(element.matches(':state(connecting)')).to.equal(false);
    element.close();
    await nextEvent(element, 'close');
    await Promise.resolve();
    expect(seen).to.deep.equal(['connecting', 'open', 'closing', 'closed']);
  });
});

describe('queued messages and a bad host', () => {
  it('reports the bad host first, then the queued messages it discarded', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('hang') });
    element.send('queued');
    const errors = recordEvents(element, 'error');
    element.host = 'ftp://nowhere';
    await nextEvent(element, 'error');
    await Promise.resolve();
    expect(errors.map((event) => (event as ErrorEvent).error.name)).to.deep.equal(['SyntaxError', 'AbortError']);
  });
});
