import { expect } from '@open-wc/testing';
import '../src/index.js';
import { closedSocket, mount, nextEvent, StandaloneServer } from './helpers.js';
import './setup.js';

describe('no leaks', () => {
  it('leaks no connection when attached and removed 200 times', async () => {
    // A server of its own: 200 abandoned handshakes queue up in Firefox for the dev server's
    // host and would delay unrelated tests.
    const standalone = await StandaloneServer.start();
    const server = standalone.view();
    const native = window.WebSocket;
    const created: WebSocket[] = [];
    window.WebSocket = class extends native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        created.push(this);
      }
    };
    try {
      for (let i = 0; i < 200; i += 1) mount({ host: server.url() }).remove();
      for (let i = 0; i < 10; i += 1) {
        const element = mount({ host: server.url() });
        await nextEvent(element, 'open');
        element.remove();
      }
    } finally {
      window.WebSocket = native;
    }
    await Promise.all(created.map(closedSocket));
    // Attached and removed in one task, an element never makes a socket; each awaited open made one.
    expect(created).to.have.length(10);
    const records = await server.records({ closed: true, connections: 10 });
    expect(records).to.have.length(10);
    expect(records.every((record) => !record.open)).to.equal(true);
    await standalone.shutdown();
  });
});
