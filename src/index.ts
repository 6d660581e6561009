import './define.js';

export { WsClient, type WsClientEventMap } from './ws-client.js';
export {
  ABNORMAL_CLOSURE,
  type ConnectionState,
  DEFAULTS,
  MessageParseError,
  WsConnection,
  type ConnectingDetail,
  type JsonValue,
  type MessageFormat,
  type ReconnectFailedDetail,
  type ReconnectingDetail,
  type SendData,
  type WsConnectionEventMap,
  type WsConnectionOptions,
} from './connection.js';
export { maskUrl, parseProtocols, resolveSocketUrl } from './url.js';
export type { Inspector, InspectorLabels, LogEntry } from './inspector.js';
