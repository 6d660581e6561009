// Alone in its file: no part of the element (controls, log) has loaded lit-html's render here.
import { expect, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { WsClient } from '../src/ws-client.js';

class GreetingClient extends WsClient {
  protected override render(): unknown {
    return html`<p part="greeting">Hello</p>`;
  }
}
customElements.define('greeting-client', GreetingClient);

describe('a subclass of the element', () => {
  it("renders its own template, though neither the controls nor the log has loaded lit-html's render", async () => {
    const element = document.createElement('greeting-client') as GreetingClient;
    document.body.append(element);
    try {
      await waitUntil(() => element.shadowRoot?.querySelector('[part="greeting"]'), 'the template never rendered');
      expect(element.shadowRoot!.querySelector('[part="greeting"]')!.textContent).to.equal('Hello');
    } finally {
      element.remove();
    }
  });
});
