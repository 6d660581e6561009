import type { ReactiveController } from 'lit';
import { Heartbeat } from './heartbeat.js';
import { maskUrl, parseProtocols, resolveSocketUrl } from './url.js';

/** What can be sent: the types `WebSocket.send()` takes. */
export type SendData = string | Blob | BufferSource;

/** How messages are read and written: see `WsConnection.format`. */
export type MessageFormat = 'text' | 'json' | 'binary';

/** What `send()` takes in the "json" format besides `SendData`: anything `JSON.stringify` accepts. */
export type JsonValue = null | boolean | number | string | readonly unknown[] | object;

/** The connection's state, as reflected in the element's `state` attribute. */
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed' | 'reconnecting';

/** The `error` of the `error` event for an inbound frame that is not valid JSON (format "json"). */
export class MessageParseError extends DOMException {
  /** The frame's raw text. (Not `data`: Firefox's DOMException has a read-only `data` of its own.) */
  readonly raw: string;
  constructor(raw: string, reason: string) {
    super(`A message is not JSON (${reason}); its text is in error.raw.`, 'SyntaxError');
    this.raw = raw;
  }
}

/**
 * The `error` (an `AbortError`) of the `error` event for messages that were accepted by `send()`
 * but never written: queued, or still counted in the socket's `bufferedAmount` when it died,
 * when no further connection came. They are in `messages`, oldest first, for the application to
 * keep or resend.
 */
export class DiscardedMessagesError extends DOMException {
  readonly messages: readonly SendData[];
  constructor(messages: readonly SendData[]) {
    const count = messages.length;
    super(
      `${count} queued message${count > 1 ? 's were' : ' was'} discarded: the connection ended before sending.`,
      'AbortError',
    );
    this.messages = messages;
  }
}

export interface ConnectingDetail {
  /** 0 for a connection asked for by `connect()`, an attach or a `host` change; n for the n-th retry. */
  attempt: number;
  /** The URL this attempt is about to open (the raw `host` if it cannot be resolved). */
  url: string;
}
export interface ReconnectingDetail {
  /** The retry about to be waited for, from 1. */
  attempt: number;
  /** Milliseconds until it starts. */
  delay: number;
}
export interface ReconnectFailedDetail {
  /** How many retries were made. */
  attempts: number;
}

/** Events dispatched by a {@link WsConnection} (on itself, or on the target it was given). */
export interface WsConnectionEventMap {
  open: Event;
  message: MessageEvent;
  error: Event | ErrorEvent;
  close: CloseEvent;
  connecting: CustomEvent<ConnectingDetail>;
  reconnecting: CustomEvent<ReconnectingDetail>;
  'reconnect-failed': CustomEvent<ReconnectFailedDetail>;
}

/** Every event type a connection dispatches. */
export const CONNECTION_EVENTS = [
  'connecting',
  'open',
  'message',
  'error',
  'close',
  'reconnecting',
  'reconnect-failed',
] as const satisfies ReadonlyArray<keyof WsConnectionEventMap>;

/**
 * Every setting of a connection with its default, the one list of them: the engine implements
 * each as a property of the same name, and `<ws-client>` declares each as a reactive property
 * whose value lives here (a test holds the element to this list).
 */
const defaults = {
  host: '',
  protocols: '',
  format: 'text' as MessageFormat,
  binaryType: 'blob' as BinaryType,
  manual: false,
  reconnect: false,
  reconnectDelay: 1000,
  reconnectMaxDelay: 30_000,
  reconnectAttempts: Infinity,
  /** Close codes after which a retry would only repeat the same refusal. */
  reconnectStopCodes: '1002 1003 1007 1008 1010',
  connectTimeout: 10_000,
  queueLimit: 1000,
  heartbeat: 0,
  heartbeatMessage: 'ping',
  heartbeatTimeout: 10_000,
  heartbeatReply: '',
};
export const DEFAULTS: Readonly<typeof defaults> = Object.freeze(defaults);

/** The settings of a connection, as `DEFAULTS` lists them. */
export type ConnectionSettings = { -readonly [K in keyof typeof DEFAULTS]: (typeof DEFAULTS)[K] };

/** An open shorter than this does not reset the attempt count. */
export const MIN_UPTIME = 5000;

/** The close code reported when the heartbeat finds the peer dead or a connect times out. */
export const ABNORMAL_CLOSURE = 1006;

export interface WsConnectionOptions {
  /** Where events are dispatched; the connection itself by default. */
  target?: EventTarget;
  /** Called after every change of `state`. */
  onStateChange?: (state: ConnectionState) => void;
  /** Called with what `send()` accepted (sent or queued), as it goes on the wire. */
  onSend?: (data: SendData) => void;
  /**
   * Called on every open: what it returns is written first, ahead of the outbox (subscriptions,
   * say), and is not kept for a retry, since the next open greets again.
   */
  greeting?: () => readonly SendData[];
}

/**
 * What `<ws-client>` reads and calls on its connection: a `WsConnection`, or its share of a
 * connection held for several elements (see `share`).
 */
export interface Link {
  readonly state: ConnectionState;
  readonly readyState: number;
  readonly url: string;
  readonly protocol: string;
  readonly extensions: string;
  readonly bufferedAmount: number;
  readonly socket: WebSocket | null;
  connect(): void;
  send(value: SendData | JsonValue): void;
  close(code?: number, reason?: string): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
/** The state of a connection whose socket has this `readyState`. */
const SOCKET_STATES: readonly ConnectionState[] = ['connecting', 'open', 'closing', 'closed'];

type Timer = ReturnType<typeof setTimeout>;

/** What the connection wants: none; a connection (open, pending or waiting to retry); or a
 * connection back once the page is shown again. */
type Want = 'none' | 'wanted' | 'suspended';

/** A message handed to the socket, with where its last byte ends in the socket's byte count. */
interface InFlight {
  data: SendData;
  end: number;
}

const encoder = new TextEncoder();

function byteLength(data: SendData): number {
  if (typeof data === 'string') return encoder.encode(data).byteLength;
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/** Copies binary data so that changes made after `send()` do not alter what is kept. */
function snapshot(data: SendData): SendData {
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (data instanceof ArrayBuffer) return data.slice(0);
  return data;
}

type MessageEventClass = new (type: string, init: MessageEventInit) => MessageEvent;

/** `MessageEvent` with `origin` fixed to this origin. */
function withOrigin(origin: string): MessageEventClass {
  const Message = class extends (MessageEvent as MessageEventClass) {};
  Object.defineProperty(Message.prototype, 'origin', { get: () => origin });
  return Message;
}

/** A number, or a string of one (as frameworks set attributes' values on properties): a number. */
function numeric(value: unknown): number {
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : (value as number);
}

/** `value` if it is a number >= 0 (Infinity included), `fallback` otherwise. */
function count(value: number, fallback: number): number {
  const number = numeric(value);
  return typeof number === 'number' && number >= 0 ? number : fallback;
}

/** The longest delay timers take: longer ones fire at once in every browser. */
const MAX_DELAY = 2 ** 31 - 1;

/** `value` if it is a finite number >= 0 (capped at what a timer takes), `fallback` otherwise. */
function duration(value: number, fallback: number): number {
  const number = numeric(value);
  return Number.isFinite(number) && number >= 0 ? Math.min(number, MAX_DELAY) : fallback;
}

/** Whether `code` is in a list such as "1008 4000-4099, 4401" (tokens that are not codes match nothing). */
function listed(list: string, code: number): boolean {
  return list.split(/[\s,]+/).some((token) => {
    const [low, high = low] = token.split('-').map(Number);
    return code >= low && code <= high;
  });
}

/**
 * Whether the page's own scripts may not all have run: before `DOMContentLoaded` (module and
 * deferred scripts run after parsing, with `readyState` already "interactive", just before it).
 */
function beforeContentLoaded(): boolean {
  if (typeof document === 'undefined' || document.readyState === 'complete') return false;
  if (document.readyState === 'loading') return true;
  const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return navigation !== undefined && navigation.domContentLoadedEventStart === 0;
}

/** The URL relative hosts resolve against: the document's base URL, or a worker's location. */
function baseUrl(): string {
  return typeof document === 'undefined' ? globalThis.location.href : document.baseURI;
}

/** Checks a close code and reason as `WebSocket.close()` does, and throws the same errors. */
export function validateClose(code: number | undefined, reason: string): void {
  if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
    throw new DOMException(
      `The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      'InvalidAccessError',
    );
  }
  if (encoder.encode(reason).byteLength > 123) {
    throw new DOMException('The close reason must not be longer than 123 UTF-8 bytes.', 'SyntaxError');
  }
}

/**
 * What `send()` writes for `value`: WebSocket data as is; in the "json" format anything else
 * stringified (a `TypeError` if JSON cannot represent it), in the others its `String()`.
 */
export function encode(value: SendData | JsonValue, format: MessageFormat): SendData {
  if (typeof value === 'string' || value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return value as SendData;
  }
  if (format !== 'json') return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`Cannot send ${String(value)} as JSON.`);
  return text;
}

/** An `error` event for a problem found by the element or the engine, with the error in `error`. */
export function errorEvent(error: unknown): ErrorEvent {
  const reason = error instanceof Error ? error : new Error(String(error));
  return new ErrorEvent('error', { message: reason.message, error: reason });
}

/**
 * The connection engine behind `<ws-client>`: one `WebSocket` at a time, with an outbox,
 * reconnection with backoff, a heartbeat and page-lifecycle handling. It renders nothing and
 * works on its own (`new WsConnection()`, then `connect()`), in a page or a worker, or as a Lit
 * `ReactiveController` that connects when its host is attached and closes when it is removed.
 *
 * Its state is what it wants (no connection, a connection, or one back after the page is shown
 * again) and its current socket's own `readyState`; every socket ends through one path
 * (`#finish`), and every call into listeners is followed by a check that they left the
 * connection as it was (`#dispatch`), so any method may be called from any listener.
 */
// The interface below (same name) adds typed addEventListener overloads; it declares no members
// the class lacks.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WsConnection extends EventTarget implements ReactiveController, ConnectionSettings, Link {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;

  /** Subprotocols, comma and/or space separated; used from the next connection on. */
  protocols: string = DEFAULTS.protocols;
  /** Do not connect when the host element is attached; wait for `connect()`. */
  manual: boolean = DEFAULTS.manual;
  /** What the heartbeat sends. */
  heartbeatMessage: string = DEFAULTS.heartbeatMessage;
  /** Inbound text frames equal to this are proof of life only, not `message` events ('' = none). */
  heartbeatReply: string = DEFAULTS.heartbeatReply;
  /** Close codes and ranges ("4000-4099"), space or comma separated, after which no retry is made. */
  reconnectStopCodes: string = DEFAULTS.reconnectStopCodes;

  readonly #target: EventTarget;
  /** The hooks it was made with. */
  readonly #options: WsConnectionOptions;

  /** The settings with accessors, as last set (checked). */
  readonly #settings: ConnectionSettings = { ...DEFAULTS };

  #want: Want = 'none';
  /** The host element is in its document (as a controller). */
  #attached = false;
  #socket: WebSocket | null = null;
  /** Set while waiting to retry: the timer, or (once it found the browser offline) `online`. */
  #retryTimer: Timer | undefined;
  #connectTimer: Timer | undefined;
  /** Bumped by every open, stop and suspension: code after a dispatch tells whether a listener acted. */
  #generation = 0;
  #attempt = 0;
  #openedAt = 0;
  /** The state last reported to `onStateChange`. */
  #reported: ConnectionState = 'closed';
  #url = '';
  #outbox: SendData[] = [];
  /** Messages handed to the socket whose bytes it may still hold, oldest first. */
  #inFlight: InFlight[] = [];
  /** Bytes handed to the socket since its buffer was last seen empty. */
  #handed = 0;
  #heartbeat: Heartbeat | null = null;
  /** The current socket's `MessageEvent` class, made on its first frame (see `#onMessage`). */
  #MessageEvent: MessageEventClass | null = null;
  /** Aborted to remove the listeners on the current socket. */
  #socketListeners: AbortController | null = null;

  /**
   * The connections that hear page-lifecycle events: one listener per event and window tells
   * each of them, instead of four listeners per connection.
   */
  static readonly #listening = new Set<WsConnection>();
  /** The windows (or the worker's global) that have those listeners. */
  static readonly #listened = new WeakSet<object>();
  static #tellListening(event: Event): void {
    for (const connection of [...WsConnection.#listening]) connection.#onPageEvent(event);
  }

  constructor(options: WsConnectionOptions = {}) {
    super();
    this.#options = options;
    this.#target = options.target ?? this;
  }

  /**
   * The server: `ws:`/`wss:` as is, `http:`/`https:` mapped to `ws:`/`wss:`, relative URLs
   * resolved against the page (or the worker). Changing it while connected reconnects at once;
   * emptying it closes.
   */
  get host(): string {
    return this.#settings.host;
  }
  set host(value: string) {
    if (value === this.#settings.host) return;
    this.#settings.host = value;
    if (value.trim() === '') {
      if (this.#want === 'wanted') this.#stop(1000, '');
      return;
    }
    // An open on its way (a microtask after attach, or inside `connecting`) reads the new host.
    if (this.#want === 'wanted' && this.#socket === null && this.#retryTimer === undefined) return;
    if (this.#want === 'wanted' || (this.#want === 'none' && this.#attached && !this.manual)) this.connect();
  }

  /**
   * "text" (default): messages as they come. "json": inbound text is parsed (a frame that is not
   * JSON gives an `error` event with a `MessageParseError`), and `send()` stringifies anything
   * but strings and binary data. "binary": `binaryType` is "arraybuffer". Other values mean "text".
   */
  get format(): MessageFormat {
    return this.#settings.format;
  }
  set format(value: MessageFormat) {
    this.#settings.format = value === 'json' || value === 'binary' ? value : 'text';
    if (this.#socket) this.#socket.binaryType = this.binaryType;
  }

  /** As `WebSocket.binaryType` ("blob"); always "arraybuffer" in the "binary" format. */
  get binaryType(): BinaryType {
    return this.#settings.format === 'binary' ? 'arraybuffer' : this.#settings.binaryType;
  }
  set binaryType(value: BinaryType) {
    this.#settings.binaryType = value === 'arraybuffer' ? 'arraybuffer' : 'blob';
    if (this.#socket) this.#socket.binaryType = this.binaryType;
  }

  /** Reconnect with backoff after a close that `close()` or removal did not ask for. */
  get reconnect(): boolean {
    return this.#settings.reconnect;
  }
  set reconnect(value: boolean) {
    this.#settings.reconnect = value;
    if (!value && this.state === 'reconnecting') this.#stop(1000, '');
  }

  /** First retry delay in ms (1000); doubles each attempt, with jitter. Not a number >= 0: the default. */
  get reconnectDelay(): number {
    return this.#settings.reconnectDelay;
  }
  set reconnectDelay(value: number) {
    this.#settings.reconnectDelay = duration(value, DEFAULTS.reconnectDelay);
  }

  /** Cap on the retry delay in ms (30000). */
  get reconnectMaxDelay(): number {
    return this.#settings.reconnectMaxDelay;
  }
  set reconnectMaxDelay(value: number) {
    this.#settings.reconnectMaxDelay = duration(value, DEFAULTS.reconnectMaxDelay);
  }

  /** Retries before giving up (Infinity). */
  get reconnectAttempts(): number {
    return this.#settings.reconnectAttempts;
  }
  set reconnectAttempts(value: number) {
    this.#settings.reconnectAttempts = count(value, DEFAULTS.reconnectAttempts);
  }

  /** Ms a socket may stay CONNECTING before it counts as failed (10000; 0 = no limit). */
  get connectTimeout(): number {
    return this.#settings.connectTimeout;
  }
  set connectTimeout(value: number) {
    this.#settings.connectTimeout = duration(value, DEFAULTS.connectTimeout);
  }

  /** Messages the outbox holds while not open (1000). */
  get queueLimit(): number {
    return this.#settings.queueLimit;
  }
  set queueLimit(value: number) {
    this.#settings.queueLimit = count(value, DEFAULTS.queueLimit);
  }

  /** Ms between heartbeat messages while open (0 = off). */
  get heartbeat(): number {
    return this.#settings.heartbeat;
  }
  set heartbeat(value: number) {
    this.#settings.heartbeat = duration(value, DEFAULTS.heartbeat);
  }

  /** Ms without any inbound frame after a heartbeat before the peer counts as dead (10000). */
  get heartbeatTimeout(): number {
    return this.#settings.heartbeatTimeout;
  }
  set heartbeatTimeout(value: number) {
    this.#settings.heartbeatTimeout = duration(value, DEFAULTS.heartbeatTimeout);
  }

  /** connecting, open, closing, closed or reconnecting. */
  get state(): ConnectionState {
    if (this.#socket !== null) return SOCKET_STATES[this.#socket.readyState];
    if (this.#want !== 'wanted') return 'closed';
    return this.#retryTimer !== undefined ? 'reconnecting' : 'connecting';
  }
  get readyState(): number {
    // Without a socket: closed, or pending (about to connect, or waiting to retry).
    return this.#socket?.readyState ?? (this.state === 'closed' ? CLOSED : CONNECTING);
  }
  get url(): string {
    return this.#socket?.url ?? this.#url;
  }
  get protocol(): string {
    return this.#socket?.protocol ?? '';
  }
  get extensions(): string {
    return this.#socket?.extensions ?? '';
  }
  /** Bytes handed to the socket and not yet sent, plus bytes waiting in the outbox. */
  get bufferedAmount(): number {
    let queued = 0;
    for (const data of this.#outbox) queued += byteLength(data);
    return (this.#socket?.bufferedAmount ?? 0) + queued;
  }
  /** How many messages wait in the outbox. */
  get queued(): number {
    return this.#outbox.length;
  }
  get socket(): WebSocket | null {
    return this.#socket;
  }

  hostConnected(): void {
    this.#attached = true;
    // Moved with its connection (into a frame, say): it follows the lifecycle of its new document.
    if (this.#want === 'wanted') this.#listen(true);
    if (this.#want !== 'none' || this.manual || this.#settings.host.trim() === '') return;
    // Wanted from now on (sends queue), but the socket is made a microtask later: an element
    // attached and removed in one task (a framework's double mount, a quick re-render) then
    // opens no socket at all, instead of one abandoned mid-handshake. While the page is still
    // loading, it waits for `DOMContentLoaded`, so that listeners added by the page's later
    // scripts hear the first `connecting` event.
    this.#want = 'wanted';
    const generation = ++this.#generation;
    this.#changed();
    const start = (): void => {
      if (this.#attached && generation === this.#generation) this.connect();
    };
    if (beforeContentLoaded()) document.addEventListener('DOMContentLoaded', start, { once: true });
    else queueMicrotask(start);
  }

  hostDisconnected(): void {
    this.#attached = false;
    // A move within the document disconnects and reconnects in one task: keep the socket then.
    queueMicrotask(() => {
      if (!this.#attached) this.#stop(1000, '');
    });
  }

  /** Opens a connection to `host`, closing the current one first; retries at once if waiting. */
  connect(): void {
    this.#attempt = 0;
    this.#open();
  }

  /**
   * Sends now when open; queues while connecting or waiting to reconnect.
   * @throws {DOMException} `InvalidStateError` with no connection open or pending;
   *   `QuotaExceededError` when the outbox holds `queueLimit` messages already.
   * @throws {TypeError} in the "json" format, for a value JSON cannot represent.
   */
  send(value: SendData | JsonValue): void {
    const data = encode(value, this.#settings.format);
    const socket = this.#socket;
    if (socket !== null && socket.readyState === OPEN) {
      this.#write(socket, data, true);
      this.#options.onSend?.(data);
      return;
    }
    if (this.#want === 'none') {
      throw new DOMException(
        'Cannot send: no connection is open or pending. Set host or call connect() first.',
        'InvalidStateError',
      );
    }
    if (this.#outbox.length >= this.#settings.queueLimit) {
      throw new DOMException(
        `Cannot send: the outbox is full (queue-limit: ${this.#outbox.length} messages).`,
        'QuotaExceededError',
      );
    }
    this.#outbox.push(snapshot(data));
    this.#options.onSend?.(data);
  }

  /**
   * Closes the connection and cancels any pending retry. Checks `code` and `reason` as
   * `WebSocket.close()` does and throws the same errors.
   */
  close(code?: number, reason = ''): void {
    validateClose(code, reason);
    this.#stop(code ?? 1000, reason);
  }

  /** The test seam: how a socket is made. */
  protected createSocket(url: string, protocols: string[]): WebSocket {
    return new WebSocket(url, protocols);
  }

  /** Tells `onStateChange` when the state differs from what it last heard. */
  #changed(): void {
    const state = this.state;
    if (state === this.#reported) return;
    this.#reported = state;
    this.#options.onStateChange?.(state);
  }

  /** Dispatches to listeners; true when none of them started, stopped or suspended the connection. */
  #dispatch(event: Event): boolean {
    this.#changed();
    const generation = this.#generation;
    this.#target.dispatchEvent(event);
    return generation === this.#generation;
  }

  #fireError(error: DOMException): boolean {
    return this.#dispatch(errorEvent(error));
  }

  #open(): void {
    this.#generation += 1;
    this.#want = 'wanted';
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#listen(true);
    // A socket being replaced ends first (a close event), and its listeners may act on that.
    if (this.#socket !== null && !this.#finish(1000, '', true, true)) return;
    let url: string | null = null;
    try {
      url = resolveSocketUrl(this.#settings.host, baseUrl());
    } catch {
      // Reported below, after the event, if the host is still the same.
    }
    const host = this.#settings.host;
    const detail = { attempt: this.#attempt, url: url ?? host };
    if (!this.#dispatch(new CustomEvent<ConnectingDetail>('connecting', { detail }))) return;
    if (typeof WebSocket === 'undefined') {
      this.#refuse(new DOMException('This browser has no WebSocket support.', 'NotSupportedError'));
      return;
    }
    let socket: WebSocket;
    try {
      // A `connecting` listener may have changed the host.
      this.#url = url !== null && host === this.#settings.host ? url : resolveSocketUrl(this.#settings.host, baseUrl());
      socket = this.createSocket(this.#url, parseProtocols(this.protocols));
    } catch (error) {
      this.#refuse(this.#masked(error));
      return;
    }
    socket.binaryType = this.binaryType;
    this.#MessageEvent = null;
    this.#inFlight = [];
    this.#handed = 0;
    const listening = { signal: (this.#socketListeners = new AbortController()).signal };
    socket.addEventListener('open', this.#onOpen, listening);
    socket.addEventListener('message', this.#onMessage, listening);
    socket.addEventListener('error', this.#onError, listening);
    socket.addEventListener('close', this.#onClose, listening);
    this.#socket = socket;
    if (this.#settings.connectTimeout > 0)
      this.#connectTimer = setTimeout(this.#onConnectTimeout, this.#settings.connectTimeout);
    this.#changed();
  }

  /** The browser's own error, with any URL in its message masked (tokens travel in URLs). */
  #masked(error: unknown): DOMException {
    const name = error instanceof DOMException ? error.name : 'SyntaxError';
    let message = error instanceof Error ? error.message : String(error);
    for (const url of [this.#url, this.#settings.host]) if (url) message = message.replaceAll(url, maskUrl(url));
    return new DOMException(message, name);
  }

  /** The connection cannot even be attempted (bad host, no WebSocket): say why, and stop. */
  #refuse(error: DOMException): void {
    this.#want = 'none';
    this.#listen(false);
    this.#changed();
    // Asynchronous like every socket event, so a listener added right after `host` hears it;
    // the cause first, then what it cost, unless a listener asked for a connection again.
    queueMicrotask(() => {
      this.#fireError(error);
      if (this.#want === 'none') this.#discardOutbox();
    });
  }

  /** Hands `data` to the socket, keeping it (`keep`) until the socket's buffer shows it written. */
  #write(socket: WebSocket, data: SendData, keep: boolean): void {
    const before = socket.bufferedAmount;
    if (before === 0) {
      // All written: nothing to keep from before.
      if (this.#inFlight.length > 0) this.#inFlight = [];
      this.#handed = 0;
    } else if (this.#inFlight.length > 0) {
      this.#forgetWritten(before);
    }
    socket.send(data);
    // The browser counts the bytes of a send at once; they leave the count only in a later task.
    this.#handed += socket.bufferedAmount - before;
    if (keep) this.#inFlight.push({ data: snapshot(data), end: this.#handed });
  }

  /** Drops the kept messages whose last byte has left the socket's buffer. */
  #forgetWritten(buffered: number): void {
    const written = this.#handed - buffered;
    let index = 0;
    while (index < this.#inFlight.length && this.#inFlight[index].end <= written) index += 1;
    if (index > 0) this.#inFlight.splice(0, index);
  }

  #onOpen = (): void => {
    const socket = this.#socket;
    if (socket === null) return;
    clearTimeout(this.#connectTimer);
    this.#openedAt = Date.now();
    // The outbox goes first, so messages sent from an `open` listener follow what was queued.
    for (const data of this.#options.greeting?.() ?? []) this.#write(socket, data, false);
    const queued = this.#outbox;
    this.#outbox = [];
    for (const data of queued) this.#write(socket, data, true);
    if (this.#settings.heartbeat > 0) {
      this.#heartbeat = new Heartbeat(
        this,
        () => socket.readyState === OPEN && (this.#write(socket, this.heartbeatMessage, false), true),
        () => this.#closed(ABNORMAL_CLOSURE, 'heartbeat timeout', false, true),
      );
    }
    this.#dispatch(new Event('open'));
  };

  #onMessage = (event: MessageEvent): void => {
    this.#heartbeat?.heard();
    let data: unknown = event.data;
    if (this.heartbeatReply !== '' && data === this.heartbeatReply) return;
    if (this.#settings.format === 'json' && typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch (error) {
        this.#fireError(new MessageParseError(data as string, (error as Error).message));
        return;
      }
    }
    // Every frame of a socket has the socket's origin. Given to each MessageEvent, it costs about
    // 1 µs a frame in Chromium (a string conversion); a subclass made once per socket, whose
    // prototype answers `origin`, costs nothing per frame.
    const Message = (this.#MessageEvent ??= withOrigin(event.origin));
    this.#target.dispatchEvent(new Message('message', { data }));
  };

  #onError = (): void => {
    this.#dispatch(new Event('error'));
  };

  #onClose = (event: CloseEvent): void => {
    this.#closed(event.code, event.reason, event.wasClean, false);
  };

  #onConnectTimeout = (): void => {
    const error = new DOMException(
      `No connection to ${maskUrl(this.#url)} within ${this.#settings.connectTimeout} ms.`,
      'TimeoutError',
    );
    if (this.#fireError(error)) this.#closed(ABNORMAL_CLOSURE, 'connect timeout', false, true);
  };

  /**
   * The one path that ends a socket: stops listening to it, closes it when `closeSocket` (with
   * `code` and `reason` when clean), takes back what it had not written, and fires its `close`.
   * Returns false when a `close` listener started, stopped or suspended the connection.
   */
  #finish(code: number, reason: string, wasClean: boolean, closeSocket: boolean): boolean {
    const socket = this.#socket;
    if (socket === null) return true;
    this.#socketListeners?.abort();
    this.#socket = null;
    this.#heartbeat?.stop();
    this.#heartbeat = null;
    clearTimeout(this.#connectTimer);
    if (closeSocket && wasClean) {
      // What it buffered is still written, ahead of the close frame.
      socket.close(code, reason);
    } else {
      if (closeSocket) socket.close();
      this.#takeBack(socket);
    }
    return this.#dispatch(new CloseEvent('close', { code, reason, wasClean }));
  }

  /** Puts the messages a socket still counted in `bufferedAmount` back at the head of the outbox. */
  #takeBack(socket: WebSocket): void {
    this.#forgetWritten(socket.bufferedAmount);
    if (this.#inFlight.length > 0) this.#outbox = [...this.#inFlight.map(({ data }) => data), ...this.#outbox];
    this.#inFlight = [];
    this.#handed = 0;
  }

  /** A socket ended (closed, timed out, or found dead): fire its close, then retry or give up. */
  #closed(code: number, reason: string, wasClean: boolean, closeSocket: boolean): void {
    if (this.#openedAt !== 0 && Date.now() - this.#openedAt >= MIN_UPTIME) this.#attempt = 0;
    this.#openedAt = 0;
    // Decided before the close event, so that `state` in a close listener says what follows,
    // and whatever a listener calls overrides it.
    let delay = -1;
    let gaveUp = false;
    if (this.#want === 'wanted') {
      const stopped = listed(this.reconnectStopCodes, code);
      if (this.#settings.reconnect && !stopped && this.#attempt < this.#settings.reconnectAttempts) {
        this.#attempt += 1;
        delay = this.#delayFor(this.#attempt);
        this.#retryTimer = setTimeout(this.#retry, delay);
      } else {
        gaveUp = this.#settings.reconnect && !stopped;
        this.#want = 'none';
        this.#listen(false);
      }
    }
    if (!this.#finish(code, reason, wasClean, closeSocket)) return;
    if (delay >= 0) {
      const detail = { attempt: this.#attempt, delay };
      this.#dispatch(new CustomEvent<ReconnectingDetail>('reconnecting', { detail }));
      return;
    }
    if (this.#want !== 'none') return;
    if (!this.#discardOutbox()) return;
    if (gaveUp) {
      const detail = { attempts: this.#attempt };
      this.#dispatch(new CustomEvent<ReconnectFailedDetail>('reconnect-failed', { detail }));
    }
  }

  /**
   * Exponential backoff with "equal jitter": half the exponential step is fixed, the other half
   * random, so clients spread out yet never retry sooner than half the step.
   */
  #delayFor(attempt: number): number {
    const step = Math.min(this.#settings.reconnectMaxDelay, this.#settings.reconnectDelay * 2 ** (attempt - 1));
    return Math.round(step / 2 + Math.random() * (step / 2));
  }

  #retry = (): void => {
    // Offline, an attempt could only fail: wait for `online` without spending it.
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
    this.#open();
  };

  /** Gives up the connection for good (until `connect()`), as asked. */
  #stop(code: number, reason: string): void {
    this.#generation += 1;
    this.#want = 'none';
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#listen(false);
    const socket = this.#socket;
    if (socket !== null && socket.readyState < CLOSING) {
      // Its own close event ends it, with the real code.
      this.#heartbeat?.stop();
      this.#heartbeat = null;
      clearTimeout(this.#connectTimer);
      socket.close(code, reason);
      this.#changed();
      return;
    }
    this.#changed();
    if (socket === null) this.#discardOutbox();
  }

  /** Reports and drops what the outbox holds; false when an `error` listener acted. */
  #discardOutbox(): boolean {
    if (this.#outbox.length === 0) return true;
    const messages = this.#outbox;
    this.#outbox = [];
    return this.#fireError(new DiscardedMessagesError(messages));
  }

  /**
   * The document whose lifecycle the connection follows: its host element's (which may have
   * moved into a frame), or the page's; none in a worker.
   */
  #document(): Document | undefined {
    return (this.#target as Partial<Node>).ownerDocument ?? globalThis.document;
  }

  #listen(on: boolean): void {
    const listening = WsConnection.#listening;
    if (!on) {
      listening.delete(this);
      return;
    }
    listening.add(this);
    const document = this.#document();
    const scope = document?.defaultView ?? globalThis;
    if (WsConnection.#listened.has(scope) || typeof scope.addEventListener !== 'function') return;
    // Kept once added (they cost nothing while idle).
    WsConnection.#listened.add(scope);
    scope.addEventListener('online', WsConnection.#tellListening);
    if (document === undefined) return;
    for (const type of ['pagehide', 'pageshow']) scope.addEventListener(type, WsConnection.#tellListening);
    document.addEventListener('visibilitychange', WsConnection.#tellListening);
  }

  /**
   * The page's lifecycle. `pagehide`: closed cleanly (which keeps the page eligible for the
   * back/forward cache), to be reopened on `pageshow`. Back online, or visible again: a waiting
   * retry goes at once, and (when visible) an open connection probes its peer.
   */
  #onPageEvent(event: Event): void {
    const type = event.type;
    // Only its own document's: a frame's window (or document) says nothing of the page's.
    const target = event.currentTarget as Partial<Window> & Partial<Document>;
    const document = this.#document();
    if ((target.document ?? target) !== (document ?? globalThis)) return;
    if (type === 'pagehide') {
      if (this.#want !== 'wanted') return;
      this.#generation += 1;
      this.#want = 'suspended';
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      if (this.#socket !== null) this.#finish(1000, 'page hidden', true, true);
      this.#changed();
    } else if (type === 'pageshow' && this.#want === 'suspended') {
      this.connect();
    } else if (
      type === 'online' ||
      (document?.visibilityState === 'visible' && (type !== 'pageshow' || (event as PageTransitionEvent).persisted))
    ) {
      if (this.#retryTimer !== undefined) {
        clearTimeout(this.#retryTimer);
        this.#retry();
      } else if (this.#socket?.readyState === OPEN && type !== 'online') {
        this.#heartbeat?.ping();
      }
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WsConnection {
  addEventListener<K extends keyof WsConnectionEventMap>(
    type: K,
    listener: (this: WsConnection, event: WsConnectionEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof WsConnectionEventMap>(
    type: K,
    listener: (this: WsConnection, event: WsConnectionEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
}
