import { expect } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';
import { nextEvent, openFrame } from './helpers.js';

describe('the single-file CDN build', () => {
  it('works in a plain page with one script tag and the tag', async () => {
    const frame = await openFrame('/test/fixtures/cdn.html');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.querySelector('ws-client') as WsClient;
    if (element.state !== 'open') await nextEvent(element, 'open');
    const echoed = nextEvent<MessageEvent>(element, 'message');
    element.send('from the bundle');
    expect((await echoed).data).to.equal('from the bundle');
    expect(element.shadowRoot!.querySelector('[part="send-button"]')!.textContent).to.equal('Send');
    // It brought its own Lit: nothing was imported from this page's modules.
    expect(page.customElements.get('ws-client')).to.not.equal(customElements.get('ws-client'));
  });
});
