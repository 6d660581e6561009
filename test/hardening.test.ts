import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import fc from 'fast-check';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { mount, nextEvent, openFrame, recordEvents, TestServer } from './helpers.js';
import './setup.js';

function shadowText(element: WsClient): string {
  const root = element.shadowRoot!;
  const values = [...root.querySelectorAll<HTMLInputElement>('input, textarea')].map((input) => input.value);
  return `${root.textContent ?? ''} ${values.join(' ')}`;
}

describe('under a strict Content-Security-Policy with Trusted Types', () => {
  it('renders, connects, sends and logs with zero violations', async () => {
    const frame = await openFrame('/test/fixtures/csp.html');
    const page = frame.contentWindow! as Window & { violations?: string[] };
    await waitUntil(() => page.violations !== undefined && page.customElements.get('ws-client'), 'no element');
    const client = page.document.querySelector('ws-client')!;
    await waitUntil(
      () =>
        [...client.shadowRoot!.querySelectorAll('[data-direction="in"]')].some((row) =>
          row.textContent!.includes('under a strict CSP'),
        ),
      'the echo was not logged',
      { timeout: 5000 },
    );
    expect(client.shadowRoot!.querySelector('[part="send-button"]')).to.not.equal(null);
    expect(page.violations).to.deep.equal([]);
    // The policy is in force in that page: eval is refused (and reported).
    expect(() => (page as unknown as { eval(code: string): unknown }).eval('1')).to.throw();
    await waitUntil(() => page.violations!.length === 1, 'the probe was not reported');
  });
});

describe('hostile and broken attribute values', () => {
  const cases: Array<[string, string]> = [
    ['host', 'ws://user:secret@localhost:1/ws'],
    ['host', 'ws://localhost:1/ws#fragment'],
    ['host', ' ws://local host/with spaces '],
    ['host', 'ws://ünïcödé.example/☃'],
    ['host', `ws://localhost:1/${'a'.repeat(10_000)}`],
    ['protocols', 'chat, chat'],
    ['protocols', 'bad token (with) [separators]'],
    ['binary-type', 'text/plain'],
    ['format', 'yaml'],
    ['labels', '{not json'],
    ['labels', '[1,2]'],
    ['state-labels', ',,,,,,,,,,'],
    ['reconnect-stop-codes', 'a-b 1-2-3 -'],
  ];
  for (const numeric of [
    'reconnect-delay',
    'reconnect-max-delay',
    'reconnect-attempts',
    'connect-timeout',
    'queue-limit',
    'heartbeat',
    'heartbeat-timeout',
    'log-limit',
  ]) {
    for (const value of ['-1', '0', 'NaN', '1e309', '', 'abc']) cases.push([numeric, value]);
  }

  it('takes each listed value without an exception, and connects once given a good host', async () => {
    for (const [name, value] of cases) {
      const element = mount({ controls: true, log: true, reconnect: true, [name]: value });
      await element.updateComplete;
      await recover(element, `${name}="${value.slice(0, 40)}"`);
      element.remove();
    }
  });

  it('falls back to the documented defaults for numbers that are not numbers >= 0', () => {
    const element = mount({
      'reconnect-delay': '-1',
      'reconnect-max-delay': 'abc',
      'connect-timeout': 'NaN',
      'queue-limit': '',
      heartbeat: '-5',
      'heartbeat-timeout': '-1',
      'log-limit': 'x',
    });
    expect([
      element.reconnectDelay,
      element.reconnectMaxDelay,
      element.connectTimeout,
      element.queueLimit,
    ]).to.deep.equal([1000, 30000, 10000, 1000]);
    expect([element.heartbeat, element.heartbeatTimeout, element.logLimit]).to.deep.equal([0, 10000, 1000]);
  });

  it('survives random values in every attribute (property-based)', async () => {
    const attributes = [
      'host',
      'protocols',
      'binary-type',
      'format',
      'reconnect-delay',
      'reconnect-max-delay',
      'reconnect-attempts',
      'reconnect-stop-codes',
      'connect-timeout',
      'queue-limit',
      'heartbeat',
      'heartbeat-message',
      'heartbeat-timeout',
      'heartbeat-reply',
      'log-limit',
      'labels',
      'state-labels',
      'send-label',
      'close-label',
      'message-label',
      'placeholder',
      'retry-label',
    ];
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constantFrom('-1', '0', 'NaN', '1e309', '', 'abc', 'ws://', 'http://[', '{"a":1}', '\u0000\u202E'),
      fc.double().map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...attributes), value), async (values) => {
        const element = mount({ controls: true, log: true, ...values });
        await element.updateComplete;
        await recover(element, JSON.stringify(values));
        element.remove();
      }),
      { numRuns: 25 },
    );
  });
});

/** Given a good host (and timing that lets it connect), the element opens and echoes. */
async function recover(element: WsClient, what: string): Promise<void> {
  const server = new TestServer();
  element.protocols = '';
  element.connectTimeout = 10_000;
  element.heartbeat = 0;
  element.host = server.url();
  element.connect();
  if (element.state !== 'open') {
    await Promise.race([
      nextEvent(element, 'open'),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`did not connect after ${what}`)), 5000)),
    ]);
  }
  const echoed = nextEvent<MessageEvent>(element, 'message');
  element.send('still usable');
  expect((await echoed).data, what).to.be.oneOf(['still usable']);
}

describe('secrets kept out of sight', () => {
  it('never shows a token from the URL in the shadow DOM; the url property keeps it', async () => {
    const server = new TestServer();
    const host = `${server.url('reject')}?token=SECRET-123&user=ada`;
    const element = mount({
      host,
      controls: true,
      log: true,
      reconnect: true,
      'reconnect-delay': '10',
      'reconnect-attempts': '1',
    });
    await nextEvent(element, 'reconnect-failed');
    await waitUntil(() => element.shadowRoot!.querySelectorAll('[part~="entry"]').length >= 6, 'log not rendered');
    for (const summary of element.shadowRoot!.querySelectorAll('summary')) summary.click();
    await element.updateComplete;
    expect(element.url).to.contain('token=SECRET-123');
    expect(shadowText(element)).to.not.contain('SECRET-123');
    expect(shadowText(element)).to.contain('token=***&user=***');
  });

  it('masks the URL in error messages', async () => {
    const element = mount({ host: 'ftp://user:pw@example.org/?token=SECRET-456', controls: true, log: true });
    const error = await nextEvent<ErrorEvent>(element, 'error');
    expect(error.message).to.not.contain('SECRET-456');
    expect(error.message).to.not.contain(':pw@');
    expect(error.message).to.contain('token=***');
    await waitUntil(() => element.shadowRoot!.querySelectorAll('[part~="entry"]').length >= 2, 'log not rendered');
    expect(shadowText(element)).to.not.contain('SECRET-456');
  });
});

describe('large and odd frames', () => {
  const size = 32 * 1024 * 1024;

  it('delivers a 32 MB text frame intact and logs it cut short (the payload stays out of the DOM)', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), log: true });
    await nextEvent(element, 'open');
    await waitUntil(() => element.inspector !== null);
    const message = nextEvent<MessageEvent>(element, 'message');
    await server.sendLarge(size, false);
    const data = (await message).data as string;
    expect(data.length).to.equal(size);
    expect([data.slice(0, 2), data.slice(-2)]).to.deep.equal(['<x', 'x>']);
    element.requestUpdate();
    await element.updateComplete;
    const rows = [...element.shadowRoot!.querySelectorAll<HTMLElement>('[data-direction="in"]')];
    expect(rows).to.have.length(1);
    expect(rows[0].querySelector('summary')!.textContent).to.have.length(201);
    expect(rows[0].querySelector('[part="entry-size"]')!.textContent).to.equal(`${size} bytes`);
    expect(rows[0].textContent).to.have.length.below(1000);
  });

  it("delivers a 32 MB binary frame intact, as the socket's own ArrayBuffer (no copy)", async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), format: 'binary', log: true });
    await nextEvent(element, 'open');
    const message = nextEvent<MessageEvent>(element, 'message');
    const native = nextEvent<MessageEvent>(element.socket!, 'message');
    await server.sendLarge(size, true);
    expect((await message).data).to.equal((await native).data);
    const bytes = new Uint8Array((await message).data as ArrayBuffer);
    expect(bytes.byteLength).to.equal(size);
    expect([bytes[0], bytes[255], bytes[256], bytes[size - 1]]).to.deep.equal([0, 255, 0, (size - 1) % 256]);
  });

  it('shows lone surrogates, NUL and right-to-left overrides inertly', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), log: true });
    await nextEvent(element, 'open');
    const odd = 'a\uD800b\u0000c\u202Edcba\u202C';
    const events = recordEvents(element, 'message');
    element.send(odd);
    await waitUntil(() => events.length === 1);
    await waitUntil(() => element.shadowRoot!.querySelectorAll('[data-direction="in"]').length === 1);
    const payload = element.shadowRoot!.querySelector<HTMLElement>('[data-direction="in"] [part="entry-payload"]')!;
    // The socket encodes text as UTF-8, so a lone surrogate arrives as U+FFFD.
    expect(payload.textContent).to.equal('a\uFFFDb\u0000c\u202Edcba\u202C');
    expect(getComputedStyle(payload).unicodeBidi).to.equal('isolate');
  });
});

describe('a page served over https', () => {
  // Not a loopback host: browsers exempt localhost from mixed-content blocking.
  it("gets the browser's SecurityError for a ws: host as an error event, not an exception", async () => {
    const { port } = await executeServerCommand<{ port: number }, undefined>('https-page');
    const report = new Promise<{ type: string; name?: string; native: string | null }>((resolve) => {
      window.addEventListener('message', (event: MessageEvent) => resolve(event.data), { once: true });
    });
    const frame = document.createElement('iframe');
    frame.src = `https://localhost:${port}/mixed.html?target=${encodeURIComponent('ws://ws-client.invalid/socket')}`;
    document.body.append(frame);
    after(() => frame.remove());
    const result = await report;
    expect(result.type).to.equal('error');
    // Chromium and Firefox throw SecurityError from the constructor; WebKitGTK fails the
    // connection instead. The element reports whichever the browser does, never throwing.
    if (result.native === null) expect(result.name).to.equal(undefined);
    else expect([result.native, result.name]).to.deep.equal(['SecurityError', 'SecurityError']);
  });
});
