// What the types must refuse: each line below is an error, or the check fails.
import type { WsClient } from 'ws-client';

export function rejected(element: WsClient): void {
  // @ts-expect-error a close is a CloseEvent
  element.addEventListener('close', (event: MessageEvent) => String(event.data));
  // @ts-expect-error the detail of reconnect-failed has `attempts` only
  element.addEventListener('reconnect-failed', (event) => event.detail.delay);
  // @ts-expect-error a property takes a number (the attribute takes its text)
  element.reconnectDelay = '50';
  // @ts-expect-error one of "text", "json", "binary"
  element.format = 'jsn';
  // @ts-expect-error the state is read-only
  element.state = 'open';
}
