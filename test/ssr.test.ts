import { expect } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';
import { nextEvent, openFrame } from './helpers.js';

describe('server-side rendering', () => {
  it('@lit-labs/ssr renders <ws-client controls> to declarative shadow DOM', async () => {
    const page = await (await fetch('/ssr/page.html')).text();
    expect(page).to.contain('<template shadowroot="open" shadowrootmode="open">');
    expect(page).to.match(/<button part="send-button" type="submit" disabled/);
    expect(page).to.contain('aria-label="Message"');
  });

  it('hydrates in the browser without re-rendering, then connects', async () => {
    const frame = await openFrame('/ssr/page.html');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.querySelector('ws-client') as WsClient;
    if (element.state !== 'open') await nextEvent(element, 'open');
    await element.updateComplete;
    const root = element.shadowRoot!;
    expect(root.querySelectorAll('form')).to.have.length(1);
    expect(root.querySelector<HTMLButtonElement>('[part="send-button"]')!.disabled).to.equal(false);
    expect(root.querySelector('[part="status"]')!.textContent).to.equal('Open');
    const echoed = nextEvent<MessageEvent>(element, 'message');
    element.send('hydrated');
    expect((await echoed).data).to.equal('hydrated');
  });
});
