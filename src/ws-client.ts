import { adoptStyles, html, LitElement, nothing, type ComplexAttributeConverter, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import {
  DEFAULTS,
  LOGGED_EVENTS,
  WsConnection,
  type ConnectionState,
  type JsonValue,
  type MessageFormat,
  type SendData,
  type WsConnectionEventMap,
} from './connection.js';
import type { EarlyRecord, Inspector, InspectorLabels } from './inspector.js';
import { styles } from './ws-client.styles.js';

/** The element's events: the native socket's, and its own. */
export type WsClientEventMap = Omit<HTMLElementEventMap, keyof WsConnectionEventMap> & WsConnectionEventMap;

type Handler<E extends Event> = ((this: WsClient, event: E) => unknown) | null;

/** For a numeric attribute: anything but a number >= 0 falls back to the default. */
function numberOr(fallback: number): ComplexAttributeConverter<number> {
  return {
    fromAttribute(value) {
      const number = value === null || value.trim() === '' ? NaN : Number(value);
      return number >= 0 && !Number.isNaN(number) ? number : fallback;
    },
  };
}

const labelsConverter: ComplexAttributeConverter<Partial<InspectorLabels>> = {
  fromAttribute(value) {
    try {
      const parsed: unknown = JSON.parse(value ?? '{}');
      return typeof parsed === 'object' && parsed !== null ? (parsed as Partial<InspectorLabels>) : {};
    } catch {
      return {};
    }
  },
};

const STATE_ORDER = ['connecting', 'open', 'closing', 'closed', 'reconnecting'] as const;
const DEFAULT_STATE_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting',
  open: 'Open',
  closing: 'Closing',
  closed: 'Closed',
  reconnecting: 'Reconnecting',
};

const stateLabelsConverter: ComplexAttributeConverter<Record<ConnectionState, string>> = {
  fromAttribute(value) {
    const given = (value ?? '').split(',').map((label) => label.trim());
    return Object.fromEntries(
      STATE_ORDER.map((state, index) => [state, given[index] || DEFAULT_STATE_LABELS[state]]),
    ) as Record<ConnectionState, string>;
  },
};

/**
 * A drop-in WebSocket element: connects when attached, closes when removed, reconnects when
 * `host` changes, and re-dispatches the socket's events on itself.
 *
 * @summary A WebSocket as an element, with optional built-in controls.
 * @tagname ws-client
 *
 * @attr host - The server: a ws:, wss:, http:, https: or relative URL.
 * @attr protocols - Subprotocols, comma and/or space separated.
 * @attr {"blob" | "arraybuffer"} binary-type - As WebSocket.binaryType ("blob").
 * @attr manual - Do not connect when attached; wait for connect().
 * @attr controls - Render the built-in input with Send and Close buttons.
 * @attr {"text" | "json" | "binary"} format - How messages are read and sent ("text").
 * @attr log - Show the inspector log (loaded on demand); works with or without controls.
 * @attr log-limit - Entries the log keeps and renders at most (1000).
 * @attr multiline - A multi-line input: Enter adds a line, Ctrl/Cmd+Enter sends.
 * @attr labels - JSON object replacing inspector texts (log, filter, pause, resume, clear, export, copy, in, out, event, bytes, empty).
 * @attr send-label - Text of the Send button ("Send").
 * @attr close-label - Text of the Close button ("Close").
 * @attr message-label - Accessible name of the input ("Message").
 * @attr placeholder - Placeholder of the input.
 * @attr retry-label - Text of the Retry now button shown while reconnecting ("Retry now").
 * @attr state-labels - Status texts for connecting, open, closing, closed, reconnecting, comma separated.
 * @attr {"connecting" | "open" | "closing" | "closed" | "reconnecting"} state - Reflected, read-only: the connection state.
 * @attr reconnect - Reconnect with backoff after a close that close() or removal did not ask for.
 * @attr reconnect-delay - First retry delay in ms (1000); doubles each attempt.
 * @attr reconnect-max-delay - Cap on the retry delay in ms (30000).
 * @attr reconnect-attempts - Retries before giving up (unlimited).
 * @attr reconnect-stop-codes - Close codes and ranges that stop reconnection ("1002 1003 1007 1008 1010").
 * @attr connect-timeout - Ms a socket may stay CONNECTING before it counts as failed (10000; 0 = none).
 * @attr queue-limit - Messages the outbox holds while not open (1000).
 * @attr heartbeat - Ms between heartbeat messages while open (0 = off).
 * @attr heartbeat-message - What the heartbeat sends ("ping").
 * @attr heartbeat-timeout - Ms without any inbound frame after a heartbeat before the peer is dead (10000).
 * @attr heartbeat-reply - Inbound text equal to this is not dispatched as a message.
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

  static override styles = styles;

  /** Registers the element under `tag` unless that name is taken already. */
  static define(tag = 'ws-client', registry: CustomElementRegistry = customElements): typeof WsClient {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
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
  #inspector: Inspector | null = null;
  /** What happens while the inspector module loads, replayed into it. */
  #early: EarlyRecord[] | null = null;
  #recordEarly = (event: Event): void => {
    this.#early?.push({ time: Date.now(), event });
  };
  /** Messages sent from the built-in input, newest last, for Up/Down. */
  readonly #history: string[] = [];
  #historyIndex = 0;
  /** A declarative shadow root from server rendering was here before the element upgraded. */
  readonly #serverRendered = this.shadowRoot !== null;
  /** The code of the last close, shown in the status. */
  #closeCode = 0;

  /** Render the built-in input with Send and Close buttons. */
  @property({ type: Boolean, reflect: true }) controls = false;
  @property({ attribute: 'send-label' }) sendLabel = 'Send';
  @property({ attribute: 'close-label' }) closeLabel = 'Close';
  @property({ attribute: 'message-label' }) messageLabel = 'Message';
  @property() placeholder = '';
  /** Show the inspector log (loaded on demand). */
  @property({ type: Boolean, reflect: true }) log = false;
  /** Entries the log keeps and renders at most. */
  @property({ attribute: 'log-limit', type: Number, converter: numberOr(1000) }) logLimit = 1000;
  /** A multi-line input (for JSON payloads): Enter adds a line, Ctrl/Cmd+Enter sends. */
  @property({ type: Boolean }) multiline = false;
  /** Replacements for the inspector's texts, as an object or a JSON attribute. */
  @property({ converter: labelsConverter }) labels: Partial<InspectorLabels> = {};
  @property({ attribute: 'retry-label' }) retryLabel = 'Retry now';
  /** The status texts, in the attribute as a comma-separated list in the order of `STATE_ORDER`. */
  @property({ attribute: 'state-labels', converter: stateLabelsConverter })
  stateLabels: Record<ConnectionState, string> = { ...DEFAULT_STATE_LABELS };

  constructor() {
    super();
    this.addController(this.#connection);
    this.addEventListener('close', (event) => {
      this.#closeCode = event.code;
    });
  }

  /** The server: ws:/wss: as is, http:/https: mapped to ws:/wss:, relative URLs resolved. */
  @property()
  get host(): string {
    return this.#connection.host;
  }
  set host(value: string) {
    this.#connection.host = value ?? '';
  }

  /** Subprotocols, comma and/or space separated; used from the next connection on. */
  @property()
  get protocols(): string {
    return this.#connection.protocols;
  }
  set protocols(value: string) {
    this.#connection.protocols = value ?? '';
  }

  /** "text" (default), "json" or "binary": how messages are read and sent (see the README). */
  @property()
  get format(): MessageFormat {
    return this.#connection.format;
  }
  set format(value: MessageFormat) {
    this.#connection.format = value;
  }

  @property({ attribute: 'binary-type' })
  get binaryType(): BinaryType {
    return this.#connection.binaryType;
  }
  set binaryType(value: BinaryType) {
    this.#connection.binaryType = value;
  }

  @property({ type: Boolean })
  get manual(): boolean {
    return this.#connection.manual;
  }
  set manual(value: boolean) {
    this.#connection.manual = value;
  }

  @property({ type: Boolean })
  get reconnect(): boolean {
    return this.#connection.reconnect;
  }
  set reconnect(value: boolean) {
    this.#connection.reconnect = value;
  }

  @property({ attribute: 'reconnect-delay', type: Number, converter: numberOr(DEFAULTS.reconnectDelay) })
  get reconnectDelay(): number {
    return this.#connection.reconnectDelay;
  }
  set reconnectDelay(value: number) {
    this.#connection.reconnectDelay = value;
  }

  @property({ attribute: 'reconnect-max-delay', type: Number, converter: numberOr(DEFAULTS.reconnectMaxDelay) })
  get reconnectMaxDelay(): number {
    return this.#connection.reconnectMaxDelay;
  }
  set reconnectMaxDelay(value: number) {
    this.#connection.reconnectMaxDelay = value;
  }

  @property({ attribute: 'reconnect-attempts', type: Number, converter: numberOr(DEFAULTS.reconnectAttempts) })
  get reconnectAttempts(): number {
    return this.#connection.reconnectAttempts;
  }
  set reconnectAttempts(value: number) {
    this.#connection.reconnectAttempts = value;
  }

  @property({ attribute: 'reconnect-stop-codes' })
  get reconnectStopCodes(): string {
    return this.#connection.reconnectStopCodes;
  }
  set reconnectStopCodes(value: string) {
    this.#connection.reconnectStopCodes = value ?? DEFAULTS.reconnectStopCodes;
  }

  @property({ attribute: 'connect-timeout', type: Number, converter: numberOr(DEFAULTS.connectTimeout) })
  get connectTimeout(): number {
    return this.#connection.connectTimeout;
  }
  set connectTimeout(value: number) {
    this.#connection.connectTimeout = value;
  }

  @property({ attribute: 'queue-limit', type: Number, converter: numberOr(DEFAULTS.queueLimit) })
  get queueLimit(): number {
    return this.#connection.queueLimit;
  }
  set queueLimit(value: number) {
    this.#connection.queueLimit = value;
  }

  @property({ attribute: 'heartbeat', type: Number, converter: numberOr(0) })
  get heartbeat(): number {
    return this.#connection.heartbeat;
  }
  set heartbeat(value: number) {
    this.#connection.heartbeat = value;
  }

  @property({ attribute: 'heartbeat-message' })
  get heartbeatMessage(): string {
    return this.#connection.heartbeatMessage;
  }
  set heartbeatMessage(value: string) {
    this.#connection.heartbeatMessage = value ?? DEFAULTS.heartbeatMessage;
  }

  @property({ attribute: 'heartbeat-timeout', type: Number, converter: numberOr(DEFAULTS.heartbeatTimeout) })
  get heartbeatTimeout(): number {
    return this.#connection.heartbeatTimeout;
  }
  set heartbeatTimeout(value: number) {
    this.#connection.heartbeatTimeout = value;
  }

  @property({ attribute: 'heartbeat-reply' })
  get heartbeatReply(): string {
    return this.#connection.heartbeatReply;
  }
  set heartbeatReply(value: string) {
    this.#connection.heartbeatReply = value ?? '';
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

  // `onerror` and `onclose` need no code: every HTML element has them, and they run for the
  // `error` and `close` events dispatched here (inline `onclose="…"` attributes too).
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

  /** The inspector log, once `log` has loaded it; null otherwise. */
  get inspector(): Inspector | null {
    return this.#inspector;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('log')) this.#toggleInspector();
    if (this.#inspector) this.#inspector.limit = this.logLimit;
  }

  #toggleInspector(): void {
    if (!this.log) {
      this.#inspector?.hostDisconnected();
      if (this.#inspector) this.removeController(this.#inspector);
      this.#inspector = null;
      this.#stopEarly();
      return;
    }
    if (this.#inspector || this.#early) return;
    this.#early = [];
    for (const type of LOGGED_EVENTS) this.addEventListener(type, this.#recordEarly);
    void import('./inspector.js').then(({ Inspector, INSPECTOR_LABELS }) => {
      const early = this.#early;
      this.#stopEarly();
      if (!this.log || this.#inspector || early === null) return;
      this.#inspector = new Inspector(this, () => ({ ...INSPECTOR_LABELS, ...this.labels }));
      this.#inspector.limit = this.logLimit;
      this.#inspector.replay(early.slice(-this.logLimit));
      adoptStyles(this.renderRoot as ShadowRoot, [...WsClient.elementStyles, Inspector.styles]);
      this.requestUpdate();
    });
  }

  #stopEarly(): void {
    for (const type of LOGGED_EVENTS) this.removeEventListener(type, this.#recordEarly);
    this.#early = null;
  }

  protected override render(): unknown {
    const log = this.#inspector?.render() ?? nothing;
    if (!this.controls) return log;
    // Hydrating server-rendered DOM, the first render must match it: the server had no
    // connection, so "closed"; `firstUpdated` then renders the real state.
    const state = this.#serverRendered && !this.hasUpdated ? 'closed' : this.#connection.state;
    const canSend = state === 'open' || state === 'connecting' || state === 'reconnecting';
    const canClose = state !== 'closed' && state !== 'closing';
    const status = this.stateLabels[state] + (state === 'closed' && this.#closeCode ? ` (${this.#closeCode})` : '');
    return html`<div part="status" role="status" data-state=${state}>${status}</div>
      <form part="form" @submit=${this.#onSubmit}>
        ${
          this.multiline
            ? html`<textarea
                part="input"
                aria-label=${this.messageLabel}
                placeholder=${this.placeholder}
                rows="4"
                @keydown=${this.#onKeyDown}
              ></textarea>`
            : html`<input
                part="input"
                aria-label=${this.messageLabel}
                placeholder=${this.placeholder}
                autocomplete="off"
                @keydown=${this.#onKeyDown}
              />`
        }
        <button part="send-button" type="submit" ?disabled=${!canSend}>${this.sendLabel}</button>
        <button part="close-button" type="button" ?disabled=${!canClose} @click=${this.#onCloseClick}>
          ${this.closeLabel}
        </button>
        ${
          state === 'reconnecting'
            ? html`<button part="retry-button" type="button" @click=${this.#onRetryClick}>${this.retryLabel}</button>`
            : nothing
        }
      </form>
      ${log}`;
  }

  protected override firstUpdated(): void {
    if (this.#serverRendered) this.requestUpdate();
  }

  #onRetryClick(): void {
    this.connect();
  }

  #input(): HTMLInputElement | HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('[part="input"]');
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    const input = this.#input();
    if (input === null) return;
    try {
      this.send(input.value);
    } catch (error) {
      // The text stays in the input, so nothing typed is lost.
      const reason = error instanceof Error ? error : new Error(String(error));
      this.dispatchEvent(new ErrorEvent('error', { message: reason.message, error: reason }));
      return;
    }
    if (input.value !== '' && input.value !== this.#history.at(-1)) this.#history.push(input.value);
    if (this.#history.length > 100) this.#history.shift();
    this.#historyIndex = this.#history.length;
    input.value = '';
  }

  /** Ctrl/Cmd+Enter sends from the multi-line input; Up/Down walk the sent history. */
  #onKeyDown(event: KeyboardEvent): void {
    const input = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && this.multiline) {
      this.#onSubmit(event);
      return;
    }
    const multilineCaretInside = this.multiline && input.value.includes('\n');
    if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || multilineCaretInside || this.#history.length === 0)
      return;
    event.preventDefault();
    const step = event.key === 'ArrowUp' ? -1 : 1;
    this.#historyIndex = Math.min(this.#history.length, Math.max(0, this.#historyIndex + step));
    input.value = this.#history[this.#historyIndex] ?? '';
  }

  #onCloseClick(): void {
    this.close();
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
