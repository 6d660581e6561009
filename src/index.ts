import './define.js';

export { WsClient, type WsClientEventMap, type WsClientOwnEventMap } from './ws-client.js';
export type { ShareMode, ShareRole, ShareRoleDetail, ShareSetting, ShareSettingsError } from './share/hub.js';
export {
  ABNORMAL_CLOSURE,
  CONNECTION_EVENTS,
  type ConnectionSettings,
  type ConnectionState,
  DEFAULTS,
  DiscardedMessagesError,
  MessageParseError,
  MIN_UPTIME,
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
export type { InspectorLabels, LogDecoder, LogEntry, WsClientLog } from './inspector.js';
export type { WsClientProperties } from './frameworks.js';
