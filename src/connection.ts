import type { ReactiveController } from '@lit/reactive-element';
import type { Heartbeat } from './heartbeat.js';
import { maskUrl, parseProtocols, resolveSocketUrl } from './url.js';

/** What can be sent: the types `WebSocket.send()` takes. */
export type SendData = string | Blob | BufferSource;

/** How messages are read and written: see `WsConnection.format`. */
export type MessageFormat = 'text' | 'json' | 'binary';

/** The `error` of the `error` event for an inbound frame that is not valid JSON (format "json"). */
export class MessageParseError extends DOMException {
  /** The frame's raw text. (Not `data`: Firefox's DOMException has a read-only `data` of its own.) */
  readonly raw: string;
  constructor(raw: string, reason: string) {
    super(`A message is not JSON (${reason}); its text is in error.raw.`, 'SyntaxError');
    this.raw = raw;
  }
}

/** What `send()` takes in the "json" format besides `SendData`: anything `JSON.stringify` accepts. */
export type JsonValue = null | boolean | number | string | readonly unknown[] | object;

/** The connection's state, as reflected in the element's `state` attribute. */
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed' | 'reconnecting';

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
  error: Event;
  close: CloseEvent;
  connecting: CustomEvent<ConnectingDetail>;
  reconnecting: CustomEvent<ReconnectingDetail>;
  'reconnect-failed': CustomEvent<ReconnectFailedDetail>;
}

/** Defaults, with their reasons in the README. */
export const DEFAULTS = {
  reconnectDelay: 1000,
  reconnectMaxDelay: 30_000,
  reconnectAttempts: Infinity,
  /** Close codes after which a retry would only repeat the same refusal. */
  reconnectStopCodes: '1002 1003 1007 1008 1010',
  /** An open shorter than this does not reset the attempt count. */
  minUptime: 5000,
  connectTimeout: 10_000,
  queueLimit: 1000,
  heartbeatMessage: 'ping',
  heartbeatTimeout: 10_000,
} as const;

/** The close code reported when the heartbeat finds the peer dead or a connect times out. */
export const ABNORMAL_CLOSURE = 1006;

export interface WsConnectionOptions {
  /** Where events are dispatched; the connection itself by default. */
  target?: EventTarget;
  /** Called after every change of `state`. */
  onStateChange?: (state: ConnectionState) => void;
  /** Called with what `send()` accepted (sent or queued), as it goes on the wire. */
  onSend?: (data: SendData) => void;
}

const encoder = new TextEncoder();

function byteLength(data: SendData): number {
  if (typeof data === 'string') return encoder.encode(data).byteLength;
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/** Copies binary data so that changes made after `send()` do not alter what is queued. */
function snapshot(data: SendData): SendData {
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  }
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

function positive(value: number, fallback: number): number {
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Whether `code` is in a list such as "1008 4000-4099, 4401". */
function listed(list: string, code: number): boolean {
  return list.split(/[\s,]+/).some((token) => {
    const [low, high = low] = token.split('-').map(Number);
    return code >= low && code <= high;
  });
}

function validateClose(code: number | undefined, reason: string): void {
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
 * The connection engine behind `<ws-client>`: one `WebSocket` at a time, with an outbox,
 * reconnection with backoff, a heartbeat and page-lifecycle handling. It renders nothing and
 * works on its own (`new WsConnection()`, then `connect()`), or as a Lit `ReactiveController`
 * that connects when its host is attached and closes when it is removed.
 *
 * Settings are plain properties, read when they are needed.
 */
export class WsConnection extends EventTarget implements ReactiveController {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  /** Subprotocols, comma and/or space separated; used from the next connection on. */
  protocols = '';
  /** Do not connect when attached; wait for `connect()`. */
  manual = false;
  reconnectDelay: number = DEFAULTS.reconnectDelay;
  reconnectMaxDelay: number = DEFAULTS.reconnectMaxDelay;
  reconnectAttempts: number = DEFAULTS.reconnectAttempts;
  connectTimeout: number = DEFAULTS.connectTimeout;
  queueLimit: number = DEFAULTS.queueLimit;
  /** Close codes (and ranges such as `4400-4499`) after which no retry is made. */
  reconnectStopCodes: string = DEFAULTS.reconnectStopCodes;
  /** Interval between heartbeat messages in ms; 0 turns the heartbeat off. */
  heartbeat = 0;
  heartbeatMessage: string = DEFAULTS.heartbeatMessage;
  heartbeatTimeout: number = DEFAULTS.heartbeatTimeout;
  /** Inbound text frames equal to this are proof of life only, not `message` events ('' = none). */
  heartbeatReply = '';
  #format: MessageFormat = 'text';
  /** The current socket's `MessageEvent` class, made on its first frame (see `#onMessage`). */
  #MessageEvent: MessageEventClass | null = null;

  readonly #target: EventTarget;
  readonly #onStateChange: (state: ConnectionState) => void;
  readonly #onSend: ((data: SendData) => void) | undefined;
  #host = '';
  #binaryType: BinaryType = 'blob';
  #reconnect = false;
  #state: ConnectionState = 'closed';
  #socket: WebSocket | null = null;
  #url = '';
  #outbox: SendData[] = [];
  /** The host element is in the document. */
  #attached = false;
  /** A connection is wanted: a socket is open or pending, or a retry is. */
  #live = false;
  /** Closed on `pagehide`, to be reopened on `pageshow`. */
  #suspended = false;
  /** Inside the `connecting` event, where `host` may change without starting another attempt. */
  #preparing = false;
  /** Bumped by every open and stop, so code after a dispatch can tell a listener acted. */
  #generation = 0;
  #attempt = 0;
  #openedAt = 0;
  #retryTimer = 0;
  #connectTimer = 0;
  /** The open socket's heartbeat, once its module has loaded. */
  #heartbeat: Heartbeat | null = null;
  /** Settles when the heartbeat module has loaded (or failed to). */
  #heartbeatLoaded: Promise<void> | null = null;
  /** Aborted to remove the listeners on the current socket. */
  #socketListeners: AbortController | null = null;

  /**
   * The connections that hear page-lifecycle events: one listener per event for the whole page
   * tells each of them, instead of four listeners per connection on the window.
   */
  static readonly #listening = new Set<WsConnection>();
  static #tellListening(event: Event): void {
    for (const connection of [...WsConnection.#listening]) connection.#onPageEvent(event);
  }

  constructor({ target, onStateChange, onSend }: WsConnectionOptions = {}) {
    super();
    this.#target = target ?? this;
    this.#onStateChange = onStateChange ?? (() => {});
    this.#onSend = onSend;
  }

  /** The server; see `resolveSocketUrl`. Changing it while connected reconnects at once. */
  get host(): string {
    return this.#host;
  }
  set host(value: string) {
    if (value === this.#host) return;
    this.#host = value;
    if (this.#preparing || !(this.#live || (this.#attached && !this.manual))) return;
    if (value.trim() === '') this.#stop(1000, '');
    else this.connect();
  }

  /** As `WebSocket.binaryType`; always "arraybuffer" in the "binary" format. */
  get binaryType(): BinaryType {
    return this.#format === 'binary' ? 'arraybuffer' : this.#binaryType;
  }
  set binaryType(value: BinaryType) {
    this.#binaryType = value === 'arraybuffer' ? 'arraybuffer' : 'blob';
    if (this.#socket) this.#socket.binaryType = this.binaryType;
  }

  /**
   * "text" (default): messages as they come. "json": inbound text is parsed (a frame that is not
   * JSON gives an `error` event with a `MessageParseError`), and `send()` stringifies anything
   * but strings and binary data. "binary": `binaryType` is "arraybuffer". Unknown values mean "text".
   */
  get format(): MessageFormat {
    return this.#format;
  }
  set format(value: MessageFormat) {
    this.#format = value === 'json' || value === 'binary' ? value : 'text';
    if (this.#socket) this.#socket.binaryType = this.binaryType;
  }

  /** Reconnect after a close that `close()` or removal did not ask for. */
  get reconnect(): boolean {
    return this.#reconnect;
  }
  set reconnect(value: boolean) {
    this.#reconnect = value;
    if (!value && this.#state === 'reconnecting') this.#stop(1000, '');
  }

  get state(): ConnectionState {
    return this.#state;
  }
  get readyState(): number {
    // Without a socket the state is closed, or pending (connecting, reconnecting): CONNECTING.
    return this.#socket?.readyState ?? (this.#state === 'closed' ? 3 : 0);
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
    if (this.#live || this.manual || this.#host.trim() === '') return;
    // Pending from now on (sends queue), but the socket is made a microtask later: an element
    // attached and removed in one task (a framework's double mount, a quick re-render) then
    // opens no socket at all, instead of one that is abandoned mid-handshake.
    this.#live = true;
    this.#setState('connecting');
    const generation = this.#generation;
    queueMicrotask(() => {
      if (this.#attached && generation === this.#generation) this.connect();
    });
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
   */
  send(value: SendData | JsonValue): void {
    const data = this.#encode(value);
    const socket = this.#socket;
    if (socket !== null && socket.readyState === 1) {
      socket.send(data);
      this.#onSend?.(data);
      return;
    }
    if (!this.#live) {
      throw new DOMException(
        'Cannot send: no connection is open or pending. Set host or call connect() first.',
        'InvalidStateError',
      );
    }
    if (this.#outbox.length >= positive(this.queueLimit, DEFAULTS.queueLimit)) {
      throw new DOMException(
        `Cannot send: the outbox already holds ${this.#outbox.length} messages waiting for the connection (queue-limit).`,
        'QuotaExceededError',
      );
    }
    this.#outbox.push(snapshot(data));
    this.#onSend?.(data);
  }

  /**
   * Closes the connection and cancels any pending retry. Checks `code` and `reason` as
   * `WebSocket.close()` does and throws the same errors.
   */
  close(code?: number, reason = ''): void {
    validateClose(code, reason);
    this.#stop(code ?? 1000, reason);
  }

  #encode(value: SendData | JsonValue): SendData {
    if (
      typeof value === 'string' ||
      value instanceof Blob ||
      value instanceof ArrayBuffer ||
      ArrayBuffer.isView(value)
    ) {
      return value as SendData;
    }
    if (this.#format !== 'json') return String(value);
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`Cannot send ${String(value)} as JSON.`);
    return text;
  }

  /** The test seam: how a socket is made. */
  protected createSocket(url: string, protocols: string[]): WebSocket {
    return new WebSocket(url, protocols);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onStateChange(state);
  }

  #dispatch(event: Event): void {
    this.#target.dispatchEvent(event);
  }

  #fireError(error: DOMException): void {
    this.#dispatch(new ErrorEvent('error', { message: error.message, error }));
  }

  #open(): void {
    this.#clearTimers();
    this.#abandonSocket(1000, '');
    const generation = ++this.#generation;
    this.#live = true;
    this.#suspended = false;
    this.#listen(true);
    this.#setState('connecting');
    const host = this.#host;
    let url: string | null = null;
    try {
      url = resolveSocketUrl(host, document.baseURI);
    } catch {
      // Reported below, after the event, if the host is still the same.
    }
    this.#preparing = true;
    try {
      this.#dispatch(
        new CustomEvent<ConnectingDetail>('connecting', { detail: { attempt: this.#attempt, url: url ?? host } }),
      );
    } finally {
      this.#preparing = false;
    }
    if (generation !== this.#generation) return;
    if (typeof WebSocket === 'undefined') {
      this.#refuse(new DOMException('This browser has no WebSocket support.', 'NotSupportedError'));
      return;
    }
    let socket: WebSocket;
    try {
      // A `connecting` listener may have changed the host.
      this.#url = url !== null && host === this.#host ? url : resolveSocketUrl(this.#host, document.baseURI);
      socket = this.createSocket(this.#url, parseProtocols(this.protocols));
    } catch (error) {
      this.#refuse(this.#masked(error));
      return;
    }
    socket.binaryType = this.binaryType;
    this.#MessageEvent = null;
    const listening = { signal: (this.#socketListeners = new AbortController()).signal };
    socket.addEventListener('open', this.#onOpen, listening);
    socket.addEventListener('message', this.#onMessage, listening);
    socket.addEventListener('error', this.#onError, listening);
    socket.addEventListener('close', this.#onClose, listening);
    this.#socket = socket;
    const timeout = positive(this.connectTimeout, DEFAULTS.connectTimeout);
    if (timeout > 0) this.#connectTimer = window.setTimeout(this.#onConnectTimeout, timeout);
  }

  /** The browser's own error, with any URL in its message masked (tokens travel in URLs). */
  #masked(error: unknown): DOMException {
    const name = error instanceof DOMException ? error.name : 'SyntaxError';
    let message = error instanceof Error ? error.message : String(error);
    for (const url of [this.#url, this.#host]) if (url) message = message.replaceAll(url, maskUrl(url));
    return new DOMException(message, name);
  }

  /** The connection cannot even be attempted (bad host, no WebSocket): say why, and stop. */
  #refuse(error: DOMException): void {
    this.#live = false;
    this.#listen(false);
    this.#setState('closed');
    // Asynchronous like every socket event, so a listener added right after `host` hears it;
    // the cause first, then what it cost.
    queueMicrotask(() => {
      this.#fireError(error);
      this.#discardOutbox();
    });
  }

  #onOpen = (): void => {
    const socket = this.#socket;
    if (socket === null) return;
    clearTimeout(this.#connectTimer);
    this.#openedAt = Date.now();
    this.#setState('open');
    // The outbox goes first, so messages sent from an `open` listener follow what was queued.
    for (const data of this.#outbox) socket.send(data);
    this.#outbox = [];
    this.#startHeartbeat(socket);
    this.#dispatch(new Event('open'));
  };

  #onMessage = (event: MessageEvent): void => {
    this.#heartbeat?.heard();
    let data: unknown = event.data;
    if (this.heartbeatReply !== '' && data === this.heartbeatReply) return;
    if (this.#format === 'json' && typeof data === 'string') {
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
    this.#dispatch(new Message('message', { data }));
  };

  #onError = (): void => {
    this.#dispatch(new Event('error'));
  };

  #onClose = (event: CloseEvent): void => {
    this.#detach();
    this.#ended(event.code, event.reason, event.wasClean);
  };

  #onConnectTimeout = (): void => {
    const timeout = positive(this.connectTimeout, DEFAULTS.connectTimeout);
    this.#abandonSocket();
    this.#fireError(new DOMException(`No connection to ${maskUrl(this.#url)} within ${timeout} ms.`, 'TimeoutError'));
    this.#ended(ABNORMAL_CLOSURE, 'connect timeout', false);
  };

  /** Stops listening to the current socket and closes it, without events from it. */
  #detach(): WebSocket | null {
    const socket = this.#socket;
    if (socket === null) return null;
    this.#socketListeners?.abort();
    this.#socket = null;
    this.#stopHeartbeat();
    clearTimeout(this.#connectTimer);
    return socket;
  }

  /**
   * Replaces the socket's own close event by one fired now, for a socket the element gives up
   * (replaced, or declared dead); `code` is sent to the server when given.
   */
  #abandonSocket(code?: number, reason = ''): void {
    const socket = this.#detach();
    if (socket === null) return;
    if (code === undefined) {
      socket.close();
      return;
    }
    socket.close(code, reason);
    this.#setState('closed');
    this.#dispatch(new CloseEvent('close', { code, reason, wasClean: true }));
  }

  #ended(code: number, reason: string, wasClean: boolean): void {
    if (this.#openedAt !== 0 && Date.now() - this.#openedAt >= DEFAULTS.minUptime) this.#attempt = 0;
    this.#openedAt = 0;
    this.#setState('closed');
    const generation = this.#generation;
    this.#dispatch(new CloseEvent('close', { code, reason, wasClean }));
    if (generation !== this.#generation || !this.#live) {
      if (!this.#live) this.#discardOutbox();
      return;
    }
    if (this.#reconnect && !listed(this.reconnectStopCodes, code)) this.#scheduleRetry();
    else this.#end();
  }

  #scheduleRetry(): void {
    const limit = this.reconnectAttempts >= 0 ? this.reconnectAttempts : DEFAULTS.reconnectAttempts;
    if (this.#attempt >= limit) {
      const attempts = this.#attempt;
      this.#end();
      this.#dispatch(new CustomEvent<ReconnectFailedDetail>('reconnect-failed', { detail: { attempts } }));
      return;
    }
    this.#attempt += 1;
    const delay = this.#delayFor(this.#attempt);
    this.#setState('reconnecting');
    this.#retryTimer = window.setTimeout(this.#retry, delay);
    this.#dispatch(new CustomEvent<ReconnectingDetail>('reconnecting', { detail: { attempt: this.#attempt, delay } }));
  }

  /**
   * Exponential backoff with "equal jitter": half the exponential step is fixed, the other half
   * random, so clients spread out yet never retry sooner than half the step.
   */
  #delayFor(attempt: number): number {
    const base = positive(this.reconnectDelay, DEFAULTS.reconnectDelay);
    const max = positive(this.reconnectMaxDelay, DEFAULTS.reconnectMaxDelay);
    const step = Math.min(max, base * 2 ** (attempt - 1));
    return Math.round(step / 2 + Math.random() * (step / 2));
  }

  #retry = (): void => {
    this.#retryTimer = 0;
    // Offline, an attempt could only fail: wait for `online` without spending it.
    if (navigator.onLine === false) return;
    this.#open();
  };

  /** Gives up the connection for good (until `connect()`), as asked or as policy says. */
  #stop(code: number, reason: string): void {
    this.#generation += 1;
    this.#live = false;
    this.#suspended = false;
    this.#clearTimers();
    this.#listen(false);
    const socket = this.#socket;
    if (socket !== null && socket.readyState < 2) {
      this.#setState('closing');
      socket.close(code, reason);
      return;
    }
    if (socket === null) {
      this.#setState('closed');
      this.#discardOutbox();
    }
  }

  #end(): void {
    this.#live = false;
    this.#listen(false);
    this.#discardOutbox();
  }

  #discardOutbox(): void {
    const count = this.#outbox.length;
    if (count === 0) return;
    this.#outbox = [];
    this.#fireError(
      new DOMException(
        `${count} queued message${count > 1 ? 's were' : ' was'} discarded: the connection ended before sending.`,
        'AbortError',
      ),
    );
  }

  #clearTimers(): void {
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#connectTimer);
    this.#retryTimer = 0;
    this.#stopHeartbeat();
  }

  /** The heartbeat's code loads on demand: pages that never turn it on never download it. */
  #startHeartbeat(socket: WebSocket): void {
    if (!(positive(this.heartbeat, 0) > 0)) return;
    this.#heartbeatLoaded = import('./heartbeat.js').then(
      ({ Heartbeat }) => {
        if (this.#socket !== socket || socket.readyState !== 1) return;
        this.#heartbeat = new Heartbeat(socket, this, () => {
          this.#abandonSocket();
          this.#ended(ABNORMAL_CLOSURE, 'heartbeat timeout', false);
        });
      },
      (error: unknown) => this.#fireError(this.#masked(error)),
    );
  }

  #stopHeartbeat(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = null;
  }

  #listen(on: boolean): void {
    if (typeof window === 'undefined') return;
    const listening = WsConnection.#listening;
    if (on && listening.size === 0) {
      // Kept once added (cost nothing while idle); adding them again later is a no-op.
      for (const type of ['online', 'pagehide', 'pageshow']) addEventListener(type, WsConnection.#tellListening);
      document.addEventListener('visibilitychange', WsConnection.#tellListening);
    }
    if (on) listening.add(this);
    else listening.delete(this);
  }

  /**
   * The page's lifecycle. `pagehide`: closed cleanly (which keeps the page eligible for the
   * back/forward cache), to be reopened on `pageshow`. Back online, or visible again: a waiting
   * retry goes at once, and (when visible) an open connection probes its peer.
   */
  #onPageEvent(event: Event): void {
    const type = event.type;
    if (type === 'pagehide') {
      if (!this.#live) return;
      this.#clearTimers();
      this.#generation += 1;
      this.#live = false;
      this.#suspended = true;
      this.#abandonSocket(1000, 'page hidden');
      this.#setState('closed');
    } else if (type === 'pageshow' && this.#suspended) {
      this.connect();
    } else if (
      type === 'online' ||
      (document.visibilityState === 'visible' && (type !== 'pageshow' || (event as PageTransitionEvent).persisted))
    ) {
      if (this.#state === 'reconnecting') {
        clearTimeout(this.#retryTimer);
        this.#retry();
      } else if (this.#state === 'open' && type !== 'online') {
        void this.#heartbeatLoaded?.then(() => this.#heartbeat?.ping());
      }
    }
  }
}
