import { expect, waitUntil } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';

async function openPage(path: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.style.width = '800px';
  frame.style.height = '600px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  await loaded;
  after(() => frame.remove());
  return frame.contentDocument!;
}

const pages = [
  {
    path: '/index.html',
    greeting: 'Olá, servidor!',
    send: 'Enviar',
    close: 'Fechar conexão',
    closed: 'Conexão fechada (código 1000)',
  },
  {
    path: '/demo/english.html',
    greeting: 'Hello, server!',
    send: 'Send',
    close: 'Close',
    closed: 'Connection closed (code 1000)',
  },
];

for (const page of pages) {
  describe(`the demo ${page.path}`, () => {
    let doc: Document;
    let client: WsClient;

    before(async () => {
      doc = await openPage(page.path);
      client = doc.querySelector('ws-client')!;
    });

    it('sends the greeting when the connection opens and lists the echo', async () => {
      await waitUntil(() => doc.querySelector('#messages li'), 'no message listed');
      expect(doc.querySelector('#messages li')!.textContent).to.equal(page.greeting);
      expect(client.url).to.equal(`ws://${location.host}/echo`);
    });

    it(`labels its buttons "${page.send}" and "${page.close}"`, () => {
      const buttons = [...client.shadowRoot!.querySelectorAll('button')].map((button) => button.textContent!.trim());
      expect(buttons).to.deep.equal([page.send, page.close]);
    });

    it('says when the connection closes', async () => {
      client.shadowRoot!.querySelector<HTMLButtonElement>('[part="close-button"]')!.click();
      await waitUntil(() => doc.querySelector('#status')!.textContent === page.closed, 'no closed notice');
      expect(doc.querySelector<HTMLButtonElement>('#reopen')!.disabled).to.equal(false);
    });
  });
}
