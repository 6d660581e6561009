// The engine on its own: no element, no rendering, against the real test server.
import { expect } from '@open-wc/testing';
import {
  DEFAULTS,
  DiscardedMessagesError,
  WsConnection,
  type ConnectionState,
  type ReconnectingDetail,
} from '../src/connection.js';
import { loadServerPorts, nextEvent, recordEvents, TestServer } from './helpers.js';

const connections: WsConnection[] = [];

/** A connection to `host` (not yet connected), closed after the test. */
function engine(host: string, settings: Partial<Pick<WsConnection, 'reconnect' | 'reconnectDelay'>> = {}) {
  const states: ConnectionState[] = [];
  const connection = new WsConnection({ onStateChange: (state) => states.push(state) });
  Object.assign(connection, { host, ...settings });
  connections.push(connection);
  return { connection, states };
}

describe('the connection engine on its own', () => {
  before(loadServerPorts);
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.close();
  });

  it('connects, dispatches typed events on itself, sends and echoes', async () => {
    const server = new TestServer();
    const { connection, states } = engine(server.url());
    connection.connect();
    await nextEvent(connection, 'open');
    const echoed = new Promise<string>((resolve) => {
      // Typed by WsConnectionEventMap: `data` needs no cast.
      connection.addEventListener('message', (event) => resolve(String(event.data)), { once: true });
    });
    connection.send('alone');
    expect(await echoed).to.equal('alone');
    const closed = nextEvent<CloseEvent>(connection, 'close');
    connection.close(4000, 'done');
    expect((await closed).code).to.equal(4000);
    expect(states).to.deep.equal(['connecting', 'open', 'closing', 'closed']);
    expect(connection.readyState).to.equal(WsConnection.CLOSED);
  });

  it('queues while connecting and sends the outbox in order before the open event', async () => {
    const server = new TestServer();
    const { connection } = engine(server.url());
    connection.connect();
    connection.send('one');
    connection.send('two');
    expect(connection.queued).to.equal(2);
    connection.addEventListener('open', () => connection.send('three'));
    await nextEvent(connection, 'open');
    expect(await server.texts({ messages: 3 })).to.deep.equal(['one', 'two', 'three']);
  });

  it('retries after a drop with backoff, and stops for good on close()', async () => {
    const server = new TestServer();
    const { connection, states } = engine(server.url(), { reconnect: true, reconnectDelay: 20 });
    connection.connect();
    await nextEvent(connection, 'open');
    const reconnecting = nextEvent<CustomEvent<ReconnectingDetail>>(connection, 'reconnecting');
    await server.terminate();
    expect((await reconnecting).detail.attempt).to.equal(1);
    await nextEvent(connection, 'open');
    expect(states).to.deep.equal(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
    connection.close();
    await nextEvent(connection, 'close');
    expect(connection.state).to.equal('closed');
    expect((await server.records({ closed: true })).length).to.equal(2);
  });

  it('throws InvalidStateError for a send with no connection wanted', () => {
    const { connection } = engine('');
    expect(() => connection.send('x'))
      .to.throw(DOMException)
      .with.property('name', 'InvalidStateError');
  });

  it('names the messages it discards in the AbortError', async () => {
    const server = new TestServer();
    const { connection } = engine(server.url('hang'));
    connection.connectTimeout = 100;
    connection.connect();
    connection.send('kept for you');
    const errors = recordEvents(connection, 'error');
    await nextEvent(connection, 'close');
    const discarded = (errors.at(-1) as ErrorEvent).error as DiscardedMessagesError;
    expect(discarded).to.be.instanceOf(DiscardedMessagesError);
    expect([discarded.name, discarded.messages]).to.deep.equal(['AbortError', ['kept for you']]);
  });

  it('checks settings when they are set', () => {
    const { connection } = engine('');
    connection.queueLimit = -3;
    connection.heartbeatTimeout = Number.NaN;
    connection.format = 'yaml' as never;
    connection.binaryType = 'text' as never;
    expect([
      connection.queueLimit,
      connection.heartbeatTimeout,
      connection.format,
      connection.binaryType,
    ]).to.deep.equal([DEFAULTS.queueLimit, DEFAULTS.heartbeatTimeout, 'text', 'blob']);
  });

  /** Runs the worker fixture's script through `port`: connect, echo, close; returns what it heard. */
  async function echoThrough(port: MessagePort | Worker, server: TestServer): Promise<unknown[]> {
    const heard: Array<{ type: string; data?: string; code?: number; state: string }> = [];
    const until = (type: string): Promise<void> =>
      new Promise((resolve) => {
        const listener = (event: MessageEvent<(typeof heard)[number]>): void => {
          heard.push(event.data);
          if (event.data.type !== type) return;
          port.removeEventListener('message', listener as EventListener);
          resolve();
        };
        port.addEventListener('message', listener as EventListener);
      });
    if (port instanceof MessagePort) port.start();
    const opened = until('open');
    port.postMessage({ host: new URL(server.url()).pathname });
    await opened;
    const echoed = until('message');
    port.postMessage({ send: 'from a worker' });
    await echoed;
    const closed = until('close');
    port.postMessage({ close: true });
    await closed;
    const [record] = await server.records({ closed: true });
    expect(record.received).to.deep.equal([{ text: 'from a worker' }]);
    return heard.map(({ type, data, code, state }) => [type, data ?? code ?? null, state]);
  }

  const heardInWorker = [
    ['connecting', null, 'connecting'],
    ['open', null, 'open'],
    ['message', 'from a worker', 'open'],
    ['close', 1000, 'closed'],
  ];
  const script = new URL('./fixtures/engine-worker.ts', import.meta.url);

  it('works in a Web Worker, with relative hosts resolved against the worker', async () => {
    const worker = new Worker(script, { type: 'module' });
    after(() => worker.terminate());
    expect(await echoThrough(worker, new TestServer())).to.deep.equal(heardInWorker);
  });

  it('works in a SharedWorker', async () => {
    const worker = new SharedWorker(script, { type: 'module', name: `engine-${Math.random()}` });
    expect(await echoThrough(worker.port, new TestServer())).to.deep.equal(heardInWorker);
    worker.port.close();
  });
});
