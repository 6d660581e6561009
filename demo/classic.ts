// The classic demo: send a greeting on open, list every message, say when the connection closes.
import '../src/index.js';

const client = document.querySelector('ws-client')!;
const greeting = document.querySelector<HTMLInputElement>('#greeting')!;
const reopen = document.querySelector<HTMLButtonElement>('#reopen')!;
const status = document.querySelector<HTMLElement>('#status')!;
const messages = document.querySelector<HTMLOListElement>('#messages')!;

client.addEventListener('open', () => {
  status.textContent = status.dataset.open ?? '';
  reopen.disabled = true;
  client.send(greeting.value);
});

client.addEventListener('message', (event) => {
  const item = document.createElement('li');
  item.textContent = String(event.data);
  messages.append(item);
});

client.addEventListener('close', (event) => {
  status.textContent = (status.dataset.closed ?? '').replace('{code}', String(event.code));
  reopen.disabled = false;
});

reopen.addEventListener('click', () => client.connect());
