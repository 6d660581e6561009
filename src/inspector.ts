// The inspector log of <ws-client log>: loaded on demand when `log` is set, so pages that only
// use the events do not pay for it. It listens to its host's events, keeps at most `limit`
// entries, and asks for a render at most once per animation frame (each WebSocket message
// arrives in a task of its own, so Lit's microtask batching would render once per frame).
import { css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { CONNECTION_EVENTS, type SendData } from './connection.js';
import { maskUrl } from './url.js';

export type Direction = 'in' | 'out' | 'event';

/** What happened before the inspector loaded, kept by the element and replayed into the log. */
export type EarlyRecord = { time: number; event: Event } | { time: number; sent: SendData };

export interface LogEntry {
  id: number;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  direction: Direction;
  /** message, or the lifecycle event: connecting, open, error, close, reconnecting or reconnect-failed. */
  kind: string;
  /** Payload size in bytes (0 for lifecycle events). */
  size: number;
  /** The payload as text, or the event described. */
  text: string;
  /** The payload is JSON (pretty-printed when expanded). */
  json: boolean;
}

/** Every text the inspector shows; the element's `labels` property replaces any of them. */
export const INSPECTOR_LABELS = {
  log: 'Messages',
  filter: 'Filter',
  pause: 'Pause',
  resume: 'Resume',
  clear: 'Clear',
  export: 'Export',
  copy: 'Copy',
  in: 'Received',
  out: 'Sent',
  event: 'Event',
  bytes: 'bytes',
  empty: 'No messages yet',
};
export type InspectorLabels = typeof INSPECTOR_LABELS;

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

/** Characters of a payload shown in its row; the rest is behind "expand". */
const PREVIEW = 200;
/** Rows in the DOM while the log follows the newest entry (the log shows about 15 at its default height). */
const FOLLOW_WINDOW = 50;
/** Bytes of binary payload shown as hex. */
const HEX_BYTES = 32;

function utf8Length(text: string): number {
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

function hex(buffer: ArrayBuffer | ArrayBufferView): string {
  const bytes =
    buffer instanceof ArrayBuffer
      ? new Uint8Array(buffer, 0, Math.min(HEX_BYTES, buffer.byteLength))
      : new Uint8Array(buffer.buffer, buffer.byteOffset, Math.min(HEX_BYTES, buffer.byteLength));
  const shown = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return buffer.byteLength > HEX_BYTES ? `${shown} …` : shown;
}

/** Describes a payload: its size and its text (hex for binary). */
function describe(data: unknown): Pick<LogEntry, 'size' | 'text' | 'json'> {
  if (typeof data === 'string') return { size: utf8Length(data), text: data, json: false };
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data))
    return { size: data.byteLength, text: hex(data), json: false };
  if (data instanceof Blob) return { size: data.size, text: `Blob (${data.type || 'binary'})`, json: false };
  const text = JSON.stringify(data) ?? String(data);
  return { size: utf8Length(text), text, json: true };
}

function clock(time: number): string {
  const date = new Date(time);
  const pad = (value: number, length = 2): string => String(value).padStart(length, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function pretty(entry: LogEntry): string {
  if (!entry.json) return entry.text;
  try {
    return JSON.stringify(JSON.parse(entry.text), null, 2);
  } catch {
    return entry.text;
  }
}

export interface InspectorHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class Inspector implements ReactiveController {
  /** The log's styles (its toolbar's inputs and buttons are styled as the controls'). */
  static readonly styles = [
    css`
      [part='log-toolbar'] {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ws-client-gap, 0.5em);
        margin-block: var(--ws-client-gap, 0.5em);
      }
      [part='filter'] {
        flex-basis: 8em;
      }
      [part='log-list'],
      [part='log-empty'] {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      [part='log-empty'] {
        padding: 0.25em 0.5em;
      }
      [part='log'] {
        max-height: var(--ws-client-log-height, 20em);
        overflow: auto;
        font-family: var(--ws-client-log-font-family, ui-monospace, monospace);
        font-size: var(--ws-client-log-font-size, 0.85em);
        background: var(--ws-client-log-background, Canvas);
        border: var(--ws-client-border, 1px solid GrayText);
        border-radius: var(--ws-client-radius, 4px);
      }
      [part~='entry'] {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        gap: 0 0.75em;
        padding: 0.25em 0.5em;
        border-block-end: 1px solid color-mix(in srgb, currentColor 15%, transparent);
        overflow-wrap: anywhere;
      }
      [data-direction='in'] {
        color: var(--ws-client-in-color, inherit);
      }
      [data-direction='out'] {
        color: var(--ws-client-out-color, inherit);
      }
      [data-direction='event'] {
        color: var(--ws-client-event-color, inherit);
        font-style: italic;
      }
      [part='entry-payload'] {
        flex: 1 1 12em;
        white-space: pre-wrap;
        unicode-bidi: isolate;
      }
      [part='entry-details'] {
        flex: 1 1 12em;
      }
      [part='entry-details'] pre {
        margin: 0.25em 0 0;
        white-space: pre-wrap;
        max-height: 20em;
        overflow: auto;
      }
      [part='entry-time'],
      [part='entry-size'] {
        font-variant-numeric: tabular-nums;
      }
      [part='copy-button'] {
        padding: 0 0.4em;
      }
    `,
  ];

  /** Entries kept and rendered at most. */
  limit = 1000;
  readonly #host: InspectorHost;
  readonly #labels: () => InspectorLabels;
  #entries: LogEntry[] = [];
  #nextId = 1;
  #frame = 0;
  #paused = false;
  /** What the log shows while paused, whatever else re-renders the element. */
  #frozen: LogEntry[] | null = null;
  #filter = '';
  /** Keep the newest entry in view, unless the user scrolled up. */
  #stick = true;
  #renders = 0;
  /** Entries expanded: only these render their full payload. */
  readonly #expanded = new Set<number>();

  constructor(host: InspectorHost, labels: () => InspectorLabels) {
    this.#host = host;
    this.#labels = labels;
    host.addController(this);
  }

  /** Renders of the log so far (for benchmarks and tests: at most one per animation frame). */
  get renders(): number {
    return this.#renders;
  }
  get paused(): boolean {
    return this.#paused;
  }
  /** Entries kept now, oldest first (at most `limit`). */
  get entries(): readonly LogEntry[] {
    this.#trim();
    return this.#entries;
  }

  hostConnected(): void {
    this.#host.addEventListener('message', this.#onMessage);
    for (const type of CONNECTION_EVENTS) if (type !== 'message') this.#host.addEventListener(type, this.#onEvent);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('message', this.#onMessage);
    for (const type of CONNECTION_EVENTS) if (type !== 'message') this.#host.removeEventListener(type, this.#onEvent);
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  hostUpdated(): void {
    if (!this.#stick) return;
    const log = this.#host.renderRoot.querySelector('[part="log"]');
    if (log !== null) log.scrollTop = log.scrollHeight;
  }

  /** Logs a message the element sent (or queued). */
  outgoing(data: SendData, time = Date.now()): void {
    this.#add('out', 'message', describe(data), time);
  }

  /** Logs what happened before the inspector loaded. */
  replay(records: readonly EarlyRecord[]): void {
    for (const record of records) {
      if ('sent' in record) this.outgoing(record.sent, record.time);
      else if (record.event.type === 'message') this.#logMessage(record.event, record.time);
      else this.#logEvent(record.event, record.time);
    }
  }

  clear(): void {
    this.#entries = [];
    if (this.#frozen) this.#frozen = [];
    this.#expanded.clear();
    this.#host.requestUpdate();
  }

  /** Keeps receiving, stops rendering; `false` renders what came meanwhile. */
  setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#frozen = paused ? [...this.entries] : null;
    this.#host.requestUpdate();
  }

  /** The log as JSON Lines: one entry per line, oldest first. */
  exportJsonLines(): string {
    return this.entries
      .map(({ time, direction, kind, size, text }) =>
        JSON.stringify({ time: new Date(time).toISOString(), direction, kind, size, data: text }),
      )
      .join('\n');
  }

  #onMessage = (event: Event): void => this.#logMessage(event, Date.now());

  #onEvent = (event: Event): void => this.#logEvent(event, Date.now());

  #logMessage(event: Event, time: number): void {
    this.#add('in', 'message', describe((event as MessageEvent).data), time);
  }

  #logEvent(event: Event, time: number): void {
    this.#add('event', event.type, { size: 0, text: this.#describeEvent(event), json: false }, time);
  }

  #describeEvent(event: Event): string {
    if (event instanceof CloseEvent) {
      const name = CLOSE_CODE_NAMES[event.code] ?? (event.code >= 4000 ? 'Application' : 'Unknown');
      return `close ${event.code} ${name}${event.reason ? `: ${event.reason}` : ''}`;
    }
    if (event instanceof ErrorEvent) return `error: ${event.message}`;
    if (event instanceof CustomEvent && event.type === 'connecting') {
      const { attempt, url } = event.detail as { attempt: number; url: string };
      return `connecting to ${maskUrl(url)}${attempt > 0 ? ` (attempt ${attempt})` : ''}`;
    }
    if (event instanceof CustomEvent && event.type === 'reconnect-failed') {
      return `reconnect failed after ${(event.detail as { attempts: number }).attempts} attempts`;
    }
    if (event instanceof CustomEvent) {
      const { attempt, delay } = event.detail as { attempt: number; delay: number };
      return `reconnecting: attempt ${attempt} in ${delay} ms`;
    }
    return event.type;
  }

  #add(direction: Direction, kind: string, payload: Pick<LogEntry, 'size' | 'text' | 'json'>, time: number): void {
    const { size, text, json } = payload;
    this.#entries.push({ id: this.#nextId++, time, direction, kind, size, text, json });
    // Trimmed lazily, so a burst between two frames costs one copy, not one per frame.
    if (this.#entries.length >= this.limit * 2) this.#trim();
    if (!this.#paused && this.#frame === 0) this.#frame = requestAnimationFrame(this.#flush);
  }

  #flush = (): void => {
    this.#frame = 0;
    this.#host.requestUpdate();
  };

  #trim(): void {
    const limit = Math.max(1, this.limit);
    if (this.#entries.length <= limit) return;
    this.#entries = this.#entries.slice(-limit);
    const oldest = this.#entries[0].id;
    for (const id of this.#expanded) if (id < oldest) this.#expanded.delete(id);
  }

  #onScroll = (event: Event): void => {
    const log = event.currentTarget as HTMLElement;
    const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 8;
    if (stick === this.#stick) return;
    this.#stick = stick;
    // Scrolled up, the whole log is rendered (see FOLLOW_WINDOW).
    this.#host.requestUpdate();
  };

  #onFilter = (event: Event): void => {
    this.#filter = (event.currentTarget as HTMLInputElement).value;
    this.#host.requestUpdate();
  };

  #onExport = (): void => {
    const url = URL.createObjectURL(new Blob([this.exportJsonLines()], { type: 'application/jsonl' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `ws-client-log-${new Date().toISOString().replaceAll(':', '-')}.jsonl`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  #onToggle(event: Event, entry: LogEntry): void {
    if ((event.currentTarget as HTMLDetailsElement).open) this.#expanded.add(entry.id);
    else this.#expanded.delete(entry.id);
    this.#host.requestUpdate();
  }

  #copy(entry: LogEntry): void {
    navigator.clipboard.writeText(pretty(entry)).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.#host.dispatchEvent(
        new ErrorEvent('error', {
          message: `Copy failed: ${reason}`,
          error: new DOMException(reason, 'NotAllowedError'),
        }),
      );
    });
  }

  render(): TemplateResult {
    this.#renders += 1;
    const labels = this.#labels();
    const filter = this.#filter.toLowerCase();
    const kept = this.#frozen ?? this.entries;
    const matching = filter ? kept.filter((entry) => entry.text.toLowerCase().includes(filter)) : kept;
    // Following the newest entry, only the last FOLLOW_WINDOW are in the DOM: under a burst each
    // frame would otherwise build rows that the next frame drops. Scrolled up, paused or filtered,
    // every kept entry is rendered.
    const following = this.#stick && this.#frozen === null && !filter;
    const entries = following ? matching.slice(-FOLLOW_WINDOW) : matching;
    return html`<div part="log-toolbar">
        <input
          part="filter"
          type="search"
          aria-label=${labels.filter}
          placeholder=${labels.filter}
          @input=${this.#onFilter}
        />
        <button
          part="pause-button"
          type="button"
          aria-pressed=${this.#paused}
          @click=${() => this.setPaused(!this.#paused)}
        >
          ${this.#paused ? labels.resume : labels.pause}
        </button>
        <button part="clear-button" type="button" @click=${() => this.clear()}>${labels.clear}</button>
        <button part="export-button" type="button" @click=${this.#onExport}>${labels.export}</button>
      </div>
      <div part="log" role="log" aria-label=${labels.log} tabindex="0" @scroll=${this.#onScroll}>
        ${entries.length === 0 ? html`<p part="log-empty">${labels.empty}</p>` : ''}
        <ol part="log-list">
          ${repeat(
            entries,
            (entry) => entry.id,
            (entry) => this.#renderEntry(entry, labels),
          )}
        </ol>
      </div>`;
  }

  #renderEntry(entry: LogEntry, labels: InspectorLabels): TemplateResult {
    const long = entry.json || entry.text.length > PREVIEW;
    const preview = entry.text.length > PREVIEW ? `${entry.text.slice(0, PREVIEW)}…` : entry.text;
    return html`<li part="entry" data-direction=${entry.direction} data-kind=${entry.kind}>
      <span part="entry-direction">${labels[entry.direction]}</span>
      <time part="entry-time" datetime=${new Date(entry.time).toISOString()}>${clock(entry.time)}</time>
      ${entry.direction === 'event' ? '' : html`<span part="entry-size">${entry.size} ${labels.bytes}</span>`}
      ${
        long
          ? html`<details part="entry-details" @toggle=${(event: Event) => this.#onToggle(event, entry)}>
              <summary part="entry-payload">${preview}</summary>
              ${this.#expanded.has(entry.id) ? html`<pre part="entry-full">${pretty(entry)}</pre>` : ''}
            </details>`
          : html`<span part="entry-payload">${entry.text}</span>`
      }
      ${
        entry.direction === 'event'
          ? ''
          : html`<button
              part="copy-button"
              type="button"
              aria-label="${labels.copy} ${entry.id}"
              @click=${() => this.#copy(entry)}
            >
              ${labels.copy}
            </button>`
      }
    </li>`;
  }
}
