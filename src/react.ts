// Types only: `import type {} from 'ws-client/react'` once in a React 19 project types <ws-client>
// in JSX: its properties, its dashed attributes and its events as `on<event>` props.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  WsClientAttributes,
  WsClientEventName,
  WsClientEventProps,
  WsClientProperties,
  WsClientSettingName,
} from './frameworks.js';
import type { WsClient } from './ws-client.js';

type ReactProps = DetailedHTMLProps<HTMLAttributes<WsClient>, WsClient>;

/**
 * React's own handler props for this element's event types (`onError`, `onErrorCapture`).
 * `onError` never fires on a custom element; the capture form hands over React's synthetic
 * event, not the element's. The `on<event>` props take their place (test/frameworks.test.ts
 * measures which spellings fire).
 */
type ShadowedByEvents = {
  [K in keyof ReactProps]-?: Lowercase<K & string> extends `on${WsClientEventName}` | `on${WsClientEventName}capture`
    ? K
    : never;
}[keyof ReactProps];

export type WsClientReactProps = Omit<ReactProps, ShadowedByEvents | WsClientSettingName> &
  WsClientProperties &
  WsClientAttributes &
  WsClientEventProps;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'ws-client': WsClientReactProps;
    }
  }
}
