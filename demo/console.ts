// A WebSocket console: pick a server, connect, and watch the conversation in the log
// (`<ws-client log>` renders a `<ws-client-log>`): binary views, the query filter, timing and
// the rate chart, saved messages, a MessagePack decoder, export and import.
import '../src/index.js';
import type { LogDecoder } from '../src/index.js';

const client = document.querySelector('ws-client')!;
const url = document.querySelector<HTMLInputElement>('#url')!;
const json = document.querySelector<HTMLInputElement>('#json')!;

url.value = new URL('/echo', location.href).href.replace(/^http/, 'ws');

document.querySelector('#connect')!.addEventListener('submit', (event) => {
  event.preventDefault();
  client.host = url.value;
  client.connect();
});

json.addEventListener('change', () => {
  client.format = json.checked ? 'json' : 'text';
  client.multiline = json.checked;
});

/**
 * Enough of MessagePack for the demo (fixarray, fixmap, fixstr, positive fixint, nil, booleans):
 * a page would plug in a real decoder, such as @msgpack/msgpack's `decode`, the same way.
 */
function readMessagePack(bytes: Uint8Array): unknown {
  let at = 0;
  const text = new TextDecoder();
  const read = (): unknown => {
    const byte = bytes[at++];
    if (byte <= 0x7f) return byte;
    if (byte >= 0x90 && byte <= 0x9f) return Array.from({ length: byte & 0x0f }, read);
    if (byte >= 0x80 && byte <= 0x8f)
      return Object.fromEntries(Array.from({ length: byte & 0x0f }, () => [String(read()), read()]));
    if (byte >= 0xa0 && byte <= 0xbf) {
      const length = byte & 0x1f;
      at += length;
      return text.decode(bytes.subarray(at - length, at));
    }
    if (byte === 0xc0) return null;
    if (byte === 0xc2 || byte === 0xc3) return byte === 0xc3;
    throw new TypeError(`not in the demo's MessagePack subset: 0x${byte.toString(16)}`);
  };
  const value = read();
  if (at !== bytes.length) throw new TypeError('trailing bytes');
  return value;
}

const messagePack: LogDecoder = {
  name: 'MessagePack',
  test: (data) => data instanceof Uint8Array && data.length > 0 && data[0] >= 0x80 && data[0] <= 0x9f,
  decode: (data) => readMessagePack(data as Uint8Array),
};

// A few saved messages to start with, under the log's default storage-key.
if (!localStorage.getItem('ws-client-log')) {
  localStorage.setItem(
    'ws-client-log',
    JSON.stringify([
      { name: 'ping', body: '{"type":"ping","seq":{{seq}},"at":"{{now}}"}', mode: 'text' },
      { name: 'request id', body: '{"id":"{{uuid}}","op":"get"}', mode: 'text' },
      { name: 'bytes', body: '01 02 ff', mode: 'hex' },
    ]),
  );
}

// The log loads on demand (the first time `log` is set); its decoders are set once it is there.
const ready = setInterval(() => {
  if (!client.inspector) return;
  clearInterval(ready);
  client.inspector.decoders = [messagePack];
}, 50);

const sendBytes = (bytes: number[]): void => client.send(new Uint8Array(bytes).buffer);
document.querySelector('#binary')!.addEventListener('click', () => sendBytes([0x01, 0x02, 0xff]));
// [1, "two", {"three": 3}]
document
  .querySelector('#msgpack')!
  .addEventListener('click', () =>
    sendBytes([0x93, 0x01, 0xa3, 0x74, 0x77, 0x6f, 0x81, 0xa5, 0x74, 0x68, 0x72, 0x65, 0x65, 0x03]),
  );
document.querySelector('#burst')!.addEventListener('click', () => {
  let sent = 0;
  const timer = setInterval(() => {
    client.send(json.checked ? { tick: sent } : `tick ${sent}`);
    sent += 1;
    if (sent === 300) clearInterval(timer);
  }, 10);
});
