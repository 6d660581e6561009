import { expect } from '@open-wc/testing';
import type { WsClient } from '../src/index.js';
import { nextEvent, openFrame } from './helpers.js';

describe('the CDN build', () => {
  it('works in a plain page with one script tag and the tag, loading its controls from beside it', async () => {
    const frame = await openFrame('/test/fixtures/cdn.html');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.querySelector('ws-client') as WsClient;
    if (element.state !== 'open') await nextEvent(element, 'open');
    const echoed = nextEvent<MessageEvent>(element, 'message');
    element.send('from the bundle');
    expect((await echoed).data).to.equal('from the bundle');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')!.textContent).to.equal('Send');
    const loaded = page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    expect(loaded.filter((path) => path.startsWith('/dist/bundle/controls-'))).to.have.length(1);
    // It brought its own Lit: nothing was imported from this page's modules.
    expect(page.customElements.get('ws-client')).to.not.equal(customElements.get('ws-client'));
  });

  it('loads nothing on demand for a page that uses only the events', async () => {
    const frame = await openFrame('/test/fixtures/cdn-events.html');
    const page = frame.contentWindow!;
    await page.customElements.whenDefined('ws-client');
    const element = page.document.querySelector('ws-client') as WsClient;
    if (element.state !== 'open') await nextEvent(element, 'open');
    await element.updateComplete;
    const loaded = page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
    expect(loaded.filter((path) => /\/(controls|inspector|heartbeat)-/.test(path))).to.deep.equal([]);
    // Turning a part on loads it then.
    element.controls = true;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
  });
});
