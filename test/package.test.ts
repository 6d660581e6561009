import { expect, waitUntil } from '@open-wc/testing';
import { loadedPaths, nextEvent, openElementInFrame } from './helpers.js';

const fromDist = (page: Window): string[] => loadedPaths(page).filter((path) => path.startsWith('/dist/'));

describe('the CDN build', () => {
  it('works in a plain page with one script tag and the tag, its controls in that one file', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn.html');
    const echoed = nextEvent<MessageEvent>(element, 'message');
    element.send('from the bundle');
    expect((await echoed).data).to.equal('from the bundle');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="send-button"]')!.textContent).to.equal('Send');
    // A chunk imported by the bundle would be requested only once the bundle had arrived: one
    // more round trip before the first connection.
    expect(fromDist(page)).to.deep.equal(['/dist/ws-client.bundle.js']);
    // It brought its own Lit: nothing was imported from this page's modules.
    expect(page.customElements.get('ws-client')).to.not.equal(customElements.get('ws-client'));
  });

  it('loads the inspector log from beside it, only when log is set', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn-events.html');
    await element.updateComplete;
    expect(fromDist(page)).to.deep.equal(['/dist/ws-client.bundle.js']);
    element.log = true;
    // The log's chunk is about 36 KB minified: more than the default second on a busy machine.
    await waitUntil(() => element.inspector !== null, 'the log did not load', { timeout: 5000 });
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="log"]')).to.not.equal(null);
    const chunks = fromDist(page).filter((path) => path.startsWith('/dist/bundle/inspector-'));
    expect(chunks).to.have.length(1);
  });

  it('lets listeners added by a later module script hear the first connecting event', async () => {
    const { page, element } = await openElementInFrame('/test/fixtures/cdn-late-listener.html');
    expect((page as unknown as { heard: number[] }).heard).to.deep.equal([0]);
    expect(element.url).to.match(/\/echo\?token=fresh$/);
  });
});
