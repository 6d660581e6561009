// Types only: the element's settings and events as frameworks pass them, derived from the
// element class itself, so that a setting declared on it is a prop everywhere at once.
// test/frameworks/ type-checks an app per framework against these (`npm run check:types`).
import type { LitElement } from 'lit';
import type { WsClient, WsClientOwnEventMap } from './ws-client.js';

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

/** The element's event types. */
export type WsClientEventName = keyof WsClientOwnEventMap;

/** `reconnectDelay` is `reconnect-delay`: how each setting's attribute is named. */
export type KebabCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : S;

/** `reconnect-failed` is `reconnectFailed`. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/**
 * What an attribute takes for a property of type `T`: text, numbers as text ("50"), a boolean
 * as presence; objects in their attribute form (a JSON or comma-separated text).
 */
export type AttributeValue<T> = T extends number
  ? `${number}`
  : T extends boolean
    ? boolean
    : T extends string
      ? T
      : string;

/** The settings whose attribute name is not the property's (`reconnect-delay`, not `host`). */
type DashedSettingName = {
  [K in WsClientSettingName]-?: KebabCase<K> extends K ? never : K;
}[WsClientSettingName];

/**
 * The settings by attribute name, for those named apart from their property:
 * `reconnect-delay="50"`. Frameworks set a name the element has as a property (so `host`,
 * `heartbeat`, `labels` take the property's type) and any other name as an attribute.
 */
export type WsClientAttributes = {
  [K in DashedSettingName as KebabCase<K>]?: AttributeValue<WsClient[K]>;
};

/**
 * One listener prop per event, named `on` + the event type exactly (`onmessage`,
 * `onreconnect-failed`): React 19 and Svelte 5 add such a prop as a listener for that type.
 */
export type WsClientEventProps = {
  [K in WsClientEventName as `on${K}`]?: ((event: WsClientOwnEventMap[K]) => void) | null;
};
