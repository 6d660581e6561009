// Compile-time checks (`npm run typecheck`): the element's and the engine's types as code written
// for `WebSocket` uses them. Nothing here runs.
import type { WsConnection } from '../src/connection.js';
import type { WsClient } from '../src/ws-client.js';

export function handlers(element: WsClient): void {
  element.onclose = (event) => event.code + event.reason.length + Number(event.wasClean);
  element.onerror = (event) => (event instanceof ErrorEvent ? event.message : event.type);
  element.onmessage = (event) => event.data;
  // @ts-expect-error a close handler takes a CloseEvent
  element.onclose = (event: MessageEvent) => event.data;
  // Still an HTMLElement wherever one is expected.
  const node: HTMLElement = element;
  void node;
}

export function listeners(element: WsClient, connection: WsConnection): void {
  element.addEventListener('close', (event) => event.code);
  element.addEventListener('reconnect-failed', (event) => event.detail.attempts);
  connection.addEventListener('message', (event) => event.data);
  connection.addEventListener('connecting', (event) => event.detail.url.length + event.detail.attempt);
  // @ts-expect-error a message event has no code
  connection.addEventListener('message', (event) => event.code);
}
