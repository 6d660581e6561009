// An echo chat in plain TypeScript: the element from `document.createElement`, typed by the
// package's `HTMLElementTagNameMap` entry, every setting as a property, a listener for each event.
// (main.ts registers the element; this module imports types only.)
import type { WsClientProperties } from 'ws-client';

export function startChat(parent: HTMLElement, url: string): HTMLElementTagNameMap['ws-client'] {
  const element = document.createElement('ws-client');
  // Required<…>: a setting added to the element fails this check until the app sets it too.
  const settings = {
    host: url,
    protocols: 'chat',
    format: 'text',
    binaryType: 'arraybuffer',
    manual: false,
    reconnect: true,
    reconnectDelay: 50,
    reconnectMaxDelay: 1000,
    reconnectAttempts: 1,
    reconnectStopCodes: '4000-4099',
    connectTimeout: 5000,
    queueLimit: 100,
    heartbeat: 0,
    heartbeatMessage: 'ping',
    heartbeatTimeout: 10000,
    heartbeatReply: 'pong',
    controls: true,
    sendLabel: 'Enviar',
    closeLabel: 'Cerrar',
    messageLabel: 'Mensaje',
    placeholder: 'Escribe un mensaje',
    retryLabel: 'Reintentar',
    multiline: true,
    stateLabels: { open: 'Abierto', closed: 'Cerrado' },
    log: true,
    labels: { log: 'Registro' },
    logLimit: 50,
    share: 'page',
    shareKey: 'chat',
    subscribeMessage: '',
    unsubscribeMessage: '',
    topic: '',
    topicField: 'type',
  } satisfies Required<WsClientProperties>;
  Object.assign(element, settings);

  const events = Object.assign(document.createElement('ol'), { className: 'events' });
  const messages = Object.assign(document.createElement('ul'), { className: 'messages' });
  const status = document.createElement('p');
  const item = (text: string) => Object.assign(document.createElement('li'), { textContent: text });
  const note = (text: string) => events.append(item(text));
  element.addEventListener('open', (event) => note(event.type));
  element.addEventListener('message', (event) => note(event.type));
  element.addEventListener('error', (event) =>
    note(event instanceof ErrorEvent ? `error ${event.message}` : event.type),
  );
  element.addEventListener('close', (event) => note(`close ${event.code}`));
  element.addEventListener('connecting', (event) => note(`connecting ${event.detail.attempt}`));
  element.addEventListener('reconnecting', (event) => note(`reconnecting ${event.detail.attempt}`));
  element.addEventListener('reconnect-failed', (event) => note(`reconnect-failed ${event.detail.attempts}`));
  element.addEventListener('share-role', (event) => note(`share-role ${event.detail.role}`));
  // Handler properties, typed as on WebSocket.
  element.onmessage = (event) => messages.append(item(String(event.data)));
  element.onclose = (event) => (status.textContent = event.wasClean ? 'closed' : `lost (${event.code})`);
  element.onerror = (event) => (status.textContent = event.type);

  parent.append(element, status, events, messages);
  return element;
}
