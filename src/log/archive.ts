// The log saved and read back: JSON Lines (one entry per line) and HAR, the way Chrome's DevTools
// saves a WebSocket (an entry with `_resourceType: "websocket"` and its frames in
// `_webSocketMessages`, each `{type: "send" | "receive", time: seconds, opcode: 1 | 2, data}`,
// binary frames as base64 with opcode 2).
import { binaryPayload, fromBase64, toBase64, utf8Length, type Direction, type LogEntry } from './entry.js';

/** An entry read from a file, before the log numbers it. */
export type ImportedEntry = Omit<LogEntry, 'id'>;

interface JsonLine {
  time: string;
  direction: Direction;
  kind: string;
  size: number;
  data: string;
  /** "base64" for binary payloads. */
  encoding?: 'base64';
  detail?: string;
}

export function toJsonLines(entries: readonly LogEntry[]): string {
  return entries
    .map(({ time, direction, kind, size, text, bytes, detail }) => {
      const line: JsonLine = { time: new Date(time).toISOString(), direction, kind, size, data: text };
      if (bytes) Object.assign(line, { data: toBase64(bytes), encoding: 'base64' });
      if (detail) line.detail = detail;
      return JSON.stringify(line);
    })
    .join('\n');
}

function textPayload(text: string): Pick<LogEntry, 'size' | 'text' | 'json'> {
  let json = false;
  try {
    const first = text.trimStart()[0];
    json = (first === '{' || first === '[') && JSON.parse(text) !== undefined;
  } catch {
    // Text, not JSON.
  }
  return { size: utf8Length(text), text, json };
}

function fromJsonLines(text: string): ImportedEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const value = JSON.parse(line) as Partial<JsonLine>;
      const direction: Direction = value.direction === 'in' || value.direction === 'out' ? value.direction : 'event';
      const data = String(value.data ?? '');
      const time = Date.parse(String(value.time)) || Date.now();
      if (direction === 'event') {
        return {
          time,
          direction,
          kind: String(value.kind ?? 'event'),
          size: 0,
          text: data,
          json: false,
          detail: value.detail,
        };
      }
      const payload = value.encoding === 'base64' ? binaryPayload(fromBase64(data)) : textPayload(data);
      return { time, direction, kind: 'message', ...payload };
    });
}

interface HarMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: number;
  data: string;
}

/** A HAR 1.2 document with one WebSocket entry holding `entries`' frames (events are not frames: left out). */
export function toHar(entries: readonly LogEntry[], url: string, creator = 'ws-client'): string {
  const messages: HarMessage[] = entries
    .filter((entry) => entry.direction !== 'event')
    .map((entry) => ({
      type: entry.direction === 'out' ? 'send' : 'receive',
      time: entry.time / 1000,
      opcode: entry.bytes ? 2 : 1,
      data: entry.bytes ? toBase64(entry.bytes) : entry.text,
    }));
  const started = entries[0]?.time ?? Date.now();
  const har = {
    log: {
      version: '1.2',
      creator: { name: creator, version: '1' },
      pages: [],
      entries: [
        {
          _resourceType: 'websocket',
          startedDateTime: new Date(started).toISOString(),
          time: 0,
          request: {
            method: 'GET',
            url,
            httpVersion: 'HTTP/1.1',
            headers: [],
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: 0,
          },
          response: {
            status: 101,
            statusText: 'Switching Protocols',
            httpVersion: 'HTTP/1.1',
            headers: [],
            cookies: [],
            content: { size: 0, mimeType: 'x-unknown' },
            redirectURL: '',
            headersSize: -1,
            bodySize: 0,
          },
          cache: {},
          timings: { blocked: -1, dns: -1, connect: -1, send: 0, wait: 0, receive: 0, ssl: -1 },
          _webSocketMessages: messages,
        },
      ],
    },
  };
  return JSON.stringify(har, null, 2);
}

function fromHar(har: unknown): ImportedEntry[] {
  const list = (har as { log?: { entries?: unknown } }).log?.entries;
  if (!Array.isArray(list)) throw new SyntaxError('not a HAR file: no log.entries');
  const imported: ImportedEntry[] = [];
  for (const item of list as Array<{ _webSocketMessages?: unknown; request?: { url?: string } }>) {
    if (!Array.isArray(item._webSocketMessages)) continue;
    const started = Date.parse(String((item as { startedDateTime?: string }).startedDateTime)) || Date.now();
    imported.push({
      time: started,
      direction: 'event',
      kind: 'import',
      size: 0,
      text: `imported from HAR: ${String(item.request?.url ?? '')}`,
      json: false,
    });
    for (const message of item._webSocketMessages as HarMessage[]) {
      const direction: Direction = message.type === 'send' ? 'out' : 'in';
      const payload = message.opcode === 2 ? binaryPayload(fromBase64(message.data)) : textPayload(message.data);
      imported.push({ time: Math.round(message.time * 1000), direction, kind: 'message', ...payload });
    }
  }
  return imported;
}

/** Reads a HAR or a JSON Lines file (by its content); throws a SyntaxError for anything else. */
export function parseArchive(text: string): ImportedEntry[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    const value = JSON.parse(text) as { log?: unknown };
    if (value.log !== undefined) return fromHar(value);
  }
  return fromJsonLines(text);
}
