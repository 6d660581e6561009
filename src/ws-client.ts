import { adoptStyles, LitElement, nothing, type ComplexAttributeConverter } from 'lit';
import { property } from 'lit/decorators.js';
import {
  CONNECTION_EVENTS,
  DEFAULTS,
  DiscardedMessagesError,
  encode,
  errorEvent,
  validateClose,
  WsConnection,
  type ConnectionSettings,
  type ConnectionState,
  type JsonValue,
  type Link,
  type MessageFormat,
  type SendData,
  type WsConnectionEventMap,
} from './connection.js';
import { Controls } from './controls.js';
import { controlStyles } from './controls.styles.js';
import type { EarlyRecord, InspectorLabels, WsClientLog } from './inspector.js';
import type { Member, ShareMode, ShareRole, ShareRoleDetail, ShareSetting } from './share/hub.js';
import { hostStyles } from './ws-client.styles.js';

export type { ShareMode, ShareRole, ShareRoleDetail, ShareSetting };

/** The events the element dispatches: the connection's, and `share-role`. */
export type WsClientOwnEventMap = WsConnectionEventMap & { 'share-role': CustomEvent<ShareRoleDetail> };

/** The element's events: the native socket's, and its own. */
export type WsClientEventMap = Omit<HTMLElementEventMap, keyof WsClientOwnEventMap> & WsClientOwnEventMap;

type ShareModule = typeof import('./share/hub.js');

/** What the log records of the element (kept while its code loads, then replayed into it). */
const LOGGED_EVENTS = [...CONNECTION_EVENTS, 'share-role'];

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
 * @fires share-role {CustomEvent<{role: "own" | "leader" | "follower"}>} - A shared element's `shareRole` changed (it joined, led, or followed).
 *
 * @csspart status - The connection status (a polite live region).
 * @csspart form - The row holding the input and the buttons.
 * @csspart input - The message input.
 * @csspart send-button - The Send button.
 * @csspart close-button - The Close button.
 * @csspart retry-button - The Retry now button, shown while reconnecting.
 * @csspart log-toolbar - The row with the log's filter and buttons (the log: see `<ws-client-log>`).
 * @csspart filter - The log's query filter input.
 * @csspart filter-count - Entries matching the filter, of all kept ("2 / 3").
 * @csspart pause-button - Pauses and resumes rendering of the log (recording goes on).
 * @csspart clear-button - Empties the log.
 * @csspart export-button - Downloads the log (JSON Lines or HAR).
 * @csspart import-button - Reads a JSON Lines or HAR file into the log.
 * @csspart resend-button - Sends the outgoing messages shown again.
 * @csspart log-notice - What the list does not show: arrivals while paused, entries dropped, errors.
 * @csspart log - The scrolling log region (role log).
 * @csspart log-list - The list of entries inside it.
 * @csspart log-empty - The text shown while the log is empty.
 * @csspart new-button - "N new": shown when scrolled up and entries arrived; jumps to the newest.
 * @csspart entry - One entry; data-direction is in, out or event, data-kind its kind.
 * @csspart entry-direction - The entry's direction, as a word and an arrow.
 * @csspart entry-time - The entry's time.
 * @csspart entry-gap - The time since the entry before it.
 * @csspart entry-size - The payload size ("6 bytes", "binary · 3 B").
 * @csspart entry-decoder - The name of the decoder that read the payload.
 * @csspart entry-payload - The payload as text (truncated in the row when long).
 * @csspart entry-detail - Connection facts beside an event (protocol, extensions, uptime).
 * @csspart entry-details - The expandable payload of a long, binary or decoded entry.
 * @csspart entry-full - The full payload in the view chosen, when expanded.
 * @csspart copy-button - Copies the entry's payload, as the view shown.
 * @csspart log-footer - Counts, the selection's time span and the rate chart.
 * @csspart sparkline - Messages per second over the last 60 s (a canvas).
 * @csspart composer - The log's composer: a message, its mode, saved messages and repeat.
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
 * @cssprop --ws-client-error-color - Outline of the log's filter when its query is invalid.
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
          this.#member?.setting(name, this.#connection[name]);
        },
        configurable: true,
      });
    }
  }

  readonly #connection: WsConnection = new WsConnection({
    target: this,
    onStateChange: () => this.#stateChanged(),
    onSend: (data) => this.#sent(data),
  });
  /** The sharing code, once loaded (once, for every element). */
  static #share?: ShareModule;
  static #loadingShare?: Promise<void>;
  /** While it loads: the joins asked for (no data) and the messages sent, in order. */
  static #waiting: Array<[WsClient, SendData?]> = [];

  /** This element's share of a connection, once it has joined one. */
  #member: Member | null = null;
  /** It waits for the sharing code to join. */
  #joining = false;
  /** It asks for the connection it joins: attached without `manual`, or `connect()` called. */
  #wanted = false;
  /** How it shares (`#shareKey()`) as last set up; "" when it does not. */
  #joinedWith = '';
  readonly #internals: ElementInternals = this.attachInternals();
  readonly #handlers = new Map<string, Handler<Event>>();
  readonly #controls = new Controls(this);
  #inspector: WsClientLog | null = null;
  /** Who hears of each message sent: the logs (see `observeSends`). */
  readonly #sendObservers = new Set<(data: SendData) => void>();
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

  // Sharing: the element joins a connection held for several elements instead of its own.

  /**
   * Share one connection: "page" (or the attribute with no value) with the elements of this
   * document whose resolved URL, protocols and `share-key` are equal; "tabs" with those of every
   * same-origin document. Absent: a connection of its own.
   */
  @property() share: ShareSetting = null;
  /** Keeps groups apart that would otherwise share a connection. */
  @property({ attribute: 'share-key' }) shareKey = '';
  /** Text sent on every open of the connection, once however many elements carry it. */
  @property({ attribute: 'subscribe-message' }) subscribeMessage = '';
  /** Text sent when the last element carrying this element's `subscribe-message` leaves. */
  @property({ attribute: 'unsubscribe-message' }) unsubscribeMessage = '';
  /** Dispatch only the messages whose `topic-field` equals this ("" = every message). */
  @property() topic = '';
  /** The field of a JSON message that `topic` is compared with. */
  @property({ attribute: 'topic-field' }) topicField = 'topic';

  constructor() {
    super();
    this.addEventListener('close', (event) => {
      this.#closeCode = event.code;
    });
  }

  /** connecting, open, closing, closed or reconnecting; reflected as the `state` attribute. */
  get state(): ConnectionState {
    // Waiting for the sharing code, it is about to connect.
    return this.#joining ? 'connecting' : this.#link.state;
  }
  get readyState(): number {
    return this.#joining ? WsClient.CONNECTING : this.#link.readyState;
  }
  /** The resolved ws:/wss: URL of the current or last connection. */
  get url(): string {
    return this.#link.url;
  }
  get protocol(): string {
    return this.#link.protocol;
  }
  get extensions(): string {
    return this.#link.extensions;
  }
  /** Bytes not yet sent: the socket's own buffer plus the outbox. */
  get bufferedAmount(): number {
    return this.#link.bufferedAmount;
  }
  /** The current `WebSocket`, or null (a follower of another tab has none). */
  get socket(): WebSocket | null {
    return this.#link.socket;
  }
  /**
   * Who holds the socket: this document for itself ("own"), this document for all tabs of the
   * origin ("leader"), or another document ("follower").
   */
  get shareRole(): ShareRole {
    return this.#member?.role ?? 'own';
  }
  /** The inspector log (a `<ws-client-log>` in the shadow root), once `log` has loaded it; null otherwise. */
  get inspector(): WsClientLog | null {
    return this.#inspector;
  }

  /**
   * Calls `observer` with each message `send()` accepts (sent, or queued), as given; returns a
   * function that stops it. `<ws-client-log>` logs outgoing messages this way.
   */
  observeSends(observer: (data: SendData) => void): () => void {
    this.#sendObservers.add(observer);
    return () => this.#sendObservers.delete(observer);
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

  /**
   * (Re)opens a connection to `host`, closing any current one first. A shared element joins its
   * shared connection again, and opens it if it has none open or pending; it never closes the
   * socket the others use.
   */
  connect(): void {
    if (!this.#joinedWith) this.#connection.connect();
    else if (this.#member?.joined) this.#member.connect();
    else if (this.#joining) this.#wanted = true;
    else this.#join(true);
  }

  /**
   * Sends now when open; queues while connecting or waiting to reconnect.
   * @throws {DOMException} InvalidStateError with no connection open or pending;
   *   QuotaExceededError when the outbox is full.
   * @throws {TypeError} in the "json" format, for a value JSON cannot represent.
   */
  send(data: SendData | JsonValue): void {
    if (this.#joining) WsClient.#waiting.push([this, encode(data, this.format)]);
    else this.#link.send(data);
  }

  /**
   * Closes the connection and cancels any pending retry.
   * @throws {DOMException} InvalidAccessError for a code other than 1000 or 3000-4999;
   *   SyntaxError for a reason over 123 UTF-8 bytes.
   */
  close(code?: number, reason?: string): void {
    if (!this.#joining) return this.#link.close(code, reason);
    validateClose(code, reason ?? '');
    this.#leave();
  }

  override connectedCallback(): void {
    // Before the connection starts (a microtask after attach), so the log sees it from the start.
    this.#toggleInspector();
    super.connectedCallback();
    this.#joinedWith = this.#shareKey();
    if (!this.#joinedWith) this.#connection.hostConnected();
    else if (this.#member?.joined) this.#member.attached();
    else if (!this.#joining && !this.manual) this.#join(true);
    this.#reflectState();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection.hostDisconnected();
    this.#member?.attached();
    // A move within the document disconnects and reconnects in one task: it keeps its share.
    queueMicrotask(() => {
      if (!this.isConnected) this.#leave();
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    this.#reshare();
    if (changed.has('log')) this.#toggleInspector();
    if (this.#inspector) {
      this.#inspector.limit = this.logLimit;
      this.#inspector.labels = this.labels;
      // The log renders with the element (its state, a requestUpdate()), besides once per
      // animation frame of its own; `updateComplete` waits for both (see getUpdateComplete).
      this.#inspector.requestUpdate();
    }
  }

  /** Resolves once the element and, when on, its log have rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    return this.#inspector ? (await this.#inspector.updateComplete) && done : done;
  }

  /** What the shadow root shows: the controls and the log, when on (the log once loaded). */
  protected override render(): unknown {
    // Hydrating server-rendered DOM, the first render must match it: the server had no
    // connection, so "closed"; `firstUpdated` then renders the real state.
    const state = this.#serverRendered && !this.hasUpdated ? 'closed' : this.state;
    const controls = this.controls ? this.#controls.render(state, this.#closeCode) : nothing;
    const log = this.#inspector ?? nothing;
    return [controls, log];
  }

  protected override firstUpdated(): void {
    if (this.#serverRendered) this.requestUpdate();
  }

  #toggleInspector(): void {
    if (!this.log) {
      if (this.#inspector) this.#inspector.client = null;
      this.#inspector = null;
      this.#stopEarly();
      return;
    }
    if (this.#inspector || this.#early) return;
    this.#early = [];
    for (const type of LOGGED_EVENTS) this.addEventListener(type, this.#recordEarly);
    import('./inspector.js').then(
      ({ WsClientLog }) => {
        const early = this.#early;
        this.#stopEarly();
        if (!this.log || this.#inspector || early === null) return;
        // Registered by name: the log element renders into this shadow root (see its
        // createRenderRoot), so this root adopts its styles, as the controls'.
        WsClientLog.define();
        // Its limit and labels are set with the update requested below (see willUpdate).
        const log = document.createElement('ws-client-log') as WsClientLog;
        log.client = this;
        log.replay(early.slice(-this.logLimit));
        this.#inspector = log;
        const root = this.renderRoot;
        if (root instanceof ShadowRoot) adoptStyles(root, [...WsClient.elementStyles, ...WsClientLog.elementStyles]);
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

  /** What the element calls: its share of a connection, or its own connection. */
  get #link(): Link {
    return this.#member?.joined ? this.#member : this.#connection;
  }

  /** How it shares: what its share is made with, "" when it has a connection of its own. */
  #shareKey(): string {
    const { share, shareKey, host, protocols, subscribeMessage, topic } = this;
    const sharing = (share !== null && share !== false) || subscribeMessage || topic;
    return sharing ? JSON.stringify([share, shareKey, host, protocols]) : '';
  }

  /** Sharing turned on or off, or set up otherwise: it joins anew (or takes its own connection). */
  #reshare(): void {
    const member = this.#member?.joined ? this.#member : null;
    member?.resubscribe(this.subscribeMessage, this.unsubscribeMessage);
    const key = this.#shareKey();
    if (!this.isConnected || key === this.#joinedWith) return;
    const own = this.#joinedWith === '' && this.#connection.socket;
    const wanted = !this.manual || (member ? member.wanted : this.#joining && this.#wanted);
    this.#leave();
    this.#joinedWith = key;
    if (!key) return this.#connection.hostConnected();
    this.#connection.hostDisconnected();
    this.#connection.close();
    if (!wanted) return;
    // It joins once its own socket has closed, so that its events stay in order.
    if (own) this.addEventListener('close', () => this.#join(true), { once: true });
    else this.#join(true);
  }

  /** Joins the connection it shares (loading the sharing code the first time). */
  #join(wanted: boolean): void {
    this.#wanted = wanted;
    const share = WsClient.#share;
    if (share) return this.#joined(share);
    this.#joining = true;
    this.#stateChanged();
    WsClient.#waiting.push([this]);
    if (WsClient.#loadingShare) return;
    WsClient.#loadingShare = import('./share/hub.js').then(
      (share) => WsClient.#loaded(share),
      (error: unknown) => WsClient.#loaded(undefined, error),
    );
  }

  /** The sharing code loaded (or failed to): the waiting join, and send, in order. */
  static #loaded(share: ShareModule | undefined, error?: unknown): void {
    WsClient.#share = share;
    if (!share) WsClient.#loadingShare = undefined;
    for (const [element, data] of WsClient.#waiting.splice(0)) {
      if (data === undefined) {
        if (!element.#joining) continue;
        element.#joining = false;
        if (share) element.#joined(share);
        else element.dispatchEvent(errorEvent(error));
        element.#stateChanged();
      } else {
        // It may have left meanwhile: then its own connection, not open, says the message is lost.
        try {
          element.#link.send(data);
        } catch (sendError) {
          element.dispatchEvent(errorEvent(sendError));
        }
      }
    }
  }

  #joined(share: ShareModule): void {
    this.#member = share.join(
      this,
      this.#connection,
      () => this.#stateChanged(),
      (data) => this.#sent(data),
      this.#wanted,
    );
    this.#stateChanged();
  }

  /**
   * Leaves its share of a connection (firing its own close), or stops waiting to join one: then
   * it fires its close too, and hears of what it sent meanwhile, which is not sent.
   */
  #leave(): void {
    this.#member?.leave();
    this.#member = null;
    if (!this.#joining) return;
    this.#joining = false;
    this.#stateChanged();
    const waiting = WsClient.#waiting;
    const lost = waiting.flatMap(([element, data]) => (element === this && data !== undefined ? [data] : []));
    WsClient.#waiting = waiting.filter(([element]) => element !== this);
    queueMicrotask(() => {
      this.dispatchEvent(new CloseEvent('close', { code: 1000, wasClean: true }));
      if (lost.length > 0) this.dispatchEvent(errorEvent(new DiscardedMessagesError(lost)));
    });
  }

  /** What `send()` accepted, for the log. */
  #sent(data: SendData): void {
    for (const observer of this.#sendObservers) observer(data);
    this.#early?.push({ time: Date.now(), sent: data });
  }

  #stateChanged(): void {
    this.#reflectState();
    this.requestUpdate();
  }

  #reflectState(): void {
    const state = this.state;
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
