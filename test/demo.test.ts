import { expect, waitUntil } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';
import { openFrame } from './helpers.js';

async function openPage(path: string): Promise<Document> {
  return (await openFrame(path)).contentDocument!;
}

const pages = [
  {
    path: '/index.html',
    greeting: 'Olá, servidor!',
    send: 'Enviar',
    close: 'Fechar conexão',
    closed: 'Conexão fechada (código 1000)',
    open: 'Aberta',
  },
  {
    path: '/demo/english.html',
    greeting: 'Hello, server!',
    send: 'Send',
    close: 'Close',
    closed: 'Connection closed (code 1000)',
    open: 'Open',
  },
];

for (const page of pages) {
  describe(`the demo ${page.path}`, () => {
    let doc: Document;
    let client: WsClient;

    before(async () => {
      doc = await openPage(page.path);
      client = doc.querySelector('ws-client')!;
      // The controls load on demand; the update that shows them completes once they have.
      await client.updateComplete;
    });

    it('sends the greeting when the connection opens and lists the echo', async () => {
      await waitUntil(() => doc.querySelector('#messages li'), 'no message listed');
      expect(doc.querySelector('#messages li')!.textContent).to.equal(page.greeting);
      expect(client.url).to.equal(`ws://${location.host}/echo`);
    });

    it(`labels its buttons "${page.send}" and "${page.close}", and its status in the page's language`, () => {
      const buttons = [...client.shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim());
      expect(buttons).to.deep.equal([page.send, page.close]);
      expect(client.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal(page.open);
    });

    it('says when the connection closes', async () => {
      client.shadowRoot!.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
      await waitUntil(() => doc.querySelector('#status')!.textContent === page.closed, 'no closed notice');
      expect(doc.querySelector<HTMLButtonElement>('#reopen')!.disabled).to.equal(false);
    });
  });
}

describe('the console demo /demo/console.html', () => {
  it('connects to the URL given, and logs a JSON conversation', async () => {
    const doc = await openPage('/demo/console.html');
    const client = doc.querySelector('ws-client')!;
    expect(client.state).to.equal('closed');
    doc.querySelector<HTMLInputElement>('#json')!.click();
    doc.querySelector<HTMLButtonElement>('#connect button')!.click();
    await waitUntil(() => client.state === 'open', 'did not connect');
    expect(client.format).to.equal('json');
    const echoed = new Promise<MessageEvent>((resolve) => client.addEventListener('message', resolve, { once: true }));
    client.send({ hello: 'console' });
    expect((await echoed).data).to.deep.equal({ hello: 'console' });
    await waitUntil(() => client.shadowRoot!.querySelectorAll('[part~="entry"]').length === 4, 'log not rendered');
    const kinds = [...client.shadowRoot!.querySelectorAll<HTMLElement>('[part~="entry"]')].map(
      (row) => row.dataset.direction,
    );
    expect(kinds).to.deep.equal(['event', 'event', 'out', 'in']);
  });
});
