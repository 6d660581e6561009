import { expect } from '@open-wc/testing';
import { nextEvent, openElementInFrame } from './helpers.js';

describe('server-side rendering', () => {
  it('@lit-labs/ssr renders <ws-client controls> to declarative shadow DOM', async () => {
    const page = await (await fetch('/ssr/page.html')).text();
    expect(page).to.contain('<template shadowroot="open" shadowrootmode="open">');
    expect(page).to.match(/<button part="send-button" type="submit" disabled/);
    expect(page).to.contain('aria-label="Message"');
  });

  it('hydrates in the browser without re-rendering, then connects', async () => {
    const { element } = await openElementInFrame('/ssr/page.html');
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
