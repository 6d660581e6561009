import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { WsClient } from '../src/ws-client.js';

/** Renders a greeting of its own, with a ref callback that records what it hears. */
class GreetingClient extends WsClient {
  heard: Array<string | undefined> = [];
  #ref = (element?: Element): void => {
    this.heard.push(element?.localName);
  };
  protected override render(): unknown {
    return html`<p part="greeting" ${ref(this.#ref)}>Hello</p>`;
  }
}
customElements.define('greeting-client', GreetingClient);

describe('a subclass of the element', () => {
  it('renders its own template', async () => {
    const element = document.createElement('greeting-client') as GreetingClient;
    document.body.append(element);
    try {
      await waitUntil(() => element.shadowRoot?.querySelector('[part="greeting"]'), 'the template never rendered');
      expect(element.shadowRoot!.querySelector('[part="greeting"]')!.textContent).to.equal('Hello');
    } finally {
      element.remove();
    }
  });

  it('keeps async directives connected: a ref hears the element set, then unset on removal', async () => {
    const element = document.createElement('greeting-client') as GreetingClient;
    document.body.append(element);
    await element.updateComplete;
    expect(element.heard).to.deep.equal(['p']);
    element.remove();
    expect(element.heard).to.deep.equal(['p', undefined]);
    document.body.append(element);
    expect(element.heard).to.deep.equal(['p', undefined, 'p']);
    element.remove();
  });
});
