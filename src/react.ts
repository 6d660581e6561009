// Types only: `import type {} from 'ws-client/react'` once in a React 19 project types <ws-client>
// in JSX, with the element's properties and its events as `on<event>` props.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { WsClientProperties, WsClientReactEvents } from './frameworks.js';
import type { WsClient } from './ws-client.js';

export type WsClientReactProps = DetailedHTMLProps<HTMLAttributes<WsClient>, WsClient> &
  WsClientProperties &
  WsClientReactEvents;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'ws-client': WsClientReactProps;
    }
  }
}
