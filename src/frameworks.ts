// Types only: the element's settings and events as frameworks pass them, derived from the
// element class itself, so that a setting declared on it is a prop everywhere at once.
import type { LitElement } from 'lit';
import type { WsConnectionEventMap } from './connection.js';
import type { WsClient } from './ws-client.js';

/** `K` if `T[K]` can be assigned (not a getter alone, not `readonly`). */
type IfWritable<T, K extends keyof T> =
  (<U>() => U extends { [Q in K]: T[K] } ? 1 : 2) extends <U>() => U extends { -readonly [Q in K]: T[K] } ? 1 : 2
    ? K
    : never;

/**
 * The element's settings: its writable properties that are not methods, handler properties or
 * LitElement's own. Each is a reactive property with an attribute (a test holds them to that).
 */
export type WsClientSettingName = {
  [K in keyof WsClient]-?: K extends keyof LitElement | `on${string}`
    ? never
    : WsClient[K] extends (...args: never[]) => unknown
      ? never
      : IfWritable<WsClient, K>;
}[keyof WsClient];

/** The element's settable properties, as frameworks pass them. */
export type WsClientProperties = Partial<Pick<WsClient, WsClientSettingName>>;

/** React 19 props for the events: `onmessage={…}` listens to `message`, and so on. */
export type WsClientReactEvents = {
  [K in keyof WsConnectionEventMap as `on${K}`]?: (event: WsConnectionEventMap[K]) => void;
};

/** Vue listener props: `@message` is `onMessage`, `@reconnect-failed` is `onReconnect-failed`. */
export type WsClientVueEvents = {
  [K in keyof WsConnectionEventMap as `on${Capitalize<K>}`]?: (event: WsConnectionEventMap[K]) => void;
};
