import type { WsConnectionEventMap } from './connection.js';
import type { WsClient } from './ws-client.js';

/** The element's settable properties, as frameworks pass them. */
export type WsClientProperties = Partial<
  Pick<
    WsClient,
    | 'host'
    | 'protocols'
    | 'binaryType'
    | 'manual'
    | 'controls'
    | 'sendLabel'
    | 'closeLabel'
    | 'messageLabel'
    | 'placeholder'
    | 'retryLabel'
    | 'stateLabels'
    | 'reconnect'
    | 'reconnectDelay'
    | 'reconnectMaxDelay'
    | 'reconnectAttempts'
    | 'reconnectStopCodes'
    | 'connectTimeout'
    | 'queueLimit'
    | 'heartbeat'
    | 'heartbeatMessage'
    | 'heartbeatTimeout'
    | 'heartbeatReply'
  >
>;

/** React 19 props for the events: `onmessage={…}` listens to `message`, and so on. */
export type WsClientReactEvents = {
  [K in keyof WsConnectionEventMap as `on${K}`]?: (event: WsConnectionEventMap[K]) => void;
};

/** Vue listener props: `@message` is `onMessage`, `@reconnect-failed` is `onReconnect-failed`. */
export type WsClientVueEvents = {
  [K in keyof WsConnectionEventMap as `on${Capitalize<K>}`]?: (event: WsConnectionEventMap[K]) => void;
};
