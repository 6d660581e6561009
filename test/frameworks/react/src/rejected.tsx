// What the types must refuse: each line below is an error, or the check fails.
import { useRef } from 'react';
import type { WsClient } from 'ws-client';
import type {} from 'ws-client/react';

export function Rejected() {
  const ref = useRef<WsClient>(null);
  return (
    <>
      {/* A ref is the element itself. */}
      <ws-client ref={ref} id="chat" className="chat" onClick={(event) => event.clientX} />
      {/* @ts-expect-error React's onError never fires on a custom element: onerror does */}
      <ws-client onError={() => {}} />
      {/* @ts-expect-error its capture form fires, but hands over React's event, not the element's */}
      <ws-client onErrorCapture={() => {}} />
      {/* @ts-expect-error React's onClose is the dialog's: onclose */}
      <ws-client onClose={() => {}} />
      {/* @ts-expect-error camelCase listens to "Message", which nothing dispatches: onmessage */}
      <ws-client onMessage={() => {}} />
      {/* @ts-expect-error as is onReconnectFailed: onreconnect-failed */}
      <ws-client onReconnectFailed={() => {}} />
      {/* @ts-expect-error a close is a CloseEvent */}
      <ws-client onclose={(event: MessageEvent) => event.data} />
      {/* @ts-expect-error reconnect-failed's detail has attempts only */}
      <ws-client onreconnect-failed={(event) => event.detail.delay} />
      {/* @ts-expect-error an attribute takes a number as text */}
      <ws-client reconnect-delay="soon" />
      {/* @ts-expect-error one of "text", "json", "binary" */}
      <ws-client format="jsn" />
      {/* @ts-expect-error `heartbeat` is the property: a number */}
      <ws-client heartbeat="1000" />
      {/* @ts-expect-error `labels` is the property: an object */}
      <ws-client labels='{"log":"Registro"}' />
      {/* @ts-expect-error no such setting */}
      <ws-client hots="wss://example.com" />
    </>
  );
}
