import { adoptStyles, LitElement, nothing, type ComplexAttributeConverter } from 'lit';
import { property } from 'lit/decorators.js';
import {
  CONNECTION_EVENTS,
  DEFAULTS,
  errorEvent,
  WsConnection,
  type ConnectionSettings,
  type ConnectionState,
  type JsonValue,
  type MessageFormat,
  type SendData,
  type WsConnectionEventMap,
} from './connection.js';
import { Controls } from './controls.js';
import { controlStyles } from './controls.styles.js';
import type { EarlyRecord, Inspector, InspectorLabels } from './inspector.js';
import { hostStyles } from './ws-client.styles.js';

/** The element's events: the native socket's, and its own. */
export type WsClientEventMap = Omit<HTMLElementEventMap, keyof WsConnectionEventMap> & WsConnectionEventMap;

type Handler<E extends Event> = ((this: WsClient, event: E) => unknown) | null;

type Setting = keyof ConnectionSettings;

/**
 * A numeric attribute: a blank or missing value is NaN, which (like any value that is not a
 * number >= 0) means the setting's default.
 */
const numeric: ComplexAttributeConverter<number> = {
  fromAttribute: (value) => (value === null || value.trim() === '' ? NaN : Number(value)),
  toAttribute: (value) => String(value),
};

/** A JSON object; anything else is no replacement at all. */
const jsonObject: ComplexAttributeConverter<object> = {
  fromAttribute(value) {
    try {
      const parsed: unknown = JSON.parse(value ?? '{}');
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
    } catch {
      return {};
    }
  },
};

const STATE_ORDER = ['connecting', 'open', 'closing', 'closed', 'reconnecting'] as const;

/** "Connecting, Open, …" in `STATE_ORDER`; an empty item keeps that state's default. */
const stateLabelsConverter: ComplexAttributeConverter<Partial<Record<ConnectionState, string>>> = {
  fromAttribute(value) {
    const given = (value ?? '').split(',').map((label) => label.trim());
    return Object.fromEntries(STATE_ORDER.flatMap((state, index) => (given[index] ? [[state, given[index]]] : [])));
  },
};

/**
 * A drop-in WebSocket element: connects when attached, closes when removed, reconnects when
 * `host` changes, and re-dispatches the socket's events on itself.
 *
 * @summary A WebSocket as an element, with optional built-in controls.
 * @tagname ws-client
 *
 * @attr {"connecting" | "open" | "closing" | "closed" | "reconnecting"} state - Reflected, read-only: the connection state.
 *
 * @fires open {Event} - The connection opened.
 * @fires message {MessageEvent} - A message arrived; `data` as received.
 * @fires error {Event | ErrorEvent} - The socket failed (Event), or the element found a problem (ErrorEvent with a DOMException in `error`).
 * @fires close {CloseEvent} - The connection closed, with the real code, reason and wasClean.
 * @fires connecting {CustomEvent<{attempt: number, url: string}>} - Before each attempt; a listener may still change host or protocols.
 * @fires reconnecting {CustomEvent<{attempt: number, delay: number}>} - Before each wait for a retry.
 * @fires reconnect-failed {CustomEvent<{attempts: number}>} - Retries ran out.
 *
 * @csspart status - The connection status (a polite live region).
 * @csspart form - The row holding the input and the buttons.
 * @csspart input - The message input.
 * @csspart send-button - The Send button.
 * @csspart close-button - The Close button.
 * @csspart retry-button - The Retry now button, shown while reconnecting.
 * @csspart log-toolbar - The row with the log's filter and buttons.
 * @csspart filter - The log filter input.
 * @csspart pause-button - Pauses and resumes rendering of the log.
 * @csspart clear-button - Empties the log.
 * @csspart export-button - Downloads the log as JSON Lines.
 * @csspart log - The scrolling log region (role log, announced politely).
 * @csspart log-list - The list of entries inside it.
 * @csspart log-empty - The text shown while the log is empty.
 * @csspart entry - One entry; data-direction is in, out or event, data-kind its kind.
 * @csspart entry-direction - The entry's direction.
 * @csspart entry-time - The entry's time.
 * @csspart entry-size - The payload size in bytes.
 * @csspart entry-payload - The payload as text (truncated in the row when long).
 * @csspart entry-details - The expandable payload of a long or JSON entry.
 * @csspart entry-full - The full (JSON: pretty-printed) payload, when expanded.
 * @csspart copy-button - Copies the entry's payload.
 *
 * @cssprop --ws-client-font - Font of the controls.
 * @cssprop --ws-client-color - Text colour.
 * @cssprop --ws-client-background - Background of the controls row.
 * @cssprop --ws-client-gap - Space between the controls.
 * @cssprop --ws-client-padding - Padding of the controls row.
 * @cssprop --ws-client-border - Border of the input and buttons.
 * @cssprop --ws-client-radius - Corner radius of the input and buttons.
 * @cssprop --ws-client-control-padding - Padding inside the input and buttons.
 * @cssprop --ws-client-input-background - Background of the input.
 * @cssprop --ws-client-accent - Background of the Send button.
 * @cssprop --ws-client-accent-text - Text colour of the Send button.
 * @cssprop --ws-client-button-background - Background of the Close button.
 * @cssprop --ws-client-disabled-opacity - Opacity of disabled buttons.
 * @cssprop --ws-client-focus-ring - Outline of the focused control.
 * @cssprop --ws-client-status-font-size - Font size of the status.
 * @cssprop --ws-client-log-height - Maximum height of the log before it scrolls.
 * @cssprop --ws-client-log-font-family - Font of the log.
 * @cssprop --ws-client-log-font-size - Font size of the log.
 * @cssprop --ws-client-log-background - Background of the log.
 * @cssprop --ws-client-in-color - Colour of received entries.
 * @cssprop --ws-client-out-color - Colour of sent entries.
 * @cssprop --ws-client-event-color - Colour of lifecycle entries.
 */
// The interface below (same name) adds typed addEventListener overloads, as lib.dom does for
// its own elements; it declares no members the class lacks.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WsClient extends LitElement {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  static override styles = [hostStyles, controlStyles];

  /** Registers the element under `tag` unless that name is taken already. */
  static define(tag = 'ws-client', registry: CustomElementRegistry = customElements): typeof WsClient {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  static {
    // Each connection setting's accessor reads and writes the engine's property of the same
    // name, so the engine checks the value as it is set and acts on it at once (a `send()` right
    // after a `host` change goes to the new server); `null` or `undefined` restores the default.
    // The `@property` declarations below make them reactive: Lit wraps an accessor it finds.
    for (const name of Object.keys(DEFAULTS) as Setting[]) {
      Object.defineProperty(this.prototype, name, {
        get(this: WsClient) {
          return this.#connection[name];
        },
        set(this: WsClient, value: unknown) {
          (this.#connection as Record<Setting, unknown>)[name] = value ?? DEFAULTS[name];
        },
        configurable: true,
      });
    }
  }

  readonly #connection: WsConnection = new WsConnection({
    target: this,
    onStateChange: () => this.#stateChanged(),
    onSend: (data) => {
      if (this.#inspector) this.#inspector.outgoing(data);
      else this.#early?.push({ time: Date.now(), sent: data });
    },
  });
  readonly #internals: ElementInternals = this.attachInternals();
  readonly #handlers = new Map<string, Handler<Event>>();
  readonly #controls = new Controls(this);
  #inspector: Inspector | null = null;
  /** What happens while the inspector module loads, replayed into it. */
  #early: EarlyRecord[] | null = null;
  #recordEarly = (event: Event): void => {
    this.#early?.push({ time: Date.now(), event });
  };
  /** A declarative shadow root from server rendering was here before the element upgraded. */
  readonly #serverRendered = this.shadowRoot !== null;
  /** The code of the last close, shown in the status. */
  #closeCode = 0;
  #logLimit = 1000;

  // Connection settings: their values live in the engine (see the static block above).

  /** The server: a ws:, wss:, http:, https: or relative URL (http: maps to ws:, https: to wss:). */
  @property() host = '';
  /** Subprotocols, comma and/or space separated; used from the next connection on. */
  @property() protocols = '';
  /** How messages are read and sent: "text", "json" or "binary" (see Formats). */
  @property() format: MessageFormat = 'text';
  /** As `WebSocket.binaryType`: "blob" or "arraybuffer"; always "arraybuffer" in the "binary" format. */
  @property({ attribute: 'binary-type' }) binaryType: BinaryType = 'blob';
  /** Do not connect when attached; wait for `connect()`. */
  @property({ type: Boolean }) manual = false;
  /** Reconnect with backoff after a close that `close()` or removal did not ask for. */
  @property({ type: Boolean }) reconnect = false;
  /** First retry delay in ms; doubles each attempt, with jitter. */
  @property({ attribute: 'reconnect-delay', converter: numeric }) reconnectDelay = 1000;
  /** Cap on the retry delay in ms. */
  @property({ attribute: 'reconnect-max-delay', converter: numeric }) reconnectMaxDelay = 30000;
  /** Retries before giving up. */
  @property({ attribute: 'reconnect-attempts', converter: numeric }) reconnectAttempts: number = Infinity;
  /** Close codes and ranges ("4000-4099") after which no retry is made. */
  @property({ attribute: 'reconnect-stop-codes' }) reconnectStopCodes = '1002 1003 1007 1008 1010';
  /** Ms a socket may stay CONNECTING before it counts as failed (0 = no limit). */
  @property({ attribute: 'connect-timeout', converter: numeric }) connectTimeout = 10000;
  /** Messages the outbox holds while not open. */
  @property({ attribute: 'queue-limit', converter: numeric }) queueLimit = 1000;
  /** Ms between heartbeat messages while open (0 = off). */
  @property({ converter: numeric }) heartbeat = 0;
  /** What the heartbeat sends. */
  @property({ attribute: 'heartbeat-message' }) heartbeatMessage = 'ping';
  /** Ms without any inbound frame after a heartbeat before the peer is dead. */
  @property({ attribute: 'heartbeat-timeout', converter: numeric }) heartbeatTimeout = 10000;
  /** Inbound text equal to this is not dispatched as a message ("" = none). */
  @property({ attribute: 'heartbeat-reply' }) heartbeatReply = '';

  // The element's own settings.

  /** Render the built-in input with Send and Close buttons. */
  @property({ type: Boolean, reflect: true }) controls = false;
  /** Text of the Send button. */
  @property({ attribute: 'send-label' }) sendLabel = 'Send';
  /** Text of the Close button. */
  @property({ attribute: 'close-label' }) closeLabel = 'Close';
  /** Accessible name of the input. */
  @property({ attribute: 'message-label' }) messageLabel = 'Message';
  /** Placeholder of the input. */
  @property() placeholder = '';
  /** Text of the Retry now button shown while reconnecting. */
  @property({ attribute: 'retry-label' }) retryLabel = 'Retry now';
  /** A multi-line input (for JSON payloads): Enter adds a line, Ctrl/Cmd+Enter sends. */
  @property({ type: Boolean }) multiline = false;
  /**
   * Status texts by state; as an attribute, a comma-separated list in the order connecting,
   * open, closing, closed, reconnecting. A missing or empty one keeps its default.
   */
  @property({ attribute: 'state-labels', converter: stateLabelsConverter })
  stateLabels: Partial<Record<ConnectionState, string>> = {};
  /** Show the inspector log (loaded on demand); works with or without controls. */
  @property({ type: Boolean, reflect: true }) log = false;
  /** Replacements for the inspector's texts, as an object or a JSON attribute. */
  @property({ converter: jsonObject }) labels: Partial<InspectorLabels> = {};
  /**
   * Entries the log keeps and renders at most; anything but a finite number >= 0 means 1000.
   * @default 1000
   */
  @property({ attribute: 'log-limit', converter: numeric })
  get logLimit(): number {
    return this.#logLimit;
  }
  set logLimit(value: number) {
    // A string of a number too, as frameworks set attribute values on properties.
    const limit = typeof value === 'string' ? Number(value) : value;
    this.#logLimit = Number.isFinite(limit) && limit >= 0 ? limit : 1000;
  }

  constructor() {
    super();
    this.addController(this.#connection);
    this.addEventListener('close', (event) => {
      this.#closeCode = event.code;
    });
  }

  /** connecting, open, closing, closed or reconnecting; reflected as the `state` attribute. */
  get state(): ConnectionState {
    return this.#connection.state;
  }
  get readyState(): number {
    return this.#connection.readyState;
  }
  /** The resolved ws:/wss: URL of the current or last connection. */
  get url(): string {
    return this.#connection.url;
  }
  get protocol(): string {
    return this.#connection.protocol;
  }
  get extensions(): string {
    return this.#connection.extensions;
  }
  /** Bytes not yet sent: the socket's own buffer plus the outbox. */
  get bufferedAmount(): number {
    return this.#connection.bufferedAmount;
  }
  /** The current `WebSocket`, or null. */
  get socket(): WebSocket | null {
    return this.#connection.socket;
  }
  /** The inspector log, once `log` has loaded it; null otherwise. */
  get inspector(): Inspector | null {
    return this.#inspector;
  }

  // `onerror` and `onclose` need no code: every HTML element has them, and they run for the
  // `error` and `close` events dispatched here (inline `onclose="…"` attributes too). The
  // interface below types what they take as on `WebSocket`.
  get onopen(): Handler<Event> {
    return this.#handler('open');
  }
  set onopen(handler: Handler<Event>) {
    this.#setHandler('open', handler);
  }
  get onmessage(): Handler<MessageEvent> {
    return this.#handler('message');
  }
  set onmessage(handler: Handler<MessageEvent>) {
    this.#setHandler('message', handler as Handler<Event>);
  }

  /** (Re)opens a connection to `host`, closing any current one first. */
  connect(): void {
    this.#connection.connect();
  }

  /**
   * Sends now when open; queues while connecting or waiting to reconnect.
   * @throws {DOMException} InvalidStateError with no connection open or pending;
   *   QuotaExceededError when the outbox is full.
   * @throws {TypeError} in the "json" format, for a value JSON cannot represent.
   */
  send(data: SendData | JsonValue): void {
    this.#connection.send(data);
  }

  /**
   * Closes the connection and cancels any pending retry.
   * @throws {DOMException} InvalidAccessError for a code other than 1000 or 3000-4999;
   *   SyntaxError for a reason over 123 UTF-8 bytes.
   */
  close(code?: number, reason?: string): void {
    this.#connection.close(code, reason);
  }

  override connectedCallback(): void {
    // Before the connection starts (a microtask after attach), so the log sees it from the start.
    this.#toggleInspector();
    super.connectedCallback();
    this.#reflectState();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('log')) this.#toggleInspector();
    if (this.#inspector) this.#inspector.limit = this.logLimit;
  }

  /** What the shadow root shows: the controls and the log, when on (the log once loaded). */
  protected override render(): unknown {
    // Hydrating server-rendered DOM, the first render must match it: the server had no
    // connection, so "closed"; `firstUpdated` then renders the real state.
    const state = this.#serverRendered && !this.hasUpdated ? 'closed' : this.#connection.state;
    const controls = this.controls ? this.#controls.render(state, this.#closeCode) : nothing;
    const log = this.#inspector?.render() ?? nothing;
    return [controls, log];
  }

  protected override firstUpdated(): void {
    if (this.#serverRendered) this.requestUpdate();
  }

  #toggleInspector(): void {
    if (!this.log) {
      if (this.#inspector) {
        this.#inspector.hostDisconnected();
        this.removeController(this.#inspector);
      }
      this.#inspector = null;
      this.#stopEarly();
      return;
    }
    if (this.#inspector || this.#early) return;
    this.#early = [];
    for (const type of CONNECTION_EVENTS) this.addEventListener(type, this.#recordEarly);
    import('./inspector.js').then(
      ({ Inspector, INSPECTOR_LABELS }) => {
        const early = this.#early;
        this.#stopEarly();
        if (!this.log || this.#inspector || early === null) return;
        this.#inspector = new Inspector(this, () => ({ ...INSPECTOR_LABELS, ...this.labels }));
        this.#inspector.limit = this.logLimit;
        this.#inspector.replay(early.slice(-this.logLimit));
        // The log's styles join the element's in this shadow root only.
        const root = this.renderRoot;
        if (root instanceof ShadowRoot) adoptStyles(root, [...WsClient.elementStyles, ...Inspector.styles]);
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#stopEarly();
        this.dispatchEvent(errorEvent(error));
      },
    );
  }

  #stopEarly(): void {
    for (const type of CONNECTION_EVENTS) this.removeEventListener(type, this.#recordEarly);
    this.#early = null;
  }

  #stateChanged(): void {
    this.#reflectState();
    this.requestUpdate();
  }

  #reflectState(): void {
    const state = this.#connection.state;
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
    const states = this.#internals.states;
    states.clear();
    try {
      states.add(state);
    } catch {
      // Chromium before 125 accepted only dashed identifiers.
      states.add(`--${state}`);
    }
  }

  #handler<E extends Event>(type: string): Handler<E> {
    return (this.#handlers.get(type) ?? null) as Handler<E>;
  }

  /** As native handler properties: one listener, added when first set, calling the current handler. */
  #setHandler(type: string, handler: Handler<Event>): void {
    if (!this.#handlers.has(type)) {
      this.addEventListener(type, (event) => this.#handlers.get(type)?.call(this, event));
    }
    this.#handlers.set(type, typeof handler === 'function' ? handler : null);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface WsClient {
  // What they read is HTMLElement's type (so the element stays an HTMLElement); what they take
  // is typed as on `WebSocket`, so `el.onclose = (event) => event.code` type-checks.
  get onclose(): HTMLElement['onclose'];
  set onclose(handler: ((this: WsClient, event: CloseEvent) => unknown) | null);
  get onerror(): HTMLElement['onerror'];
  set onerror(handler: ((this: WsClient, event: Event | ErrorEvent) => unknown) | null);
  addEventListener<K extends keyof WsClientEventMap>(
    type: K,
    listener: (this: WsClient, event: WsClientEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof WsClientEventMap>(
    type: K,
    listener: (this: WsClient, event: WsClientEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}
