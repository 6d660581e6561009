// A small WebSocket console: pick a server, connect, and watch the conversation.
import '../src/index.js';

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
