// The log's entries: what a frame or a lifecycle event becomes, and the payload views of binary
// frames. No rendering here.
import { maskUrl } from '../url.js';

export type Direction = 'in' | 'out' | 'event';

export interface LogEntry {
  id: number;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  direction: Direction;
  /** message, or the lifecycle event: connecting, open, error, close, reconnecting, reconnect-failed, share-role. */
  kind: string;
  /** Payload size in bytes (0 for lifecycle events). */
  size: number;
  /** The payload as text (binary: a hex preview), or the event described. */
  text: string;
  /** The payload is JSON (a tree and pretty-printed when expanded). */
  json: boolean;
  /** A binary payload's bytes (a Blob's once read). */
  bytes?: Uint8Array;
  /** Connection facts beside an event: protocol and extensions, how long it was open. */
  detail?: string;
}

/** Close code names, from the WebSocket Protocol registry (RFC 6455 section 7.4). */
const CLOSE_CODE_NAMES: Record<number, string> = {
  1000: 'Normal Closure',
  1001: 'Going Away',
  1002: 'Protocol Error',
  1003: 'Unsupported Data',
  1005: 'No Status Received',
  1006: 'Abnormal Closure',
  1007: 'Invalid Frame Payload Data',
  1008: 'Policy Violation',
  1009: 'Message Too Big',
  1010: 'Mandatory Extension',
  1011: 'Internal Error',
  1012: 'Service Restart',
  1013: 'Try Again Later',
  1014: 'Bad Gateway',
  1015: 'TLS Handshake',
};

/** What a close code means when the browser made it up rather than the peer. */
const CLOSE_EXPLANATIONS: Record<number, string> = {
  1005: 'the peer sent a close frame without a code',
  1006: 'no close frame: the network or the server dropped the connection',
  1015: 'the TLS handshake failed',
};

/** Bytes of binary payload in the row's hex preview. */
const PREVIEW_BYTES = 32;
/** JSON is detected in text payloads up to this length (parsing longer ones would stall a frame). */
const JSON_SNIFF_LIMIT = 1 << 20;

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

export function toHex(bytes: Uint8Array, limit = bytes.byteLength): string {
  const shown = Array.from(bytes.subarray(0, limit), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.byteLength > limit ? `${shown} …` : shown;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** "01 02 ff", "0102ff" or "0x01, 0x02": null when it is not whole bytes of hex digits. */
export function parseHex(text: string): Uint8Array<ArrayBuffer> | null {
  const digits = text.replace(/0x/gi, '').replace(/[\s,:]/g, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(digits)) return null;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function looksLikeJson(text: string): boolean {
  if (text.length > JSON_SNIFF_LIMIT) return false;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export type Payload = Pick<LogEntry, 'size' | 'text' | 'json' | 'bytes'>;

export function binaryPayload(bytes: Uint8Array): Payload {
  return { size: bytes.byteLength, text: toHex(bytes, PREVIEW_BYTES), json: false, bytes };
}

/**
 * Describes a payload: its size and its text. Binary data is kept by reference (no copy): the
 * log limit bounds what it holds. A Blob's bytes are read by the caller (they arrive later).
 */
export function describe(data: unknown): Payload {
  if (typeof data === 'string') return { size: utf8Length(data), text: data, json: looksLikeJson(data) };
  if (data instanceof ArrayBuffer) return binaryPayload(new Uint8Array(data));
  if (ArrayBuffer.isView(data)) return binaryPayload(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (data instanceof Blob) return { size: data.size, text: `Blob (${data.type || 'binary'})`, json: false };
  const text = JSON.stringify(data) ?? String(data);
  return { size: utf8Length(text), text, json: true };
}

/** The views a binary payload offers. */
export const BINARY_VIEWS = ['hex', 'base64', 'utf8'] as const;
export type BinaryView = (typeof BINARY_VIEWS)[number];

/** Bytes shown in full in a view; beyond, the view is cut (Copy still copies the whole view). */
export function binaryView(bytes: Uint8Array, view: BinaryView): string {
  if (view === 'base64') return toBase64(bytes);
  if (view === 'utf8') return new TextDecoder().decode(bytes);
  return toHex(bytes);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** What the log knows of its connection when an event comes (read from the element). */
export interface ConnectionFacts {
  protocol: string;
  extensions: string;
  /** When the current connection opened, or 0. */
  openedAt: number;
}

/** A lifecycle event as the log tells it: the text, and facts about the connection beside it. */
export function describeEvent(event: Event, facts: ConnectionFacts, time: number): Pick<LogEntry, 'text' | 'detail'> {
  if (event instanceof CloseEvent) {
    const name = CLOSE_CODE_NAMES[event.code] ?? (event.code >= 4000 ? 'Application' : 'Unknown');
    const explanation = CLOSE_EXPLANATIONS[event.code];
    const text =
      `close ${event.code} ${name}${event.reason ? `: ${event.reason}` : ''} ` +
      `(${event.wasClean ? 'clean' : 'not clean'})${explanation ? `; ${explanation}` : ''}`;
    return { text, detail: facts.openedAt > 0 ? `open for ${seconds(time - facts.openedAt)}` : undefined };
  }
  if (event instanceof ErrorEvent) return { text: `error: ${event.message}` };
  if (event.type === 'open') {
    const protocol = facts.protocol ? `protocol ${facts.protocol}` : 'no subprotocol';
    const extensions = facts.extensions ? `extensions ${facts.extensions}` : 'no extensions';
    return { text: 'open', detail: `${protocol} · ${extensions}` };
  }
  if (!(event instanceof CustomEvent)) return { text: event.type };
  const detail: unknown = event.detail;
  const field = (name: string): unknown =>
    typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>)[name] : undefined;
  switch (event.type) {
    case 'connecting': {
      const attempt = Number(field('attempt'));
      return { text: `connecting to ${maskUrl(String(field('url')))}${attempt > 0 ? ` (attempt ${attempt})` : ''}` };
    }
    case 'reconnecting':
      return { text: `reconnecting: attempt ${String(field('attempt'))} in ${String(field('delay'))} ms` };
    case 'reconnect-failed':
      return { text: `reconnect failed after ${String(field('attempts'))} attempts` };
    case 'share-role':
      return { text: `role: ${String(field('role'))}` };
    default:
      return { text: event.type };
  }
}

export function clock(time: number): string {
  const date = new Date(time);
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A gap or a span of time, short: "+12 ms", "+1.5 s", "+2 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
