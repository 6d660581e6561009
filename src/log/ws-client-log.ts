import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import { CONNECTION_EVENTS, type SendData } from '../connection.js';
import type { WsClient } from '../ws-client.js';
import { parseArchive, toHar, toJsonLines, type ImportedEntry } from './archive.js';
import { childPath, decode, type Decoded, type LogDecoder } from './decoders.js';
import {
  BINARY_VIEWS,
  binaryPayload,
  binaryView,
  clock,
  describe,
  describeEvent,
  duration,
  formatBytes,
  parseHex,
  type BinaryView,
  type ConnectionFacts,
  type Direction,
  type LogEntry,
} from './entry.js';
import { parseQuery, type Query } from './query.js';
import { fillPlaceholders, loadSnippets, saveSnippets, type ComposerMode, type Snippet } from './snippets.js';
import { logStyles } from './ws-client-log.styles.js';

/** What happened before the log loaded, kept by `<ws-client>` and replayed into it. */
export type EarlyRecord = { time: number; event: Event } | { time: number; sent: SendData };

/** Every text the log shows; `labels` replaces any of them. `{n}`, `{limit}`, `{time}` are filled in. */
export const LOG_LABELS = {
  log: 'Messages',
  filter: 'Filter',
  pause: 'Pause',
  resume: 'Resume',
  clear: 'Clear',
  export: 'Export',
  exportFormat: 'Export format',
  filteredOnly: 'Filtered only',
  import: 'Import',
  resend: 'Resend outgoing',
  copy: 'Copy',
  copyPath: 'Copy path',
  path: 'path',
  in: 'Received',
  out: 'Sent',
  event: 'Event',
  bytes: 'bytes',
  binary: 'binary',
  empty: 'No messages yet',
  newEntries: '{n} new',
  paused: '{n} arrived while paused',
  dropped: '{n} older entries dropped (log limit {limit})',
  announce: '{n} new messages',
  select: 'Select to time against another entry',
  between: 'Between the selected entries: {time}',
  views: 'View',
  text: 'Text',
  tree: 'Tree',
  hex: 'Hex',
  base64: 'Base64',
  utf8: 'UTF-8',
  stats: 'in {in} ({inBytes}) · out {out} ({outBytes})',
  rate: 'Messages per second over the last 60 s: {n} now, {max} at most',
  compose: 'Compose',
  message: 'Message to send',
  mode: 'Mode',
  send: 'Send',
  name: 'Name',
  save: 'Save',
  saved: 'Saved messages',
  delete: 'Delete',
  every: 'Repeat every (ms)',
  repeat: 'Repeat',
  stop: 'Stop',
  badHex: 'Not hex bytes: write pairs of hex digits, such as 01 02 ff.',
  notSent: 'Not sent: {reason}',
  imported: 'Imported {n} entries',
  importFailed: 'Import failed: {reason}',
};
export type LogLabels = typeof LOG_LABELS;

/** Rows in the DOM while following the newest entry (the log shows about 15 at its default height). */
const FOLLOW_WINDOW = 50;
/**
 * Rows in the DOM at most while scrolled up: a window around what is in view (more when the log
 * is taller than this shows at once). 60 rows keep the render of a new window under 20 ms.
 */
const SCROLL_WINDOW = 60;
/** Characters of a payload shown in its row; the rest is behind "expand". */
const PREVIEW = 200;
/** Nodes of a JSON tree rendered at most (the text view has the rest). */
const TREE_NODES = 500;
/** Arrivals are announced at most this often (ms), as one sentence. */
const ANNOUNCE_EVERY = 1000;
const RATE_SECONDS = 60;

type PayloadView = 'text' | 'tree' | BinaryView;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/**
 * A WebSocket console for a `<ws-client>`: every frame and lifecycle event, with binary views,
 * a query filter, timing and a rate chart, saved messages, and JSON Lines and HAR export and import.
 *
 * @summary The message log of a `<ws-client>`, inside it (`log`) or anywhere in the page (`for`).
 * @tagname ws-client-log
 *
 * @attr for - The id of the `<ws-client>` in this document to log; followed when that id moves.
 *
 * @fires error {ErrorEvent} - Copying to the clipboard failed.
 *
 * @csspart log-toolbar - The row with the filter and the buttons.
 * @csspart filter - The query filter input.
 * @csspart filter-count - Entries matching the filter, of all kept ("2 / 3").
 * @csspart pause-button - Pauses and resumes rendering (recording goes on).
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
 * @csspart composer - The composer: a message, its mode, saved messages and repeat.
 *
 * @cssprop --ws-client-log-height - Maximum height of the log before it scrolls.
 * @cssprop --ws-client-log-font-family - Font of the log.
 * @cssprop --ws-client-log-font-size - Font size of the log.
 * @cssprop --ws-client-log-background - Background of the log.
 * @cssprop --ws-client-in-color - Colour of received entries.
 * @cssprop --ws-client-out-color - Colour of sent entries.
 * @cssprop --ws-client-event-color - Colour of lifecycle entries.
 * @cssprop --ws-client-error-color - Outline of the filter when its query is invalid.
 * @cssprop --ws-client-font - Font of the toolbar and composer.
 * @cssprop --ws-client-color - Text colour.
 * @cssprop --ws-client-gap - Space between the controls.
 * @cssprop --ws-client-border - Border of inputs, buttons and the log.
 * @cssprop --ws-client-radius - Corner radius of inputs, buttons and the log.
 * @cssprop --ws-client-control-padding - Padding inside inputs and buttons.
 * @cssprop --ws-client-input-background - Background of the inputs.
 * @cssprop --ws-client-button-background - Background of the buttons.
 * @cssprop --ws-client-focus-ring - Outline of the focused control or entry.
 */
export class WsClientLog extends LitElement {
  static override styles = logStyles;

  /** Registers the element under `tag` unless that name is taken already. */
  static define(tag = 'ws-client-log', registry: CustomElementRegistry = customElements): typeof WsClientLog {
    if (!registry.get(tag)) registry.define(tag, this);
    return this;
  }

  /** The id of the `<ws-client>` to log, in this element's document (or shadow root). */
  @property({ attribute: 'for' }) htmlFor = '';
  /** The `<ws-client>` to log, set directly; takes precedence over `for`. */
  @property({ attribute: false })
  get client(): WsClient | null {
    return this.#client;
  }
  set client(client: WsClient | null) {
    this.#client = client;
    // At once, not at the next update: nothing the client does in between goes unlogged.
    this.#follow();
  }
  /**
   * Entries kept and rendered at most; anything but a finite number >= 1 means 1000.
   * @default 1000
   */
  @property({ type: Number }) limit = 1000;
  /** Replacements for any of the log's texts. */
  @property({ attribute: false }) labels: Partial<LogLabels> = {};
  /** Decoders tried, in order, before the built-in JSON one: `{name, test, decode}`. */
  @property({ attribute: false }) decoders: LogDecoder[] = [];
  /** The localStorage key of the saved messages. */
  @property({ attribute: 'storage-key' }) storageKey = 'ws-client-log';

  @state() private snippets: Snippet[] = [];
  @state() private notice = '';

  @query('.log') private logElement!: HTMLElement | null;
  @query('.list') private listElement!: HTMLElement | null;
  @query('.filter') private filterElement!: HTMLInputElement | null;
  @query('.message') private messageElement!: HTMLTextAreaElement | null;
  @query('.sparkline') private sparklineElement!: HTMLCanvasElement | null;

  #client: WsClient | null = null;
  #entries: LogEntry[] = [];
  #nextId = 1;
  #frame = 0;
  #renders = 0;
  /** What the list shows while paused; entries go on being recorded. */
  #frozen: LogEntry[] | null = null;
  #arrivedWhilePaused = 0;
  #dropped = 0;
  #query: Query = parseQuery('');
  #queryText = '';
  /** Keep the newest entry in view, unless the user scrolled up. */
  #stick = true;
  /** Entries that arrived while scrolled up. */
  #unseen = 0;
  /** The first row rendered while scrolled up (an index into the filtered list). */
  #windowStart = 0;
  #rowHeight = 24;
  /** Rows the log shows at once, at its current height. */
  #inView = 15;
  /** The entry keyboard focus is on (its id), or 0. */
  #cursor = 0;
  readonly #expanded = new Set<number>();
  readonly #views = new Map<number, PayloadView>();
  #selected: number[] = [];
  #decoded = new WeakMap<LogEntry, Decoded | null>();
  #search = new WeakMap<LogEntry, string>();
  /** Counts of live messages since the last clear. */
  #stats = { in: 0, inBytes: 0, out: 0, outBytes: 0 };
  /** Messages per second, a ring over the last 60 s; `#rateSecond` is the newest second in it. */
  #rate = new Uint32Array(RATE_SECONDS);
  #rateSecond = 0;
  #rateTimer = 0;
  #pendingAnnounce = 0;
  /** What the live region says now (rendered with the next frame, as everything the timers change). */
  #announcement = '';
  #announceTimer = 0;
  #mode: ComposerMode = 'text';
  #seq = 0;
  #repeatTimer = 0;
  /** The client listened to now, and how to stop. */
  #attached: { client: WsClient; stop: () => void } | null = null;
  #idObserver: MutationObserver | null = null;
  #openedAt = 0;

  /** Renders so far (benchmarks and tests: at most one per animation frame). */
  get renders(): number {
    return this.#renders;
  }
  get paused(): boolean {
    return this.#frozen !== null;
  }
  /** Entries kept now, oldest first (at most `limit`). */
  get entries(): readonly LogEntry[] {
    this.#trim();
    return this.#entries;
  }
  /** The entries the filter lets through (all of them without a filter). */
  get filteredEntries(): readonly LogEntry[] {
    return this.#filter(this.entries);
  }
  /** The `<ws-client>` logged now: `client`, or the element `for` names. */
  get target(): WsClient | null {
    return this.#attached?.client ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.snippets = loadSnippets(this.storageKey);
    this.addEventListener('keydown', this.#onHostKeydown);
    this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onHostKeydown);
    this.#idObserver?.disconnect();
    this.#idObserver = null;
    // Inside <ws-client log> the client detaches it by setting `client` to null; a standalone
    // log lets go of its client when it leaves the page.
    if (!this.#embedded()) this.#attach(null);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    clearInterval(this.#rateTimer);
    this.#rateTimer = 0;
    clearTimeout(this.#announceTimer);
    this.#announceTimer = 0;
    this.#stopRepeat();
  }

  /** Inside `<ws-client log>`, the log renders into the client's shadow root (see below). */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    // The client's own parts, selectors and styles (`ws-client::part(entry)`) keep working as
    // they did when the log was part of the client: no second shadow root in between. The
    // client adopts the log's styles into its root.
    return this.#embedded() ? this : super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('htmlFor')) this.#follow();
    if (changed.has('decoders')) {
      this.#decoded = new WeakMap();
      this.#search = new WeakMap();
    }
    if (changed.has('storageKey') && this.isConnected) this.snippets = loadSnippets(this.storageKey);
  }

  protected override updated(): void {
    const log = this.logElement;
    const list = this.listElement;
    if (!log || !list) return;
    // Writes first, then reads: one layout per frame. Spacers stand for the rows outside the
    // window, so the scrollbar tells the whole log. Set through the CSSOM: a style attribute
    // would need 'unsafe-inline' under a strict CSP.
    const before = this.#spacer.before * this.#rowHeight;
    const after = this.#spacer.after * this.#rowHeight;
    list.style.paddingBlockStart = `${before}px`;
    list.style.paddingBlockEnd = `${after}px`;
    if (this.#stick && this.#frozen === null) log.scrollTop = log.scrollHeight;
    const rows = list.children.length;
    const height = rows > 0 ? (list.offsetHeight - before - after) / rows : 0;
    // The estimate of a row's height, for the spacers: from the rows rendered.
    if (height > 4) this.#rowHeight = height;
    this.#inView = Math.ceil(log.clientHeight / this.#rowHeight);
    this.#drawSparkline();
  }

  /** Logs a message the client sent (or queued). */
  outgoing(data: SendData, time = Date.now()): void {
    this.#addData('out', data, time);
  }

  /** Logs what happened before the log loaded. */
  replay(records: readonly EarlyRecord[]): void {
    for (const record of records) {
      if ('sent' in record) this.outgoing(record.sent, record.time);
      else this.#onClientEvent(record.event, record.time);
    }
  }

  clear(): void {
    this.#entries = [];
    if (this.#frozen) this.#frozen = [];
    this.#expanded.clear();
    this.#views.clear();
    this.#selected = [];
    this.#dropped = 0;
    this.#unseen = 0;
    this.#arrivedWhilePaused = 0;
    this.#stats = { in: 0, inBytes: 0, out: 0, outBytes: 0 };
    this.#rate.fill(0);
    this.notice = '';
    this.requestUpdate();
  }

  /** Keeps recording, stops rendering new entries; `false` shows what came meanwhile, in order. */
  setPaused(paused: boolean): void {
    this.#frozen = paused ? [...this.entries] : null;
    this.#arrivedWhilePaused = 0;
    this.requestUpdate();
  }

  /** The log as JSON Lines, one entry per line, oldest first (binary payloads in base64). */
  exportJsonLines(filtered = false): string {
    return toJsonLines(filtered ? this.filteredEntries : this.entries);
  }

  /** The log's frames as a HAR file, as Chrome's DevTools saves a WebSocket (`_webSocketMessages`). */
  exportHar(filtered = false): string {
    return toHar(filtered ? this.filteredEntries : this.entries, this.target?.url ?? '');
  }

  /**
   * Adds the entries of a JSON Lines or HAR file (a HAR from Chrome's DevTools too), after those
   * kept; returns how many. Throws a SyntaxError for anything else.
   */
  importText(text: string): number {
    const imported = parseArchive(text);
    for (const entry of imported) this.#push(entry, false);
    this.requestUpdate();
    return imported.length;
  }

  /** Sends the outgoing messages shown (filtered, when filtering) again, in order; returns how many. */
  resendOutgoing(): number {
    const client = this.target;
    if (!client) return 0;
    const outgoing = this.filteredEntries.filter((entry) => entry.direction === 'out');
    for (const entry of outgoing) client.send(entry.bytes ? entry.bytes.slice().buffer : entry.text);
    return outgoing.length;
  }

  /** The text of an entry as the view chosen for it shows it (what Copy copies). */
  viewText(entry: LogEntry): string {
    const view = this.#viewOf(entry);
    if (entry.bytes && (BINARY_VIEWS as readonly string[]).includes(view))
      return binaryView(entry.bytes, view as BinaryView);
    return this.#decodedOf(entry)?.text ?? entry.text;
  }

  #embedded(): boolean {
    return this.client !== null && this.getRootNode() === this.client.renderRoot;
  }

  /** The texts, merged once per change of `labels` (rows are re-rendered only when it changes). */
  #merged: { from: Partial<LogLabels> | null; labels: LogLabels } = { from: null, labels: LOG_LABELS };

  #labels(): LogLabels {
    if (this.#merged.from !== this.labels)
      this.#merged = { from: this.labels, labels: { ...LOG_LABELS, ...this.labels } };
    return this.#merged.labels;
  }

  // Following a client.

  /** Attaches to `client`, or to the element `for` names (watching for that id to move). */
  #follow(): void {
    if (this.client) {
      this.#idObserver?.disconnect();
      this.#idObserver = null;
      this.#attach(this.client);
      return;
    }
    if (!this.isConnected || !this.htmlFor) {
      this.#attach(null);
      return;
    }
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = root.getElementById(this.htmlFor);
    this.#attach(
      found?.localName === 'ws-client' || (found instanceof HTMLElement && 'observeSends' in found)
        ? (found as WsClient)
        : null,
    );
    if (!this.#idObserver) {
      this.#idObserver = new MutationObserver(() => this.#follow());
      this.#idObserver.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['id'] });
    }
  }

  #attach(client: WsClient | null): void {
    if (this.#attached?.client === client) return;
    this.#attached?.stop();
    this.#attached = null;
    this.#stopRepeat();
    if (!client) return;
    const types = [...CONNECTION_EVENTS, 'share-role'];
    const listener = (event: Event): void => this.#onClientEvent(event, Date.now());
    for (const type of types) client.addEventListener(type, listener);
    const stopSends = client.observeSends((data) => this.outgoing(data));
    this.#openedAt = client.readyState === 1 ? Date.now() : 0;
    this.#attached = {
      client,
      stop: () => {
        for (const type of types) client.removeEventListener(type, listener);
        stopSends();
      },
    };
    this.requestUpdate();
  }

  #facts(): ConnectionFacts {
    const client = this.target;
    return { protocol: client?.protocol ?? '', extensions: client?.extensions ?? '', openedAt: this.#openedAt };
  }

  #onClientEvent(event: Event, time: number): void {
    if (event.type === 'message') {
      this.#addData('in', (event as MessageEvent).data, time);
      return;
    }
    if (event.type === 'open') this.#openedAt = time;
    const { text, detail } = describeEvent(event, this.#facts(), time);
    if (event.type === 'close') {
      this.#openedAt = 0;
      this.#stopRepeat();
    }
    const entry: ImportedEntry = { time, direction: 'event', kind: event.type, size: 0, text, json: false };
    if (detail) entry.detail = detail;
    this.#push(entry, true);
  }

  // Recording.

  /** A frame; a Blob's bytes are read, and shown once they arrive. */
  #addData(direction: Direction, data: unknown, time: number): void {
    const entry = this.#push({ time, direction, kind: 'message', ...describe(data) }, true);
    if (!(data instanceof Blob)) return;
    data.arrayBuffer().then(
      (buffer) => {
        Object.assign(entry, binaryPayload(new Uint8Array(buffer)));
        this.#decoded.delete(entry);
        this.#search.delete(entry);
        this.#schedule();
      },
      () => {},
    );
  }

  #push(imported: ImportedEntry, live: boolean): LogEntry {
    const entry: LogEntry = { id: this.#nextId++, ...imported };
    this.#entries.push(entry);
    // Trimmed lazily, so a burst between two frames costs one copy, not one per frame.
    if (this.#entries.length >= this.#limit() * 2) this.#trim();
    if (this.#frozen) this.#arrivedWhilePaused += 1;
    else if (!this.#stick) this.#unseen += 1;
    if (live && entry.direction !== 'event') this.#count(entry);
    this.#schedule();
    return entry;
  }

  #count(entry: ImportedEntry): void {
    if (entry.direction === 'in') {
      this.#stats.in += 1;
      this.#stats.inBytes += entry.size;
      this.#pendingAnnounce += 1;
      this.#announceTimer ||= window.setTimeout(this.#announce, ANNOUNCE_EVERY);
    } else {
      this.#stats.out += 1;
      this.#stats.outBytes += entry.size;
    }
    this.#advanceRate(Math.floor(entry.time / 1000));
    this.#rate[this.#rateSecond % RATE_SECONDS] += 1;
    this.#rateTimer ||= window.setInterval(this.#tickRate, 1000);
  }

  #announce = (): void => {
    this.#announceTimer = 0;
    this.#announcement = fill(this.#labels().announce, { n: this.#pendingAnnounce });
    this.#pendingAnnounce = 0;
    this.#schedule();
  };

  /** Moves the rate ring to `second`, zeroing the seconds skipped. */
  #advanceRate(second: number): void {
    if (second <= this.#rateSecond) return;
    const skipped = Math.min(RATE_SECONDS, second - this.#rateSecond);
    for (let i = 1; i <= skipped; i += 1) this.#rate[(this.#rateSecond + i) % RATE_SECONDS] = 0;
    this.#rateSecond = second;
  }

  /** Once a second while the last minute had messages: the chart moves on without them. */
  #tickRate = (): void => {
    this.#advanceRate(Math.floor(Date.now() / 1000));
    if (this.#rate.every((count) => count === 0)) {
      clearInterval(this.#rateTimer);
      this.#rateTimer = 0;
    }
    this.#schedule();
  };

  #limit(): number {
    return Number.isFinite(this.limit) && this.limit >= 1 ? Math.floor(this.limit) : 1000;
  }

  #trim(): void {
    const limit = this.#limit();
    if (this.#entries.length <= limit) return;
    this.#dropped += this.#entries.length - limit;
    this.#entries = this.#entries.slice(-limit);
    const oldest = this.#entries[0].id;
    for (const id of this.#expanded) if (id < oldest) this.#expanded.delete(id);
    for (const id of this.#views.keys()) if (id < oldest) this.#views.delete(id);
    this.#selected = this.#selected.filter((id) => id >= oldest);
  }

  #schedule(): void {
    if (this.#frame === 0) this.#frame = requestAnimationFrame(this.#flush);
  }

  #flush = (): void => {
    this.#frame = 0;
    this.requestUpdate();
  };

  // Filtering and decoding.

  #decodedOf(entry: LogEntry): Decoded | null {
    let decoded = this.#decoded.get(entry);
    if (decoded === undefined) {
      decoded = decode(entry, this.decoders);
      this.#decoded.set(entry, decoded);
    }
    return decoded;
  }

  /** What the filter searches: the text, its decoded form (pretty JSON too) and any facts. */
  #searchOf(entry: LogEntry): string {
    let text = this.#search.get(entry);
    if (text === undefined) {
      const decoded = this.#decodedOf(entry);
      text = [entry.text, decoded?.text, entry.detail].filter(Boolean).join('\n').toLowerCase();
      this.#search.set(entry, text);
    }
    return text;
  }

  #filter(entries: readonly LogEntry[]): readonly LogEntry[] {
    if (this.#query.empty) return entries;
    return entries.filter((entry) => this.#query.test(entry, () => this.#searchOf(entry)));
  }

  #viewOf(entry: LogEntry): PayloadView {
    return this.#views.get(entry.id) ?? (entry.bytes && !this.#decodedOf(entry) ? 'hex' : 'text');
  }

  // User actions.

  #onFilter = (event: Event): void => {
    this.#queryText = (event.currentTarget as HTMLInputElement).value;
    this.#query = parseQuery(this.#queryText);
    this.#windowStart = 0;
    this.requestUpdate();
  };

  /** Rows to render: `rows`, or enough to fill a taller log twice over. */
  #window(rows: number): number {
    return Math.max(rows, 2 * this.#inView);
  }

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
    const size = this.#window(SCROLL_WINDOW);
    const start = Math.max(0, Math.floor(log.scrollTop / this.#rowHeight) - size / 4);
    if (stick === this.#stick && (stick || Math.abs(start - this.#windowStart) < size / 8)) return;
    if (stick) this.#unseen = 0;
    this.#stick = stick;
    this.#windowStart = start;
    this.requestUpdate();
  };

  /** Back to the newest entry, following again. */
  #jumpToNewest = (): void => {
    this.#stick = true;
    this.#unseen = 0;
    this.requestUpdate();
  };

  #onToggle(event: Event, entry: LogEntry): void {
    if ((event.currentTarget as HTMLDetailsElement).open) this.#expanded.add(entry.id);
    else this.#expanded.delete(entry.id);
    this.requestUpdate();
  }

  #setView(entry: LogEntry, view: PayloadView): void {
    this.#views.set(entry.id, view);
    this.requestUpdate();
  }

  #toggleSelected(entry: LogEntry): void {
    this.#selected = this.#selected.includes(entry.id)
      ? this.#selected.filter((id) => id !== entry.id)
      : [...this.#selected, entry.id].slice(-2);
    this.requestUpdate();
  }

  #copyText(text: string): void {
    navigator.clipboard.writeText(text).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.dispatchEvent(
        new ErrorEvent('error', {
          message: `Copy failed: ${reason}`,
          error: new DOMException(reason, 'NotAllowedError'),
        }),
      );
    });
  }

  #onExport = (): void => {
    const root = this.renderRoot;
    const har = root.querySelector<HTMLSelectElement>('.export-format')?.value === 'har';
    const filtered = root.querySelector<HTMLInputElement>('.export-filtered')?.checked ?? false;
    const text = har ? this.exportHar(filtered) : this.exportJsonLines(filtered);
    const url = URL.createObjectURL(new Blob([text], { type: har ? 'application/json' : 'application/jsonl' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `ws-client-log-${new Date().toISOString().replaceAll(':', '-')}.${har ? 'har' : 'jsonl'}`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  #onImportFile = async (event: Event): Promise<void> => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const labels = this.#labels();
    try {
      this.notice = fill(labels.imported, { n: this.importText(await file.text()) });
    } catch (error) {
      this.notice = fill(labels.importFailed, { reason: error instanceof Error ? error.message : String(error) });
    }
  };

  /** Sends `body` in `mode` through the client, placeholders filled; false (and a notice) when it cannot. */
  #send(body: string, mode: ComposerMode): boolean {
    const labels = this.#labels();
    const client = this.target;
    const text = fillPlaceholders(body, ++this.#seq);
    let data: string | ArrayBuffer = text;
    if (mode === 'hex') {
      const bytes = parseHex(text);
      if (bytes === null) {
        this.notice = labels.badHex;
        return false;
      }
      data = bytes.buffer;
    }
    try {
      if (!client) throw new DOMException('no <ws-client> to send through', 'InvalidStateError');
      client.send(data);
      this.notice = '';
      return true;
    } catch (error) {
      this.notice = fill(labels.notSent, { reason: error instanceof Error ? error.message : String(error) });
      this.#stopRepeat();
      return false;
    }
  }

  #sendComposed = (): void => {
    const message = this.messageElement;
    if (message) this.#send(message.value, this.#mode);
  };

  #onMessageKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.#sendComposed();
    }
  };

  #saveSnippet = (): void => {
    const name = this.renderRoot.querySelector<HTMLInputElement>('.snippet-name');
    const body = this.messageElement?.value ?? '';
    if (!name || body === '') return;
    const snippet: Snippet = { name: name.value.trim() || `#${this.snippets.length + 1}`, body, mode: this.#mode };
    this.snippets = [...this.snippets.filter((each) => each.name !== snippet.name), snippet];
    saveSnippets(this.storageKey, this.snippets);
    name.value = '';
  };

  #deleteSnippet(snippet: Snippet): void {
    this.snippets = this.snippets.filter((each) => each !== snippet);
    saveSnippets(this.storageKey, this.snippets);
  }

  #toggleRepeat = (): void => {
    if (this.#repeatTimer) {
      this.#stopRepeat();
      return;
    }
    const every = Number(this.renderRoot.querySelector<HTMLInputElement>('.interval')?.value);
    const message = this.messageElement;
    if (!message || !Number.isFinite(every) || every <= 0) return;
    const body = message.value;
    const mode = this.#mode;
    if (!this.#send(body, mode)) return;
    // At least 10 ms: a smaller figure would flood the socket, not test it.
    this.#repeatTimer = window.setInterval(() => this.#send(body, mode), Math.max(10, every));
    this.requestUpdate();
  };

  #stopRepeat(): void {
    if (!this.#repeatTimer) return;
    clearInterval(this.#repeatTimer);
    this.#repeatTimer = 0;
    this.requestUpdate();
  }

  /** Whether the repeat is running (it stops when the connection closes). */
  get repeating(): boolean {
    return this.#repeatTimer !== 0;
  }

  // Keyboard.

  /** `/` focuses the filter from anywhere in the log but a text field. */
  #onHostKeydown = (event: KeyboardEvent): void => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const origin = event.composedPath()[0];
    if (
      origin instanceof HTMLInputElement ||
      origin instanceof HTMLTextAreaElement ||
      origin instanceof HTMLSelectElement
    )
      return;
    event.preventDefault();
    this.filterElement?.focus();
  };

  /** Up, Down, Home and End move between entries; Enter expands the entry focused. */
  #onLogKeydown = (event: KeyboardEvent): void => {
    const origin = event.composedPath()[0];
    if (!(origin instanceof HTMLElement) || (origin !== event.currentTarget && !origin.classList.contains('entry')))
      return;
    const visible = this.#frozen === null ? this.filteredEntries : this.#filter(this.#frozen);
    if (visible.length === 0) return;
    const index = visible.findIndex((entry) => entry.id === this.#cursor);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = index < 0 ? 0 : Math.min(visible.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = index < 0 ? visible.length - 1 : Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = visible.length - 1;
        break;
      case 'Enter': {
        if (index < 0 || origin === event.currentTarget) return;
        event.preventDefault();
        const details = origin.querySelector('details');
        if (details) details.open = !details.open;
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    this.#moveCursor(visible, next);
  };

  async #moveCursor(visible: readonly LogEntry[], index: number): Promise<void> {
    const entry = visible[index];
    this.#cursor = entry.id;
    this.#stick = index === visible.length - 1;
    if (this.#stick) this.#unseen = 0;
    // The row must be in the rendered window.
    if (!this.#stick) this.#windowStart = Math.max(0, index - this.#window(SCROLL_WINDOW) / 2);
    this.requestUpdate();
    await this.updateComplete;
    const row = this.renderRoot.querySelector<HTMLElement>(`.entry[data-id="${entry.id}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    row?.focus({ preventScroll: true });
  }

  // Rendering.

  #drawnAt = 0;
  #drawnCanvas: HTMLCanvasElement | null = null;
  /** Rows outside the rendered window, before and after it (set by render, used by updated). */
  #spacer = { before: 0, after: 0 };

  #drawSparkline(): void {
    const canvas = this.sparklineElement;
    // Four times a second is enough for a chart of seconds, and spares a style read per frame.
    const now = performance.now();
    if (!canvas || (now - this.#drawnAt < 250 && canvas.width > 0 && this.#drawnCanvas === canvas)) return;
    const context = canvas.getContext('2d');
    if (!context) return;
    this.#drawnAt = now;
    this.#drawnCanvas = canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(canvas.clientWidth * ratio) || 120;
    const height = Math.round(canvas.clientHeight * ratio) || 24;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    context.clearRect(0, 0, width, height);
    context.fillStyle = getComputedStyle(canvas).color;
    const counts = this.#rateSeries();
    const max = Math.max(1, ...counts);
    const bar = width / RATE_SECONDS;
    counts.forEach((count, i) => {
      if (count === 0) return;
      const barHeight = Math.max(1, (count / max) * height);
      context.fillRect(i * bar, height - barHeight, Math.max(1, bar - 0.5), barHeight);
    });
  }

  /** Messages per second, oldest first, the newest second last. */
  #rateSeries(): number[] {
    const now = Math.max(this.#rateSecond, Math.floor(Date.now() / 1000));
    return Array.from({ length: RATE_SECONDS }, (_, i) => {
      const second = now - (RATE_SECONDS - 1 - i);
      return second > this.#rateSecond - RATE_SECONDS && second <= this.#rateSecond
        ? this.#rate[second % RATE_SECONDS]
        : 0;
    });
  }

  protected override render(): TemplateResult {
    this.#renders += 1;
    const labels = this.#labels();
    const kept = this.#frozen ?? this.entries;
    const visible = this.#filter(kept);
    const following = this.#stick && this.#frozen === null;
    let start: number;
    let end: number;
    if (following) {
      end = visible.length;
      start = Math.max(0, end - this.#window(FOLLOW_WINDOW));
    } else {
      const size = this.#window(SCROLL_WINDOW);
      start = Math.min(this.#windowStart, Math.max(0, visible.length - size));
      end = Math.min(visible.length, start + size);
    }
    this.#spacer = { before: start, after: visible.length - end };
    const rows = visible.slice(start, end);
    return html`${this.#renderToolbar(labels, visible.length, kept.length)} ${this.#renderNotice(labels)}
      <div
        part="log"
        class="log"
        role="log"
        aria-live="off"
        aria-label=${labels.log}
        tabindex="0"
        @scroll=${this.#onScroll}
        @keydown=${this.#onLogKeydown}
      >
        ${visible.length === 0 ? html`<p part="log-empty" class="empty">${labels.empty}</p>` : ''}
        <ol part="log-list" class="list">
          ${repeat(
            rows,
            (entry) => entry.id,
            (entry, i) => {
              const previous = start + i === 0 ? undefined : visible[start + i - 1];
              // A row renders again only when something it shows changed: under a burst, each
              // frame builds the new rows, not the 50 or 100 of the window.
              return guard(
                [
                  entry,
                  entry.bytes,
                  previous?.time,
                  labels,
                  this.decoders,
                  this.#selected.includes(entry.id),
                  this.#expanded.has(entry.id),
                  this.#views.get(entry.id),
                  entry.id === this.#cursor,
                ],
                () => this.#renderEntry(entry, previous, labels),
              );
            },
          )}
        </ol>
        ${
          !following && this.#unseen > 0 && this.#frozen === null
            ? html`<button part="new-button" class="button jump" type="button" @click=${this.#jumpToNewest}>
                ${fill(labels.newEntries, { n: this.#unseen })}
              </button>`
            : nothing
        }
      </div>
      ${this.#renderFooter(labels)} ${this.#renderComposer(labels)}
      <div class="sr-only" role="status" aria-live="polite">${this.#announcement}</div>`;
  }

  #renderToolbar(labels: LogLabels, shown: number, kept: number): TemplateResult {
    const error = this.#query.error;
    return html`<div part="log-toolbar" class="toolbar">
      <input
        part="filter"
        class="field filter"
        type="search"
        aria-label=${labels.filter}
        placeholder=${labels.filter}
        aria-invalid=${error ? 'true' : 'false'}
        title=${ifDefined(error || undefined)}
        .value=${this.#queryText}
        @input=${this.#onFilter}
      />
      ${
        this.#query.empty
          ? nothing
          : html`<output part="filter-count" class="count" aria-live="polite">${shown} / ${kept}</output>`
      }
      <button
        part="pause-button"
        class="button"
        type="button"
        aria-pressed=${this.paused}
        @click=${() => this.setPaused(!this.paused)}
      >
        ${this.paused ? labels.resume : labels.pause}
      </button>
      <button part="clear-button" class="button" type="button" @click=${() => this.clear()}>${labels.clear}</button>
      <select class="select export-format" aria-label=${labels.exportFormat}>
        <option value="jsonl">JSON Lines</option>
        <option value="har">HAR</option>
      </select>
      <label><input class="export-filtered" type="checkbox" /> ${labels.filteredOnly}</label>
      <button part="export-button" class="button" type="button" @click=${this.#onExport}>${labels.export}</button>
      <button
        part="import-button"
        class="button"
        type="button"
        @click=${() => this.renderRoot.querySelector<HTMLInputElement>('.import-file')?.click()}
      >
        ${labels.import}
      </button>
      <input class="import-file" type="file" hidden accept=".har,.jsonl,.json" @change=${this.#onImportFile} />
      <button part="resend-button" class="button" type="button" @click=${() => this.resendOutgoing()}>
        ${labels.resend}
      </button>
    </div>`;
  }

  #renderNotice(labels: LogLabels): TemplateResult | typeof nothing {
    const notes: string[] = [];
    if (this.#query.error) notes.push(this.#query.error);
    if (this.#frozen !== null && this.#arrivedWhilePaused > 0)
      notes.push(fill(labels.paused, { n: this.#arrivedWhilePaused }));
    if (this.#dropped > 0) notes.push(fill(labels.dropped, { n: this.#dropped, limit: this.#limit() }));
    if (this.notice) notes.push(this.notice);
    if (notes.length === 0) return nothing;
    return html`<p part="log-notice" class="notice">${notes.join(' · ')}</p>`;
  }

  #renderFooter(labels: LogLabels): TemplateResult {
    const stats = this.#stats;
    const series = this.#rateSeries();
    const [first, second] = this.#selected
      .map((id) => this.#entries.find((entry) => entry.id === id))
      .filter((entry) => entry !== undefined);
    return html`<div part="log-footer" class="footer">
      <span class="stats"
        >${fill(labels.stats, {
          in: stats.in,
          inBytes: formatBytes(stats.inBytes),
          out: stats.out,
          outBytes: formatBytes(stats.outBytes),
        })}</span
      >
      <canvas
        part="sparkline"
        class="sparkline"
        role="img"
        aria-label=${fill(labels.rate, { n: series[RATE_SECONDS - 1], max: Math.max(...series) })}
      ></canvas>
      ${
        first && second
          ? html`<output class="between"
              >${fill(labels.between, { time: duration(Math.abs(second.time - first.time)) })}</output
            >`
          : nothing
      }
    </div>`;
  }

  #renderComposer(labels: LogLabels): TemplateResult {
    return html`<details part="composer" class="composer">
      <summary>${labels.compose}</summary>
      <div class="composer-row">
        <textarea
          class="field message"
          aria-label=${labels.message}
          placeholder=${labels.message}
          @keydown=${this.#onMessageKeydown}
        ></textarea>
        <select
          class="select mode"
          aria-label=${labels.mode}
          @change=${(event: Event) => {
            this.#mode = (event.currentTarget as HTMLSelectElement).value === 'hex' ? 'hex' : 'text';
          }}
        >
          <option value="text">${labels.text}</option>
          <option value="hex">${labels.hex}</option>
        </select>
        <button class="button send" type="button" @click=${this.#sendComposed}>${labels.send}</button>
      </div>
      <div class="composer-row">
        <input class="field snippet-name" type="text" aria-label=${labels.name} placeholder=${labels.name} />
        <button class="button save" type="button" @click=${this.#saveSnippet}>${labels.save}</button>
        <input class="field interval" type="number" min="10" value="1000" aria-label=${labels.every} />
        <button class="button repeat" type="button" aria-pressed=${this.repeating} @click=${this.#toggleRepeat}>
          ${this.repeating ? labels.stop : labels.repeat}
        </button>
      </div>
      ${
        this.snippets.length === 0
          ? nothing
          : html`<ul class="snippets" aria-label=${labels.saved}>
              ${this.snippets.map(
                (snippet) =>
                  html`<li>
                    <button
                      class="button small snippet"
                      type="button"
                      @click=${() => this.#send(snippet.body, snippet.mode)}
                    >
                      ${labels.send} ${snippet.name}
                    </button>
                    <button
                      class="button small delete"
                      type="button"
                      aria-label="${labels.delete} ${snippet.name}"
                      @click=${() => this.#deleteSnippet(snippet)}
                    >
                      ×
                    </button>
                  </li>`,
              )}
            </ul>`
      }
    </details>`;
  }

  #renderEntry(entry: LogEntry, previous: LogEntry | undefined, labels: LogLabels): TemplateResult {
    const decoded = this.#decodedOf(entry);
    const binary = entry.bytes !== undefined;
    const expandable = binary || decoded !== null || entry.text.length > PREVIEW;
    const preview = entry.text.length > PREVIEW ? `${entry.text.slice(0, PREVIEW)}…` : entry.text;
    const selected = this.#selected.includes(entry.id);
    const arrow = entry.direction === 'in' ? '↓' : entry.direction === 'out' ? '↑' : '•';
    const size =
      binary || entry.text.startsWith('Blob (')
        ? `${labels.binary} · ${formatBytes(entry.size)}`
        : `${entry.size} ${labels.bytes}`;
    return html`<li
      part="entry"
      class="entry ${selected ? 'selected' : ''}"
      data-direction=${entry.direction}
      data-kind=${entry.kind}
      data-id=${entry.id}
      tabindex=${entry.id === this.#cursor ? 0 : -1}
    >
      <span part="entry-direction" class="direction"
        ><span class="arrow" aria-hidden="true">${arrow}</span> ${labels[entry.direction]}</span
      >
      <button
        class="time-button"
        type="button"
        aria-pressed=${selected}
        title=${labels.select}
        @click=${() => this.#toggleSelected(entry)}
      >
        <time part="entry-time" class="time" datetime=${new Date(entry.time).toISOString()}>${clock(entry.time)}</time>
      </button>
      ${previous ? html`<span part="entry-gap" class="gap">+${duration(Math.max(0, entry.time - previous.time))}</span>` : nothing}
      ${entry.direction === 'event' ? nothing : html`<span part="entry-size" class="size">${size}</span>`}
      ${decoded ? html`<span part="entry-decoder" class="badge">${decoded.name}</span>` : nothing}
      ${
        expandable
          ? html`<details
              part="entry-details"
              class="details"
              @toggle=${(event: Event) => this.#onToggle(event, entry)}
            >
              <summary part="entry-payload" class="payload">${preview}</summary>
              ${this.#expanded.has(entry.id) ? this.#renderExpanded(entry, decoded, labels) : nothing}
            </details>`
          : html`<span part="entry-payload" class="payload">${entry.text}</span>`
      }
      ${entry.detail ? html`<span part="entry-detail" class="detail">${entry.detail}</span>` : nothing}
      ${
        entry.direction === 'event'
          ? nothing
          : html`<button
              part="copy-button"
              class="button small"
              type="button"
              aria-label="${labels.copy} ${entry.id}"
              @click=${() => this.#copyText(this.viewText(entry))}
            >
              ${labels.copy}
            </button>`
      }
    </li>`;
  }

  #renderExpanded(entry: LogEntry, decoded: Decoded | null, labels: LogLabels): TemplateResult {
    const views: PayloadView[] = [];
    if (decoded) views.push('text', 'tree');
    if (entry.bytes) views.push(...BINARY_VIEWS);
    const view = this.#viewOf(entry);
    const body =
      view === 'tree' && decoded
        ? html`<ul class="tree">
            ${this.#renderTree(decoded.value, '$', labels, { left: TREE_NODES })}
          </ul>`
        : html`<pre part="entry-full" class="full">${this.viewText(entry)}</pre>`;
    return html`${
      views.length > 1
        ? html`<div class="views" role="group" aria-label=${labels.views}>
            ${views.map(
              (each) =>
                html`<button
                  class="button small view"
                  type="button"
                  data-view=${each}
                  aria-pressed=${each === view}
                  @click=${() => this.#setView(entry, each)}
                >
                  ${labels[each]}
                </button>`,
            )}
          </div>`
        : nothing
    }
    ${body}`;
  }

  /** A JSON value as nested lists: objects and arrays collapsible, every node's path copyable. */
  #renderTree(value: unknown, path: string, labels: LogLabels, budget: { left: number }, key?: string): TemplateResult {
    budget.left -= 1;
    const name = key === undefined ? nothing : html`<span class="key">${key}</span>: `;
    const copy = html`<button
      class="button small copy-path"
      type="button"
      aria-label="${labels.copyPath} ${path}"
      @click=${() => this.#copyText(path)}
    >
      ${labels.path}
    </button>`;
    if (value === null || typeof value !== 'object') {
      return html`<li>${name}<span class="value">${JSON.stringify(value) ?? String(value)}</span> ${copy}</li>`;
    }
    const items: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    const summary = Array.isArray(value) ? `[${items.length}]` : `{${items.length}}`;
    return html`<li>
      <details ?open=${path.split(/[.[]/).length <= 3}>
        <summary>${name}${summary}</summary>
        ${copy}
        <ul>
          ${items.map(([childKey, child]) =>
            budget.left > 0
              ? this.#renderTree(child, childPath(path, childKey), labels, budget, String(childKey))
              : nothing,
          )}
        </ul>
      </details>
    </li>`;
  }
}
