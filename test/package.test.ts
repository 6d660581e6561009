import { expect } from '@open-wc/testing';
import { loadedPaths, nextEvent, openElementInFrame } from './helpers.js';

describe('the CDN build', () => {
  it('works in a plain page with one script tag and the tag, loading its controls from beside it', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn.html');
    const echoed = nextEvent<MessageEvent>(element, 'message');
    element.send('from the bundle');
    expect((await echoed).data).to.equal('from the bundle');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')!.textContent).to.equal('Send');
    expect(loadedPaths(page).filter((path) => path.startsWith('/dist/bundle/controls-'))).to.have.length(1);
    // It brought its own Lit: nothing was imported from this page's modules.
    expect(page.customElements.get('ws-client')).to.not.equal(customElements.get('ws-client'));
  });

  it('loads nothing on demand for a page that uses only the events', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn-events.html');
    await element.updateComplete;
    expect(loadedPaths(page).filter((path) => /\/(controls|inspector|heartbeat)-/.test(path))).to.deep.equal([]);
    // Turning a part on loads it then.
    element.controls = true;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
  });
});
