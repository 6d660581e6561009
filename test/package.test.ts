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

  it('is one file for a page that uses only the events: no chunk to discover after it', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn-events.html');
    await element.updateComplete;
    // A chunk imported by the bundle would be requested only once the bundle had arrived: one
    // more round trip before the first connection.
    expect(loadedPaths(page).filter((path) => path.startsWith('/dist/'))).to.deep.equal(['/dist/ws-client.bundle.js']);
    // Nor has it run lit-html (which notes its version on the window when it loads): the element
    // is a ReactiveElement, and only the controls and the log render templates.
    const litHtml = (): unknown => (page as unknown as { litHtmlVersions?: string[] }).litHtmlVersions;
    expect(litHtml()).to.equal(undefined);
    // Turning a part on loads it then.
    element.controls = true;
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
    expect(litHtml()).to.have.length(1);
  });
});
