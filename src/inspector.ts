// What `<ws-client log>` loads on demand: the log element, `<ws-client-log>` (src/log/). A module
// of its own, so the on-demand chunk keeps its name (`inspector-<hash>.js` beside the CDN file).
export {
  LOG_LABELS as INSPECTOR_LABELS,
  WsClientLog,
  type EarlyRecord,
  type LogLabels as InspectorLabels,
} from './log/ws-client-log.js';
export type { Direction, LogEntry } from './log/entry.js';
export type { LogDecoder } from './log/decoders.js';
