// Shared connections, loaded when an element sets `share` (or subscribes, or picks a topic):
// one hub per document and connection key holds the elements that share it, fans the
// connection's events out to them, counts their subscriptions, and either holds the socket
// itself or (share="tabs", in a document that does not lead) follows the one that does.
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
  type SendData,
} from '../connection.js';
import { parseProtocols, resolveSocketUrl } from '../url.js';
import { canShareTabs, TabGroup, type Facts, type Subscriptions, type TabHost } from './tabs.js';

/** How elements share: within their document, or across every same-origin document. */
export type ShareMode = 'page' | 'tabs';

/**
 * Who holds the socket: this document for itself ("own"), this document for all the tabs of
 * the origin ("leader"), or another document ("follower").
 */
export type ShareRole = 'own' | 'leader' | 'follower';

export interface ShareRoleDetail {
  role: ShareRole;
}

/**
 * How an element shares its connection: not at all (null, false), in its document ("page", or
 * the attribute present with no value: "", true), or across every same-origin document ("tabs").
 */
export type ShareSetting = ShareMode | '' | boolean | null;

/** What the sharing code reads of an element (`<ws-client>`'s own properties). */
export interface Sharer extends Element {
  readonly share: ShareSetting;
  readonly shareKey: string;
  readonly subscribeMessage: string;
  readonly unsubscribeMessage: string;
  readonly topic: string;
  readonly topicField: string;
}

/**
 * The `error` (a `NotSupportedError`) an element gets when it joins a shared connection opened
 * with settings other than its own: the connection keeps the first element's; `settings` names
 * those of the joining element that are not used.
 */
export class ShareSettingsError extends DOMException {
  readonly settings: readonly string[];
  constructor(settings: readonly string[]) {
    super(
      `This element shares a connection opened with another element's settings; its own ${settings.join(', ')} ${settings.length > 1 ? 'are' : 'is'} not used.`,
      'NotSupportedError',
    );
    this.settings = settings;
  }
}

interface MemberOptions {
  /** The element: its events are dispatched on it, and its document scopes a page share. */
  readonly target: Sharer;
  /** Its connection settings; the first element's are the connection's. */
  readonly settings: ConnectionSettings;
  subscribe: string;
  unsubscribe: string;
  onStateChange(): void;
  onSend(data: SendData): void;
}

/**
 * The settings of the connection that are compared: not those in its key, nor `manual` (each
 * element's own: whether it joins when attached).
 */
const COMPARED = (Object.keys(DEFAULTS) as Array<keyof ConnectionSettings>).filter(
  (name) => name !== 'host' && name !== 'protocols' && name !== 'manual',
);

const OPEN = 1;

function noConnection(): DOMException {
  return new DOMException(
    'Cannot send: no connection is open or pending. Set host or call connect() first.',
    'InvalidStateError',
  );
}

/** `data[field]` of a JSON message (parsed here if it came as text), once per event. */
const topics = new WeakMap<Event, Map<string, unknown>>();
function topicOf(event: MessageEvent, field: string): unknown {
  let fields = topics.get(event);
  if (!fields) topics.set(event, (fields = new Map()));
  if (!fields.has(field)) {
    let data: unknown = event.data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data);
      } catch {
        data = null;
      }
    }
    fields.set(field, typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined);
  }
  return fields.get(field);
}

/** A copy of an event, of the same class (so `data`, `code`, `detail` … stay as they were). */
function copy(event: Event): Event {
  return new (event.constructor as new (type: string, init: Event) => Event)(event.type, event);
}

/** The hubs of each document, by key. */
const hubs = new WeakMap<Document, Map<string, Hub>>();

/** Where a hub's connection dispatches: it follows the lifecycle of `ownerDocument`. */
class HubEvents extends EventTarget {
  constructor(readonly ownerDocument: Document | undefined) {
    super();
  }
}

/** One element's share of a connection, what the element reads and calls instead of its own. */
export class Member implements Link {
  readonly #hub: Hub;
  readonly options: MemberOptions;
  #joined = true;
  /** The role its element last announced. */
  #role: ShareRole = 'own';
  /** Its element asks for the connection: attached without `manual`, or it called `connect()`. */
  wanted: boolean;

  constructor(hub: Hub, options: MemberOptions, wanted: boolean) {
    this.#hub = hub;
    this.options = options;
    this.wanted = wanted;
  }

  get joined(): boolean {
    return this.#joined;
  }
  get role(): ShareRole {
    return this.#joined ? this.#hub.role : 'own';
  }

  /** Fires `share-role` on the element when its role differs from the one it last announced. */
  roleChanged(): void {
    const role = this.role;
    if (role === this.#role) return;
    this.#role = role;
    this.options.target.dispatchEvent(new CustomEvent<ShareRoleDetail>('share-role', { detail: { role } }));
  }
  get state(): ConnectionState {
    return this.#joined ? this.#hub.state : 'closed';
  }
  get readyState(): number {
    return this.#joined ? this.#hub.readyState : 3;
  }
  get url(): string {
    return this.#hub.url;
  }
  get protocol(): string {
    return this.#joined ? this.#hub.facts.protocol : '';
  }
  get extensions(): string {
    return this.#joined ? this.#hub.facts.extensions : '';
  }
  get bufferedAmount(): number {
    return this.#joined ? this.#hub.bufferedAmount : 0;
  }
  get socket(): WebSocket | null {
    return this.#joined ? this.#hub.socket : null;
  }

  /** Opens the shared connection if it has none open or pending (never closes it for others). */
  connect(): void {
    this.wanted = true;
    if (this.#joined) this.#hub.connect();
  }

  /** Its element was attached again, or removed (a move, or a removal this member hears later). */
  attached(): void {
    if (this.#joined) this.#hub.attachmentChanged();
  }

  /** A new subscription (or none) for this element, on the same connection. */
  resubscribe(subscribe: string, unsubscribe: string): void {
    if (!this.#joined || (subscribe === this.options.subscribe && unsubscribe === this.options.unsubscribe)) return;
    this.#hub.unsubscribe(this);
    this.options.subscribe = subscribe;
    this.options.unsubscribe = unsubscribe;
    this.#hub.subscribe(this);
  }

  /** A setting changed on its element: a connection of its own (no `share`) follows it. */
  setting(name: keyof ConnectionSettings, value: unknown): void {
    if (this.#joined) this.#hub.setting(name, value);
  }

  send(value: SendData | JsonValue): void {
    if (!this.#joined) throw noConnection();
    this.#hub.send(encode(value, this.#hub.rules.format), this);
  }

  /** This element leaves: it hears its own `close`, and the others keep the connection. */
  close(code?: number, reason = ''): void {
    validateClose(code, reason);
    this.leave(code ?? 1000, reason);
  }

  /** Leaves the hub and fires this element's `close` (a microtask later, as a socket would). */
  leave(code = 1000, reason = ''): void {
    if (!this.#joined) return;
    const wasOpen = this.state !== 'closed';
    this.#joined = false;
    this.#hub.remove(this);
    this.options.onStateChange();
    this.roleChanged();
    if (wasOpen) {
      queueMicrotask(() =>
        this.options.target.dispatchEvent(new CloseEvent('close', { code, reason, wasClean: true })),
      );
    }
  }

  /** An event of the connection, dispatched on the element if it is for it. */
  receive(event: Event): void {
    if (!this.#joined) return;
    const { topic, topicField } = this.options.target;
    if (event.type === 'message' && topic !== '' && topicOf(event as MessageEvent, topicField) !== topic) return;
    this.options.target.dispatchEvent(copy(event));
  }
}

/**
 * The elements of one document that share a connection, and the connection: held here (a page
 * share, or the leader of a tab share) or followed over a channel.
 */
export class Hub implements TabHost {
  readonly settings: ConnectionSettings;
  readonly url: string;
  readonly #members = new Set<Member>();
  readonly #events: HubEvents;
  readonly #dispose: (() => void) | null;
  #connection: WsConnection | null = null;
  #tabs: TabGroup | null = null;
  #role: ShareRole = 'own';
  /** A follower's view of the leader's connection; null while no leader is known. */
  #facts: Facts | null = null;
  /** This document's subscriptions: text -> how many elements carry it, and its unsubscribe text. */
  readonly #local = new Map<string, { count: number; unsubscribe: string }>();
  /** A leader's record of other documents' subscriptions. */
  readonly #remote = new Map<string, Subscriptions>();
  /** The subscriptions written on the current socket. */
  #greeted = new Map<string, string>();
  /** Elements already told that the leader's settings are not theirs. */
  readonly #warned = new WeakSet<Member>();
  /** A follower's record of the leader's settings, the connection's. */
  #leaderSettings: ConnectionSettings | null = null;
  /** The last element to leave: it hears what its leaving cost (messages never written). */
  #last: Member | null = null;

  /** Made for one element that does not share (it subscribes, or has a topic): its settings follow it. */
  readonly #privateHub: boolean;

  constructor(first: MemberOptions, url: string, name: string | null, dispose: (() => void) | null) {
    this.#privateHub = dispose === null;
    this.settings = first.settings;
    this.url = url;
    this.#dispose = dispose;
    const document = first.target.ownerDocument;
    this.#events = new HubEvents(document);
    for (const type of CONNECTION_EVENTS) this.#events.addEventListener(type, this.#fanOut);
    if (name !== null) {
      this.#tabs = new TabGroup(name, this, first.settings, document);
    } else {
      this.lead();
    }
  }

  get role(): ShareRole {
    return this.#role;
  }
  get facts(): Facts {
    return this.#connection !== null ? this.currentFacts() : (this.#facts ?? this.#waiting());
  }
  get state(): ConnectionState {
    return this.facts.state;
  }
  get readyState(): number {
    return this.facts.readyState;
  }
  get socket(): WebSocket | null {
    return this.#connection?.socket ?? null;
  }
  get bufferedAmount(): number {
    if (this.#connection) return this.#connection.bufferedAmount;
    return new Blob([...(this.#tabs?.pending ?? [])]).size;
  }
  /** The connection's settings: this document's first element's, or (following) the leader's. */
  get rules(): ConnectionSettings {
    return (this.#connection === null && this.#leaderSettings) || this.settings;
  }

  add(member: Member): void {
    this.#members.add(member);
    this.#last = null;
    // Following, the connection's settings are the leader's: checked once they are known.
    if (!this.#tabs || this.#connection) this.#check(member, this.settings);
    else if (this.#leaderSettings) this.#check(member, this.#leaderSettings);
    this.subscribe(member);
    if (member.wanted) this.#want();
    // Joining a connection that is open already, it hears `open` as it would from a socket.
    if (this.state === 'open') queueMicrotask(() => this.state === 'open' && member.receive(new Event('open')));
  }

  remove(member: Member): void {
    if (!this.#members.delete(member)) return;
    this.unsubscribe(member);
    if (this.#members.size > 0) return;
    this.#last = member;
    // The last element left: the connection goes (or, leading other tabs, passes to another).
    this.#dispose?.();
    if (this.#tabs) this.#tabs.leave();
    else this.resign();
  }

  /** Opens the connection now if it has none open or pending. */
  connect(): void {
    if (this.#connection) {
      if (this.#connection.state === 'closed') this.#connection.connect();
    } else {
      this.#tabs?.connect();
    }
  }

  /**
   * Wants the connection as an attached element does: open a microtask later (or once the page's
   * scripts have run), so that every element attached in the same task hears it from `connecting`,
   * and an element attached and removed in one task opens nothing.
   */
  #want(): void {
    if (this.#connection) this.#connection.hostConnected();
    else this.#tabs?.connect();
  }

  /** An element was attached or removed: the connection is "attached" while any of them is. */
  attachmentChanged(): void {
    if (!this.#connection) return;
    const attached = [...this.#members].some((member) => member.options.target.isConnected);
    if (!attached) this.#connection.hostDisconnected();
    else if ([...this.#members].some((member) => member.wanted)) this.#connection.hostConnected();
  }

  send(data: SendData, member: Member): void {
    if (this.#connection) this.#connection.send(data);
    else if (this.state === 'closed') throw noConnection();
    else this.#tabs?.send(data, member.options.target, this.rules.queueLimit);
    member.options.onSend(data);
  }

  /** A connection of one element's own follows that element's settings as they change. */
  setting(name: keyof ConnectionSettings, value: unknown): void {
    if (!this.#privateHub) return;
    (this.settings as Record<string, unknown>)[name] = value;
    if (this.#connection) (this.#connection as unknown as Record<string, unknown>)[name] = value;
  }

  subscribe(member: Member): void {
    const { subscribe, unsubscribe } = member.options;
    if (subscribe === '') return;
    const carried = this.#local.get(subscribe);
    if (!carried) this.#local.set(subscribe, { count: 1, unsubscribe });
    else {
      carried.count += 1;
      // The last carrier's text ends it: a later one's replaces an earlier one's.
      if (unsubscribe !== '') carried.unsubscribe = unsubscribe;
    }
    this.#subscriptionsChanged();
  }

  unsubscribe(member: Member): void {
    const { subscribe } = member.options;
    const carried = this.#local.get(subscribe);
    if (!carried || --carried.count > 0) return;
    this.#local.delete(subscribe);
    this.#subscriptionsChanged();
  }

  // What a tab group asks (TabHost); a page share calls `lead` and `resign` itself.

  lead(): void {
    // A leader that left without resigning: its followers see its connection close first.
    if (this.#facts !== null) this.leaderFacts(null);
    const connection = (this.#connection = new WsConnection({
      target: this.#events,
      onStateChange: () => this.#stateChanged(),
      greeting: () => this.#greet(),
    }));
    // Whether to connect is each element's own choice (see `add`).
    Object.assign(connection, this.settings, { manual: false });
    // Taking over from another document: if any element here asked for a connection.
    if ([...this.#members].some((member) => member.wanted)) this.#want();
  }

  resign(): void {
    const connection = this.#connection;
    this.#connection = null;
    this.#greeted = new Map();
    this.#remote.clear();
    connection?.close();
    if (this.#tabs && this.#members.size > 0) this.#stateChanged();
  }

  leaderSettings(settings: ConnectionSettings): void {
    this.#leaderSettings = settings;
    for (const member of this.#members) this.#check(member, settings);
  }

  queue(data: SendData): boolean {
    try {
      this.#connection?.send(data);
      return this.#connection !== null;
    } catch {
      return false;
    }
  }

  hidden(): void {
    const before = this.#facts;
    this.#facts = null;
    this.#stateChanged();
    if (before !== null && before.state !== 'closed') {
      this.deliver(new CloseEvent('close', { code: 1000, reason: 'page hidden', wasClean: true }));
    }
  }

  discarded(messages: ReadonlyArray<{ data: SendData; sender: EventTarget }>): void {
    for (const target of new Set(messages.map(({ sender }) => sender))) {
      const lost = messages.filter(({ sender }) => sender === target).map(({ data }) => data);
      target.dispatchEvent(errorEvent(new DiscardedMessagesError(lost)));
    }
  }

  roleChanged(role: 'leader' | 'follower'): void {
    if (role === this.#role) return;
    this.#role = role;
    for (const member of [...this.#members]) member.roleChanged();
  }

  leaderFacts(facts: Facts | null, event?: Event): void {
    const before = this.#facts;
    this.#facts = facts;
    this.#stateChanged();
    if (facts === null) {
      // A handover: the connection these elements followed is gone; the next leader's follows.
      if (before !== null && before.state !== 'closed') {
        this.deliver(new CloseEvent('close', { code: 1001, reason: 'leader left', wasClean: true }));
      }
    } else if (event) {
      this.deliver(event);
    } else if (facts.state === 'open' && before?.state !== 'open') {
      // Joined a connection that was open already: an element hears `open` all the same.
      this.deliver(new Event('open'));
    }
  }

  deliver(event: Event): void {
    for (const member of [...this.#members]) member.receive(event);
  }

  remoteSubscriptions(from: string, subscriptions: Subscriptions): void {
    if (subscriptions.size === 0) this.#remote.delete(from);
    else this.#remote.set(from, subscriptions);
    this.#syncSubscriptions();
  }

  write(data: SendData): boolean {
    if (this.#connection?.readyState !== OPEN) return false;
    this.#connection.send(data);
    return true;
  }

  currentFacts(): Facts {
    const connection = this.#connection;
    if (!connection) return this.#waiting();
    const { state, readyState, url, protocol, extensions } = connection;
    return { state, readyState, url, protocol, extensions };
  }

  /** No leader known yet (or between two): as a connection about to open. */
  #waiting(): Facts {
    return { state: 'connecting', readyState: 0, url: this.url, protocol: '', extensions: '' };
  }

  #fanOut = (event: Event): void => {
    if (this.#members.size === 0) {
      // The last element left while messages waited: it hears that they were never written.
      if (event instanceof ErrorEvent && event.error instanceof DiscardedMessagesError) {
        this.#last?.options.target.dispatchEvent(copy(event));
      }
      return;
    }
    this.#tabs?.relay(event, this.currentFacts());
    this.deliver(event);
  };

  #stateChanged(): void {
    if (this.#connection) {
      this.#tabs?.relayFacts(this.currentFacts());
      if (this.#connection.state === 'closed') this.#tabs?.gaveUp();
    }
    for (const member of [...this.#members]) member.options.onStateChange();
  }

  /** The first element's settings rule; a member whose own differ hears it once. */
  #check(member: Member, settings: ConnectionSettings): void {
    if (this.#warned.has(member)) return;
    const own = member.options.settings;
    const differ = COMPARED.filter((name) => own[name] !== settings[name]);
    if (differ.length === 0) return;
    this.#warned.add(member);
    queueMicrotask(() => {
      if (member.joined) member.options.target.dispatchEvent(errorEvent(new ShareSettingsError(differ)));
    });
  }

  /** Every subscription of the connection: this document's and, leading, the others'. */
  #wanted(): Map<string, string> {
    const wanted = new Map<string, string>();
    for (const [text, { unsubscribe }] of this.#local) wanted.set(text, unsubscribe);
    for (const subscriptions of this.#remote.values()) {
      for (const [text, unsubscribe] of subscriptions) if (!wanted.has(text)) wanted.set(text, unsubscribe);
    }
    return wanted;
  }

  /** On every open: each subscription once, ahead of anything queued. */
  #greet(): SendData[] {
    this.#greeted = this.#wanted();
    return [...this.#greeted.keys()];
  }

  #subscriptionsChanged(): void {
    this.#syncSubscriptions();
    this.#tabs?.subscriptions(new Map([...this.#local].map(([text, { unsubscribe }]) => [text, unsubscribe])));
  }

  /** Writes the subscriptions that are new on this socket, and the unsubscriptions of those gone. */
  #syncSubscriptions(): void {
    const socket = this.#connection?.socket;
    if (socket?.readyState !== OPEN) return;
    const wanted = this.#wanted();
    // Straight to the socket, as the greeting is: not kept for a retry, whose open greets again.
    for (const [text, unsubscribe] of wanted) {
      if (this.#greeted.has(text)) continue;
      this.#greeted.set(text, unsubscribe);
      socket.send(text);
    }
    for (const [text, unsubscribe] of [...this.#greeted]) {
      if (wanted.has(text)) continue;
      this.#greeted.delete(text);
      if (unsubscribe !== '') socket.send(unsubscribe);
    }
  }
}

/**
 * Joins `element` to the connection it shares (made for it if it is the first), with the
 * settings of `connection` (its own, left unused meanwhile); with `share` off (it subscribes, or
 * has a topic), to a connection of its own that carries its subscriptions.
 */
export function join(
  element: Sharer,
  connection: ConnectionSettings,
  onStateChange: () => void,
  onSend: (data: SendData) => void,
  wanted: boolean,
): Member {
  const settings = Object.fromEntries(
    (Object.keys(DEFAULTS) as Array<keyof ConnectionSettings>).map((name) => [name, connection[name]]),
  ) as ConnectionSettings;
  const options: MemberOptions = {
    target: element,
    settings,
    subscribe: element.subscribeMessage,
    unsubscribe: element.unsubscribeMessage,
    onStateChange,
    onSend,
  };
  const { share, shareKey } = element;
  if (typeof share === 'string' && share !== '' && share !== 'page' && share !== 'tabs') {
    const error = new TypeError(`share is "page" or "tabs"; "${share}" shares as "page".`);
    queueMicrotask(() => element.dispatchEvent(errorEvent(error)));
  }
  const document = element.ownerDocument;
  let url: string;
  try {
    url = resolveSocketUrl(settings.host, document.baseURI);
  } catch {
    url = settings.host;
  }
  const tabs = share === 'tabs' && canShareTabs();
  const name = `ws-client ${JSON.stringify([url, parseProtocols(settings.protocols), shareKey])}`;
  let hub: Hub | undefined;
  if (share === null || share === false) {
    hub = new Hub(options, url, null, null);
  } else {
    let byKey = hubs.get(document);
    if (!byKey) hubs.set(document, (byKey = new Map()));
    const id = `${tabs ? 'tabs' : 'page'} ${name}`;
    hub = byKey.get(id);
    if (!hub) {
      const registry = byKey;
      hub = new Hub(options, url, tabs ? name : null, () => registry.delete(id));
      registry.set(id, hub);
    }
  }
  const member = new Member(hub, options, wanted);
  hub.add(member);
  member.roleChanged();
  return member;
}
