import './define.js';

export { LOG_LABELS, WsClientLog, type EarlyRecord, type LogLabels } from './ws-client-log.js';
export type { Direction, LogEntry } from './entry.js';
export { jsonDecoder, type Decoded, type LogDecoder } from './decoders.js';
