import { expect, waitUntil } from '@open-wc/testing';
import '../src/index.js';
import { MessageParseError } from '../src/index.js';
import { base64, mount, nextEvent, recordEvents, TestServer } from './helpers.js';
import './setup.js';

describe('formats', () => {
  it('json: parses inbound frames and stringifies what is sent, strings as they are', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), format: 'json' });
    await nextEvent(element, 'open');
    const messages = recordEvents(element, 'message');
    element.send({ type: 'hello', list: [1, 2] });
    element.send('{"raw":true}');
    await waitUntil(() => messages.length === 2);
    expect(messages.map((event) => (event as MessageEvent).data)).to.deep.equal([
      { type: 'hello', list: [1, 2] },
      { raw: true },
    ]);
    expect(await server.texts({ messages: 2 })).to.deep.equal(['{"type":"hello","list":[1,2]}', '{"raw":true}']);
  });

  it('json: a frame that is not JSON is an error event with the raw text, and later frames work', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), format: 'json' });
    await nextEvent(element, 'open');
    const error = nextEvent<ErrorEvent>(element, 'error');
    await server.send('not json {');
    const parse = (await error).error as MessageParseError;
    expect(parse).to.be.instanceOf(MessageParseError);
    expect(parse.name).to.equal('SyntaxError');
    expect(parse.raw).to.equal('not json {');
    const message = nextEvent<MessageEvent>(element, 'message');
    await server.send('[1]');
    expect((await message).data).to.deep.equal([1]);
  });

  it('json: a value JSON cannot represent throws TypeError and the element stays usable', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), format: 'json' });
    await nextEvent(element, 'open');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => element.send(circular)).to.throw(TypeError);
    expect(() => element.send(undefined as unknown as string)).to.throw(TypeError, /as JSON/);
    element.send({ ok: true });
    expect(await server.texts({ messages: 1 })).to.deep.equal(['{"ok":true}']);
  });

  it('binary: delivers ArrayBuffers; an unknown format means text', async () => {
    const server = new TestServer();
    const element = mount({ host: server.url(), format: 'binary' });
    await nextEvent(element, 'open');
    expect(element.binaryType).to.equal('arraybuffer');
    const message = nextEvent<MessageEvent>(element, 'message');
    await server.sendBinary(base64(new Uint8Array([1, 2, 255])));
    expect(new Uint8Array((await message).data as ArrayBuffer)).to.deep.equal(new Uint8Array([1, 2, 255]));
    element.setAttribute('format', 'yaml');
    expect(element.format).to.equal('text');
    expect(element.binaryType).to.equal('blob');
  });
});
