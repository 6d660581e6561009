import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { mount, nextEvent, TestServer } from './helpers.js';
import './setup.js';

interface AxNode {
  role: string | null;
  name: string;
  disabled: boolean;
}

interface Axe {
  setup(root: Document): unknown;
  teardown(): void;
  utils: { getNodeFromTree(node: Node): unknown };
  commons: {
    aria: { getRole(node: unknown): string | null };
    text: { accessibleTextVirtual(node: unknown): string };
  };
}

/**
 * The element's controls by role and accessible name, as axe-core computes them from the
 * flattened tree (the same in every engine; puppeteer's accessibility snapshot is Chromium-only).
 */
async function accessibleControls(element: WsClient): Promise<AxNode[]> {
  await element.updateComplete;
  await import('axe-core/axe.min.js');
  const { axe } = window as unknown as { axe: Axe };
  axe.setup(document);
  try {
    return [...element.shadowRoot!.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')]
      .map((node) => {
        const virtual = axe.utils.getNodeFromTree(node);
        return {
          role: axe.commons.aria.getRole(virtual),
          name: axe.commons.text.accessibleTextVirtual(virtual),
          disabled: node.disabled,
        };
      })
      .filter((node) => node.role === 'textbox' || node.role === 'button');
  } finally {
    axe.teardown();
  }
}

function part(element: WsClient, name: string): HTMLElement {
  const found = element.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (found === null) throw new Error(`no part ${name}`);
  return found;
}

describe('built-in controls', () => {
  it('renders nothing visible without the controls attribute', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url() });
    await nextEvent(element, 'open');
    expect(element.shadowRoot!.querySelector('form, input, button')).to.equal(null);
    expect(element.getBoundingClientRect().height).to.equal(0);
  });

  it('offers a textbox named Message and Send and Close buttons, by role', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    const controls = await accessibleControls(element);
    expect(controls.map(({ role, name }) => `${role} ${name}`)).to.deep.equal([
      'textbox Message',
      'button Send',
      'button Close',
    ]);
  });

  it('takes its texts from send-label, close-label, message-label and placeholder', async () => {
    const server = new TestServer();
    const element = mount({
      host: server.url(),
      controls: true,
      'send-label': 'Enviar',
      'close-label': 'Fechar conexão',
      'message-label': 'Mensagem',
      placeholder: 'Escreva aqui',
    });
    await nextEvent(element, 'open');
    const controls = await accessibleControls(element);
    expect(controls.map(({ role, name }) => `${role} ${name}`)).to.deep.equal([
      'textbox Mensagem',
      'button Enviar',
      'button Fechar conexão',
    ]);
    expect(part(element, 'input').getAttribute('placeholder')).to.equal('Escreva aqui');
  });

  it('sends the typed text on Enter and clears the input', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    part(element, 'input').focus();
    await sendKeys({ type: 'olá mundo' });
    const echoed = nextEvent<MessageEvent>(element, 'message');
    await sendKeys({ press: 'Enter' });
    expect((await echoed).data).to.equal('olá mundo');
    expect((part(element, 'input') as HTMLInputElement).value).to.equal('');
    expect(await server.texts({ messages: 1 })).to.deep.equal(['olá mundo']);
  });

  it('sends with the Send button, reached by keyboard', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    part(element, 'input').focus();
    await sendKeys({ type: 'via keyboard' });
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement).to.equal(part(element, 'send-button'));
    await sendKeys({ press: ' ' });
    expect(await server.texts({ messages: 1 })).to.deep.equal(['via keyboard']);
  });

  it('closes with the Close button and then disables both buttons', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    const closed = nextEvent<CloseEvent>(element, 'close');
    part(element, 'close-button').click();
    expect((await closed).code).to.equal(1000);
    await element.updateComplete;
    const controls = await accessibleControls(element);
    expect(controls.filter((node) => node.role === 'button').map((node) => node.disabled)).to.deep.equal([true, true]);
  });

  it('lets Send queue while connecting, and keeps Close available to cancel', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('hang'), controls: true });
    await element.updateComplete;
    expect(element.state).to.equal('connecting');
    expect((part(element, 'send-button') as HTMLButtonElement).disabled).to.equal(false);
    expect((part(element, 'close-button') as HTMLButtonElement).disabled).to.equal(false);
  });

  it('keeps the text and reports an error event when the message cannot be queued', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url('hang'), controls: true, 'queue-limit': '0' });
    await element.updateComplete;
    const input = part(element, 'input') as HTMLInputElement;
    input.value = 'keep me';
    const error = nextEvent<ErrorEvent>(element, 'error');
    part(element, 'send-button').click();
    expect((await error).error.name).to.equal('QuotaExceededError');
    expect(input.value).to.equal('keep me');
  });

  it('is accessible when open', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('is accessible when closed', async () => {
    const element = mount({ controls: true });
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });

  it('exposes its regions as CSS parts and takes custom properties', async () => {
    const element = mount({ controls: true });
    element.style.setProperty('--ws-client-accent', 'rgb(1, 2, 3)');
    await element.updateComplete;
    for (const name of ['status', 'form', 'input', 'send-button', 'close-button']) {
      expect(part(element, name).getAttribute('part')).to.equal(name);
    }
    expect(getComputedStyle(part(element, 'send-button')).backgroundColor).to.equal('rgb(1, 2, 3)');
  });
});

describe('the built-in input', () => {
  it('sends with Ctrl+Enter in multi-line mode, where Enter adds a line', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true, multiline: true, format: 'json' });
    await nextEvent(element, 'open');
    await element.updateComplete;
    const input = part(element, 'input') as HTMLTextAreaElement;
    expect(input.localName).to.equal('textarea');
    input.focus();
    await sendKeys({ type: '{"a":' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ type: '1}' });
    expect(input.value).to.equal('{"a":\n1}');
    await executeServerCommand('key-chord', { modifier: 'Control', key: 'Enter' });
    expect(await server.texts({ messages: 1 })).to.deep.equal(['{"a":\n1}']);
    expect(input.value).to.equal('');
  });

  it('recalls sent messages with Up and Down', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), controls: true });
    await nextEvent(element, 'open');
    await element.updateComplete;
    const input = part(element, 'input') as HTMLInputElement;
    input.focus();
    for (const text of ['first', 'second']) {
      await sendKeys({ type: text });
      await sendKeys({ press: 'Enter' });
    }
    await sendKeys({ press: 'ArrowUp' });
    expect(input.value).to.equal('second');
    await sendKeys({ press: 'ArrowUp' });
    expect(input.value).to.equal('first');
    await sendKeys({ press: 'ArrowDown' });
    expect(input.value).to.equal('second');
    await sendKeys({ press: 'ArrowDown' });
    expect(input.value).to.equal('');
  });
});
