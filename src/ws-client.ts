import {
  adoptStyles,
  ReactiveElement,
  type ComplexAttributeConverter,
  type CSSResultOrNative,
  type PropertyDeclaration,
  type PropertyValues,
} from '@lit/reactive-element';
import {
  WsConnection,
  type ConnectionState,
  type JsonValue,
  type MessageFormat,
  type SendData,
  type WsConnectionEventMap,
} from './connection.js';
import type { Controls } from './controls.js';
import type { EarlyRecord, Inspector, InspectorLabels } from './inspector.js';
import { errorEvent, LOGGED_EVENTS, parts } from './parts.js';
import { hostStyles } from './ws-client.styles.js';

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

/** The connection's settings: properties of the element that read and write the engine's. */
const SETTINGS = [
  'host',
  'protocols',
  'format',
  'binaryType',
  'manual',
  'reconnect',
  'reconnectDelay',
  'reconnectMaxDelay',
  'reconnectAttempts',
  'reconnectStopCodes',
  'connectTimeout',
  'queueLimit',
  'heartbeat',
  'heartbeatMessage',
  'heartbeatTimeout',
  'heartbeatReply',
] as const;
type Setting = (typeof SETTINGS)[number];

/** The element's own properties; each attribute is the property's name in kebab case. */
const OWN: Record<string, PropertyDeclaration> = {
  controls: { type: Boolean, reflect: true },
  sendLabel: {},
  closeLabel: {},
  messageLabel: {},
  placeholder: {},
  retryLabel: {},
  log: { type: Boolean, reflect: true },
  logLimit: { converter: numberOr(1000) },
  multiline: { type: Boolean },
  labels: { converter: labelsConverter },
  stateLabels: { converter: stateLabelsConverter },
};

const kebab = (name: string): string => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

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
export class WsClient extends ReactiveElement {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  static override styles = hostStyles;
  /**
   * A ReactiveElement, not a LitElement: lit-html renders only the controls and the log, so it
   * loads with them (see `update`) and a page that uses only the events never downloads it. This
   * marker and `render()` let Lit's server renderer and its hydration support treat the element
   * as the LitElement it behaves like.
   * @internal
   */
  static readonly _$litElement$ = true;

  static {
    // Each setting is an accessor over the engine's property of the same name (setting null or
    // undefined restores the default) and a reactive property with its attribute. A number
    // attribute that is not a number >= 0 means the default.
    const defaults = new WsConnection();
    for (const name of SETTINGS) {
      const fallback = defaults[name];
      Object.defineProperty(this.prototype, name, {
        get(this: WsClient) {
          return this.#connection[name];
        },
        set(this: WsClient, value: unknown) {
          (this.#connection as unknown as Record<Setting, unknown>)[name] = value ?? fallback;
        },
        configurable: true,
      });
      this.createProperty(name, {
        attribute: kebab(name),
        type: typeof fallback === 'boolean' ? Boolean : String,
        converter: typeof fallback === 'number' ? numberOr(fallback) : undefined,
      });
    }
    for (const [name, options] of Object.entries(OWN))
      this.createProperty(name, { attribute: kebab(name), ...options });
  }

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
  #controls: Controls | null = null;
  #inspector: Inspector | null = null;
  /** What happens while the inspector module loads, replayed into it. */
  #early: EarlyRecord[] | null = null;
  #recordEarly = (event: Event): void => {
    this.#early?.push({ time: Date.now(), event });
  };
  /**
   * As LitElement's: the options lit-html renders (and Lit's hydration support hydrates) with.
   * @internal
   */
  readonly renderOptions: { host: object } = { host: this };
  /** A declarative shadow root from server rendering was here before the element upgraded. */
  readonly #serverRendered = this.shadowRoot !== null;
  /** The code of the last close, shown in the status. */
  #closeCode = 0;

  /** The server: ws:/wss: as is, http:/https: mapped to ws:/wss:, relative URLs resolved. */
  declare host: string;
  /** Subprotocols, comma and/or space separated; used from the next connection on. */
  declare protocols: string;
  /** "text" (default), "json" or "binary": how messages are read and sent (see the README). */
  declare format: MessageFormat;
  /** As `WebSocket.binaryType` ("blob"); always "arraybuffer" in the "binary" format. */
  declare binaryType: BinaryType;
  /** Do not connect when attached; wait for `connect()`. */
  declare manual: boolean;
  /** Reconnect with backoff after a close that `close()` or removal did not ask for. */
  declare reconnect: boolean;
  /** First retry delay in ms (1000); doubles each attempt, with jitter. */
  declare reconnectDelay: number;
  /** Cap on the retry delay in ms (30000). */
  declare reconnectMaxDelay: number;
  /** Retries before giving up (Infinity). */
  declare reconnectAttempts: number;
  /** Close codes and ranges that stop reconnection ("1002 1003 1007 1008 1010"). */
  declare reconnectStopCodes: string;
  /** Ms a socket may stay CONNECTING before it counts as failed (10000; 0 = none). */
  declare connectTimeout: number;
  /** Messages the outbox holds while not open (1000). */
  declare queueLimit: number;
  /** Ms between heartbeat messages while open (0 = off). */
  declare heartbeat: number;
  /** What the heartbeat sends ("ping"). */
  declare heartbeatMessage: string;
  /** Ms without any inbound frame after a heartbeat before the peer is dead (10000). */
  declare heartbeatTimeout: number;
  /** Inbound text equal to this is not dispatched as a message ("" = none). */
  declare heartbeatReply: string;

  /** Render the built-in input with Send and Close buttons (loaded on demand). */
  declare controls: boolean;
  /** Text of the Send button ("Send"). */
  declare sendLabel: string;
  /** Text of the Close button ("Close"). */
  declare closeLabel: string;
  /** Accessible name of the input ("Message"). */
  declare messageLabel: string;
  declare placeholder: string;
  /** Text of the Retry now button shown while reconnecting ("Retry now"). */
  declare retryLabel: string;
  /** Show the inspector log (loaded on demand). */
  declare log: boolean;
  /** Entries the log keeps and renders at most (1000). */
  declare logLimit: number;
  /** A multi-line input (for JSON payloads): Enter adds a line, Ctrl/Cmd+Enter sends. */
  declare multiline: boolean;
  /** Replacements for the inspector's texts, as an object or a JSON attribute. */
  declare labels: Partial<InspectorLabels>;
  /** The status texts, in the attribute as a comma-separated list in the order of `STATE_ORDER`. */
  declare stateLabels: Record<ConnectionState, string>;

  constructor() {
    super();
    // Set here, not as class fields: a class field would hide the accessor Lit defines.
    Object.assign(this, {
      controls: false,
      sendLabel: 'Send',
      closeLabel: 'Close',
      messageLabel: 'Message',
      placeholder: '',
      retryLabel: 'Retry now',
      log: false,
      logLimit: 1000,
      multiline: false,
      labels: {},
      stateLabels: { ...DEFAULT_STATE_LABELS },
    });
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

  /** With `controls` set, an update waits for their module, so `updateComplete` includes them. */
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- the signature of Lit's own
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (!this.controls || parts.Controls) return super.scheduleUpdate();
    return import('./controls.js').then(
      () => super.scheduleUpdate(),
      (error: unknown) => {
        this.controls = false;
        this.dispatchEvent(errorEvent(error));
        return super.scheduleUpdate();
      },
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('log')) this.#toggleInspector();
    if (this.#inspector) this.#inspector.limit = this.logLimit;
    if (this.controls && !this.#controls && parts.Controls) {
      this.#controls = new parts.Controls(this);
      this.#adopt(parts.Controls.styles);
    }
  }

  /** Adds the styles of a part that has loaded, to this element and to those made later. */
  #adopt(styles: CSSResultOrNative[]): void {
    const all = (this.constructor as typeof ReactiveElement).elementStyles;
    for (const style of styles) if (!all.includes(style)) all.push(style);
    // On a server renderer there is no root yet: it reads `elementStyles` itself.
    const root = this.renderRoot as ShadowRoot | undefined;
    if (root?.adoptedStyleSheets) adoptStyles(root, all);
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
    import('./inspector.js').then(
      ({ Inspector, INSPECTOR_LABELS }) => {
        const early = this.#early;
        this.#stopEarly();
        if (!this.log || this.#inspector || early === null) return;
        this.#inspector = new Inspector(this, () => ({ ...INSPECTOR_LABELS, ...this.labels }));
        this.#inspector.limit = this.logLimit;
        this.#inspector.replay(early.slice(-this.logLimit));
        this.#adopt(Inspector.styles);
        this.requestUpdate();
      },
      (error: unknown) => {
        this.#stopEarly();
        this.dispatchEvent(errorEvent(error));
      },
    );
  }

  #stopEarly(): void {
    for (const type of LOGGED_EVENTS) this.removeEventListener(type, this.#recordEarly);
    this.#early = null;
  }

  /** What the shadow root shows: the controls and the log, when on and loaded. */
  protected render(): unknown {
    // Hydrating server-rendered DOM, the first render must match it: the server had no
    // connection, so "closed"; `firstUpdated` then renders the real state.
    const state = this.#serverRendered && !this.hasUpdated ? 'closed' : this.#connection.state;
    const controls = (this.controls && this.#controls?.render(state, this.#closeCode)) || null;
    const log = this.#inspector?.render() ?? null;
    return controls || log ? [controls, log] : null;
  }

  /**
   * As LitElement's: renders after reflecting. lit-html's `render` comes with the parts that
   * render (the controls and the log load it); a subclass whose `render()` returns a template
   * before either has loaded gets it loaded, and rendered then.
   */
  protected override update(changed: PropertyValues<this>): void {
    const value = this.render();
    super.update(changed);
    if (parts.render) parts.render(value, this.renderRoot, this.renderOptions);
    else if (value != null) {
      import('./render.js').then(
        () => this.requestUpdate(),
        (error: unknown) => this.dispatchEvent(errorEvent(error)),
      );
    }
  }

  protected override firstUpdated(): void {
    if (this.#serverRendered) this.requestUpdate();
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

// Lit's hydration support (`@lit-labs/ssr-client/lit-element-hydrate-support.js`, loaded before
// the element) patches each LitElement class as it loads; it is given this one too.
(
  globalThis as { litElementHydrateSupport?: (classes: { LitElement: typeof WsClient }) => void }
).litElementHydrateSupport?.({ LitElement: WsClient });

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
