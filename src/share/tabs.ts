// One connection for every same-origin document: the document holding the Web Lock named after
// the connection leads (it holds the socket); the others follow, over a BroadcastChannel of the
// same name. Web Locks grant a lock to one holder at a time and release it when its document
// goes, so there is never a second leader and a vanished leader is replaced at once.
import { DiscardedMessagesError, type ConnectionSettings, type ConnectionState, type SendData } from '../connection.js';

/** What a follower shows of the leader's connection. */
export interface Facts {
  state: ConnectionState;
  readyState: number;
  url: string;
  protocol: string;
  extensions: string;
}

/** An event of the leader's connection as it crosses the channel (structured clone). */
interface WireEvent {
  type: string;
  data?: unknown;
  origin?: string;
  code?: number;
  reason?: string;
  wasClean?: boolean;
  detail?: unknown;
  error?: { name: string; message: string };
}

/** A subscription: its text and the text that ends it. */
export type Subscriptions = ReadonlyMap<string, string>;

type Message =
  | { t: 'hello'; from: string }
  | { t: 'leader'; from: string; settings: ConnectionSettings; facts: Facts }
  | { t: 'resign'; from: string }
  | { t: 'event'; from: string; event: WireEvent; facts: Facts }
  | { t: 'facts'; from: string; facts: Facts }
  | { t: 'send'; from: string; to: string; seq: number; data: SendData }
  | { t: 'ack'; from: string; to: string; seq: number }
  | { t: 'subs'; from: string; subs: Array<[string, string]> }
  | { t: 'connect'; from: string }
  | { t: 'discarded'; from: string; to: string; seqs: number[] }
  | { t: 'bye'; from: string; final: boolean };

/** What a tab group asks of the document's hub. */
export interface TabHost {
  /** This document holds the lock now: open the socket. */
  lead(): void;
  /** This document gives the socket up (it is hidden, or its last element left). */
  resign(): void;
  /** The leader's settings (for the check that they are this document's own). */
  leaderSettings(settings: ConnectionSettings): void;
  /** This document leads, or follows. */
  roleChanged(role: 'leader' | 'follower'): void;
  /**
   * The leader's connection changed state (a leader went: `null`), with the event that says so,
   * to dispatch on this document's elements.
   */
  leaderFacts(facts: Facts | null, event?: Event): void;
  /** Leader: another document's subscriptions (none when it left). */
  remoteSubscriptions(from: string, subscriptions: Subscriptions): void;
  /** Leader: writes another document's message; false while the socket is not open. */
  write(data: SendData): boolean;
  /** Leader: another document asks for a connection. */
  connect(): void;
  /** Leader: its connection's state, for a document that joins. */
  currentFacts(): Facts;
  /** Leader: sends (or queues) on its connection what this document sent while following. */
  queue(data: SendData): boolean;
  /** Follower: this document is hidden (`pagehide`); its elements see their connection close. */
  hidden(): void;
  /** Messages sent from this document that no connection will write: each sender hears of its own. */
  discarded(messages: ReadonlyArray<{ data: SendData; sender: EventTarget }>): void;
}

interface Pending {
  seq: number;
  data: SendData;
  sender: EventTarget;
}

function randomId(): string {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

/** Whether this browser can share across documents (Web Locks and BroadcastChannel). */
export function canShareTabs(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && navigator.locks != null;
}

function toWire(event: Event): WireEvent {
  const wire: WireEvent = { type: event.type };
  if (event instanceof MessageEvent) {
    wire.data = event.data;
    wire.origin = event.origin;
  } else if (event instanceof CloseEvent) {
    wire.code = event.code;
    wire.reason = event.reason;
    wire.wasClean = event.wasClean;
  } else if (event instanceof CustomEvent) {
    wire.detail = event.detail;
  } else if (event instanceof ErrorEvent) {
    const error = event.error as unknown;
    wire.error =
      error instanceof Error || error instanceof DOMException
        ? { name: error.name, message: error.message }
        : { name: 'Error', message: event.message };
  }
  return wire;
}

function fromWire(wire: WireEvent): Event {
  switch (wire.type) {
    case 'message':
      return new MessageEvent('message', { data: wire.data, origin: wire.origin });
    case 'close':
      return new CloseEvent('close', { code: wire.code, reason: wire.reason, wasClean: wire.wasClean });
    case 'error':
      if (!wire.error) return new Event('error');
      return new ErrorEvent('error', {
        message: wire.error.message,
        error: new DOMException(wire.error.message, wire.error.name),
      });
    default:
      return wire.detail === undefined ? new Event(wire.type) : new CustomEvent(wire.type, { detail: wire.detail });
  }
}

/**
 * This document's place in a group of documents sharing one connection: it asks for the lock,
 * leads when it gets it (relaying the connection's events and facts, writing others'
 * messages), and follows meanwhile (sending through the leader, in order, until it acknowledges
 * each message: what a leader that went had not written, the next one writes).
 */
export class TabGroup {
  readonly #name: string;
  readonly #host: TabHost;
  readonly #id = randomId();
  #channel: BroadcastChannel | null = null;
  /** Aborts the wait for the lock. */
  #waiting: AbortController | null = null;
  /** Resolving it releases the lock (while leading). */
  #release: (() => void) | null = null;
  #leader: string | null = null;
  #settings: ConnectionSettings;
  /** Follower: messages not yet acknowledged by a leader, oldest first. */
  #pending: Pending[] = [];
  #seq = 0;
  /** Leader: the last sequence number taken from each follower. */
  #taken = new Map<string, number>();
  /** Leader: others' messages waiting for the socket to open, oldest first. */
  #held: Array<{ from: string; seq: number; data: SendData }> = [];
  #subscriptions: Subscriptions = new Map();
  readonly #view: Window | null;

  constructor(name: string, host: TabHost, settings: ConnectionSettings, document: Document | undefined) {
    this.#name = name;
    this.#host = host;
    this.#settings = settings;
    this.#view = document?.defaultView ?? null;
    // Capturing, so that it resigns before the connection (its own listener) suspends itself.
    this.#view?.addEventListener('pagehide', this.#onPageHide, true);
    this.#view?.addEventListener('pageshow', this.#onPageShow);
    this.#start();
  }

  get leading(): boolean {
    return this.#release !== null;
  }

  /** Messages sent from this document and not yet taken by a leader. */
  get pending(): readonly SendData[] {
    return this.#pending.map(({ data }) => data);
  }

  /** Follower: sends through the leader (once one is known). */
  send(data: SendData, sender: EventTarget, limit: number): void {
    if (this.#pending.length >= limit) {
      throw new DOMException(
        `Cannot send: the outbox is full (queue-limit: ${this.#pending.length} messages).`,
        'QuotaExceededError',
      );
    }
    const pending = { seq: ++this.#seq, data, sender };
    this.#pending.push(pending);
    this.#post(pending);
  }

  /** This document's subscriptions changed. */
  subscriptions(subscriptions: Subscriptions): void {
    this.#subscriptions = subscriptions;
    if (!this.leading) this.#postSubscriptions();
  }

  /** Asks the leader for a connection if it has none. */
  connect(): void {
    if (this.leading) this.#host.connect();
    else this.#channel?.postMessage({ t: 'connect', from: this.#id } satisfies Message);
  }

  /** Leader: tells the followers about an event of the connection. */
  relay(event: Event, facts: Facts): void {
    // Resigning, it closes its socket: the followers hear `resign` instead. The leader's own
    // lost messages are its own elements' (others' wait in `#held`).
    if (!this.leading || (event instanceof ErrorEvent && event.error instanceof DiscardedMessagesError)) return;
    if (event.type === 'open') this.#flushHeld();
    this.#channel?.postMessage({ t: 'event', from: this.#id, event: toWire(event), facts } satisfies Message);
  }

  /** Leader: tells the followers the connection's state. */
  relayFacts(facts: Facts): void {
    if (this.leading) this.#channel?.postMessage({ t: 'facts', from: this.#id, facts } satisfies Message);
  }

  /** This document leaves the group for good (its last element left). */
  leave(): void {
    this.#view?.removeEventListener('pagehide', this.#onPageHide, true);
    this.#view?.removeEventListener('pageshow', this.#onPageShow);
    this.#stop(true);
  }

  /**
   * Leader: its connection ended for good. What others sent and it holds will not be written:
   * each sender is told, and forgets it.
   */
  gaveUp(): void {
    if (!this.leading || this.#held.length === 0) return;
    const held = this.#held;
    this.#held = [];
    const bySender = new Map<string, number[]>();
    for (const { from, seq } of held) bySender.set(from, [...(bySender.get(from) ?? []), seq]);
    for (const [to, seqs] of bySender) {
      this.#channel?.postMessage({ t: 'discarded', from: this.#id, to, seqs } satisfies Message);
    }
  }

  #start(): void {
    const channel = (this.#channel = new BroadcastChannel(this.#name));
    channel.onmessage = (event: MessageEvent<Message>) => this.#onMessage(event.data);
    const waiting = (this.#waiting = new AbortController());
    const locks = navigator.locks;
    // First without waiting, to know at once whether someone else leads.
    void locks
      .request(this.#name, { ifAvailable: true }, (lock) => {
        if (lock !== null) return this.#lead();
        this.#host.roleChanged('follower');
        channel.postMessage({ t: 'hello', from: this.#id } satisfies Message);
        this.#postSubscriptions();
        void locks.request(this.#name, { signal: waiting.signal }, () => this.#lead()).catch(() => {});
        return undefined;
      })
      .catch(() => {});
  }

  /** Leaves the group: for good (`final`), or while the page is hidden. */
  #stop(final: boolean): void {
    this.#waiting?.abort();
    this.#waiting = null;
    if (this.leading) {
      this.#resign();
    } else {
      this.#channel?.postMessage({ t: 'bye', from: this.#id, final } satisfies Message);
      if (!final) this.#host.hidden();
    }
    this.#channel?.close();
    this.#channel = null;
    this.#leader = null;
  }

  #lead(): Promise<void> | undefined {
    if (this.#channel === null) return undefined;
    const held = new Promise<void>((resolve) => (this.#release = resolve));
    this.#leader = this.#id;
    this.#taken.clear();
    this.#host.roleChanged('leader');
    const own = this.#pending;
    this.#pending = [];
    this.#host.lead();
    // What this document sent while following goes first, in order, ahead of what it sends next.
    for (const { data } of own) if (!this.#host.queue(data)) this.#held.push({ from: this.#id, seq: 0, data });
    this.#announce();
    return held;
  }

  #resign(): void {
    this.#channel?.postMessage({ t: 'resign', from: this.#id } satisfies Message);
    const release = this.#release;
    this.#release = null;
    this.#held = [];
    this.#host.resign();
    release?.();
  }

  /** Leader: writes what waited for the socket, oldest first, acknowledging each. */
  #flushHeld(): void {
    const held = this.#held;
    this.#held = [];
    for (const message of held) this.#take(message.from, message.seq, message.data);
  }

  #take(from: string, seq: number, data: SendData): void {
    if (!this.#host.write(data)) {
      this.#held.push({ from, seq, data });
      return;
    }
    if (from !== this.#id) this.#channel?.postMessage({ t: 'ack', from: this.#id, to: from, seq } satisfies Message);
  }

  #post({ seq, data }: Pending): void {
    if (this.#leader === null || this.leading) return;
    this.#channel?.postMessage({ t: 'send', from: this.#id, to: this.#leader, seq, data } satisfies Message);
  }

  #postSubscriptions(): void {
    this.#channel?.postMessage({ t: 'subs', from: this.#id, subs: [...this.#subscriptions] } satisfies Message);
  }

  #onMessage(message: Message): void {
    if (this.leading) {
      this.#onMessageAsLeader(message);
      return;
    }
    switch (message.t) {
      case 'leader':
        // A leader that went without a word (its document crashed) is replaced: a handover.
        if (this.#leader !== null && message.from !== this.#leader) this.#host.leaderFacts(null);
        this.#host.leaderSettings(message.settings);
        this.#host.leaderFacts(message.facts);
        if (message.from === this.#leader) return;
        this.#leader = message.from;
        // A new leader: it needs this document's subscriptions and what it has not acknowledged.
        this.#postSubscriptions();
        for (const pending of this.#pending) this.#post(pending);
        return;
      case 'event':
        if (message.from !== this.#leader) return;
        this.#host.leaderFacts(message.facts, fromWire(message.event));
        return;
      case 'facts':
        if (message.from === this.#leader) this.#host.leaderFacts(message.facts);
        return;
      case 'ack':
        if (message.to === this.#id && message.from === this.#leader) {
          this.#pending = this.#pending.filter(({ seq }) => seq > message.seq);
        }
        return;
      case 'discarded': {
        if (message.to !== this.#id || message.from !== this.#leader) return;
        const seqs = new Set(message.seqs);
        this.#host.discarded(this.#pending.filter(({ seq }) => seqs.has(seq)));
        this.#pending = this.#pending.filter(({ seq }) => !seqs.has(seq));
        return;
      }
      case 'resign':
        if (message.from !== this.#leader) return;
        this.#leader = null;
        this.#host.leaderFacts(null);
        return;
      default:
    }
  }

  #onMessageAsLeader(message: Message): void {
    switch (message.t) {
      case 'hello':
        this.#announce();
        return;
      case 'send': {
        if (message.to !== this.#id || message.seq <= (this.#taken.get(message.from) ?? 0)) return;
        this.#taken.set(message.from, message.seq);
        if (this.#held.length > 0) this.#held.push({ from: message.from, seq: message.seq, data: message.data });
        else this.#take(message.from, message.seq, message.data);
        return;
      }
      case 'subs':
        this.#host.remoteSubscriptions(message.from, new Map(message.subs));
        return;
      case 'bye':
        this.#host.remoteSubscriptions(message.from, new Map());
        // A document hidden for a while comes back with the same sequence: it is remembered.
        if (message.final) this.#taken.delete(message.from);
        return;
      case 'connect':
        this.#host.connect();
        return;
      default:
    }
  }

  /** Leader: who leads, with what settings, and the connection's state. */
  #announce(): void {
    const facts = this.#host.currentFacts();
    this.#channel?.postMessage({ t: 'leader', from: this.#id, settings: this.#settings, facts } satisfies Message);
  }

  #onPageHide = (event: Event): void => {
    if (event.target !== this.#view?.document && event.target !== this.#view) return;
    this.#stop(false);
  };

  #onPageShow = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted && this.#channel === null) this.#start();
  };
}
