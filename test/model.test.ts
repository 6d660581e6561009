// A model-based fuzz test of <ws-client> against the real test server: fast-check generates
// sequences of commands (host changes, connect/close/send, attribute toggles, removal, moves into
// an iframe, server drops and closes, and commands run from inside event listeners), runs them on
// one element (and on three at once), and checks invariants after every command and once the run
// has settled. A failure prints the shrunk sequence, one command per item, e.g.
//   [on close: connect(), host=echo2]
// Runs: WS_CLIENT_FUZZ_RUNS for one element (default 40); three elements get half. Replay a failure
// with the line it prints: WS_CLIENT_FUZZ_SEED=<seed> WS_CLIENT_FUZZ_PATH=<elements>:<path>
// WS_CLIENT_FUZZ_REPLAY=<which commands ran> (timing-dependent failures may not recur).
// WS_CLIENT_FUZZ_EXCLUDE leaves commands out by name (see commandsFor), e.g. "remove-frame,arm",
// to look past a failure already known. A run takes about 0.4 s (Chromium); the test runner gives
// a test file 120 s, so a few hundred runs need a config with a longer testsFinishTimeout, e.g.
//   import base from './web-test-runner.config.mjs';
//   export default { ...base, testsFinishTimeout: 3_600_000 };
// (`npx web-test-runner --config that-file.mjs --files test/model.test.ts`).
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import * as fc from 'fast-check';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import { mount, nextEvent, TestServer } from './helpers.js';
import './setup.js';

/** Small delays, so that a run takes a fraction of a second. */
const RECONNECT_MAX_DELAY = 50;
const HEARTBEAT = 50;
const HEARTBEAT_TIMEOUT = 150;
const CONNECT_TIMEOUT = 300;
/** How long nothing may happen once a run has settled: longer than any retry or heartbeat timer. */
const QUIET = 4 * Math.max(RECONNECT_MAX_DELAY, HEARTBEAT);
/** How long the server may take to see an abandoned connection closed. */
const SERVER_LAG = 1500;
/**
 * After the first failure, shrinking stops trying new sequences after this long: the test runner
 * gives a test file 120 s in all (testsFinishTimeout).
 */
const SHRINK_BUDGET = 20_000;
/** The longest sequence of commands in a run. */
const MAX_COMMANDS = 20;
const EVENT_TYPES = ['connecting', 'open', 'message', 'error', 'close', 'reconnecting', 'reconnect-failed'] as const;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// ---------------------------------------------------------------------------------------------
// The test server's commands beyond test/helpers.ts (see test/server/ws-test-server.mjs).

interface ExtraPayload {
  action: 'resume' | 'open-count' | 'env';
  uid?: string;
  uids?: string[];
  atMost?: number;
  timeout?: number;
  name?: string;
}

/** A uid's open connections at the server: `open` leaves out the stalled ones. */
interface OpenCount {
  open: number;
  stalled: number;
}

function serverCommand<R>(payload: ExtraPayload): Promise<R> {
  return executeServerCommand<R, ExtraPayload>('ws', payload);
}

/** Lets the server read its stalled connections of `uid` again. */
function resumeStalled(uid: string): Promise<number> {
  return serverCommand<number>({ action: 'resume', uid });
}

/** Open connections per uid; with `atMost`, once none has more (or after `timeout` ms, as they are). */
function openCounts(uids: string[], atMost?: number, timeout?: number): Promise<Record<string, OpenCount>> {
  return serverCommand<Record<string, OpenCount>>({ action: 'open-count', uids, atMost, timeout });
}

/** A whitelisted environment variable of the test runner's process, or null when unset or empty. */
async function env(name: string): Promise<string | null> {
  return (await serverCommand<string>({ action: 'env', name })) || null;
}

/** The `stall` URL of a test server (spelled out: older helpers' TestServer.url() does not know it). */
function stallUrl(server: TestServer): string {
  return `ws://${server.origin}/ws/stall/${server.uid}`;
}

// ---------------------------------------------------------------------------------------------
// Every socket the page makes, found by the uid in its URL: what was handed to it, and how it
// ended. `window.WebSocket` is replaced by a subclass while these tests run.

type SendArgument = Parameters<WebSocket['send']>[0];

interface SocketRecord {
  socket: WebSocket;
  url: string;
  /** Text handed to `send()`, in order. */
  handed: string[];
  /** Its own close event, once it came. */
  closed: CloseEvent | null;
  /** It was connecting or open when the server closed or dropped the uid's connections. */
  hitByServer: boolean;
}

const NativeWebSocket = window.WebSocket;
const socketsByUid = new Map<string, SocketRecord[]>();
const records = new WeakMap<WebSocket, SocketRecord>();
/** While a run checks that all is quiet: anything a socket does then. */
let quietPhase: string[] | null = null;

function uidOf(url: string): string {
  try {
    const [, prefix, , uid] = new URL(url).pathname.split('/');
    return prefix === 'ws' && uid ? uid : '';
  } catch {
    return '';
  }
}

class TrackedWebSocket extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    const record: SocketRecord = { socket: this, url: this.url, handed: [], closed: null, hitByServer: false };
    records.set(this, record);
    const uid = uidOf(this.url);
    if (!socketsByUid.has(uid)) socketsByUid.set(uid, []);
    socketsByUid.get(uid)!.push(record);
    if (uid !== '') quietPhase?.push(`a socket was made for ${this.url}`);
    this.addEventListener('close', (event) => {
      record.closed = event;
    });
  }

  override send(data: SendArgument): void {
    const record = records.get(this);
    if (typeof data === 'string') record?.handed.push(data);
    if (record && uidOf(record.url) !== '') {
      quietPhase?.push(`a socket was written to (${typeof data === 'string' ? JSON.stringify(data) : 'binary'})`);
    }
    super.send(data);
  }
}

function installTracker(): void {
  window.WebSocket = TrackedWebSocket;
}

function uninstallTracker(): void {
  window.WebSocket = NativeWebSocket;
}

function socketsOf(uid: string): SocketRecord[] {
  return socketsByUid.get(uid) ?? [];
}

/** The sockets of `uid` still connecting or open in the page. */
function liveSockets(uid: string): SocketRecord[] {
  return socketsOf(uid).filter(({ socket }) => socket.readyState <= WebSocket.OPEN);
}

/** Marks the sockets of `uid` that the server is about to close or drop. */
function hitByServer(uid: string): void {
  for (const record of socketsOf(uid)) if (record.socket.readyState !== WebSocket.CLOSED) record.hitByServer = true;
}

/** Resolves once the socket's own close event came, or false after `timeout` ms. */
function socketClosed(record: SocketRecord, timeout: number): Promise<boolean> {
  if (record.closed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeout);
    record.socket.addEventListener(
      'close',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

/**
 * Waits until the server has no connection of these uids left open, reading the stalled ones
 * again: a paused connection does not even notice that its client has gone. Resumed more than
 * once, since a handshake the client gave up may still be accepted (and paused) meanwhile.
 */
async function serverClosed(uids: string[]): Promise<Record<string, OpenCount>> {
  let counts: Record<string, OpenCount> = {};
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await Promise.all(uids.map(resumeStalled));
    counts = await openCounts(uids, 0, 1000);
    if (Object.values(counts).every(({ open, stalled }) => open + stalled === 0)) break;
  }
  return counts;
}

/** Closes what a test left open in the page and at the server. */
async function closeLeftovers(servers: TestServer[]): Promise<void> {
  for (const server of servers) {
    for (const { socket } of socketsOf(server.uid)) if (socket.readyState <= WebSocket.OPEN) socket.close();
  }
  await Promise.all(servers.map((server) => resumeStalled(server.uid)));
  await Promise.all(servers.map((server) => server.terminate()));
  for (const server of servers) socketsByUid.delete(server.uid);
}

// ---------------------------------------------------------------------------------------------
// Uncaught exceptions while a run goes on (Mocha's own `onerror` is set aside meanwhile).

const uncaught: string[] = [];
let savedOnError: OnErrorEventHandler = null;

function onRejection(event: PromiseRejectionEvent): void {
  uncaught.push(`unhandled rejection: ${describeError(event.reason)}`);
  event.preventDefault();
}

function catchUncaught(): void {
  savedOnError = window.onerror;
  window.onerror = (message, _source, _line, _column, error) => {
    uncaught.push(`uncaught exception: ${error === undefined ? String(message) : describeError(error)}`);
    return true;
  };
  window.addEventListener('unhandledrejection', onRejection);
}

function releaseUncaught(): void {
  window.onerror = savedOnError;
  window.removeEventListener('unhandledrejection', onRejection);
}

// ---------------------------------------------------------------------------------------------
// The system under test: a run's elements, each with a server uid of its own.

type HostKind = 'echo' | 'echo2' | 'stall' | 'reject' | 'hang' | 'ftp' | 'bracket' | 'empty' | 'same';
type ListenerType = 'close' | 'open' | 'connecting' | 'reconnecting';

interface Config {
  host: 'echo' | 'stall' | 'reject' | 'hang' | 'empty';
  reconnect: boolean;
  manual: boolean;
  heartbeat: boolean;
  attempts: 3 | null;
  delay: 10 | 20;
}

/**
 * Where an element is: the model keeps this much, for the commands' preconditions. An orphan is
 * in the document of an iframe that was removed (still "connected" to that document).
 */
type Place = 'body' | 'frame' | 'orphan' | 'detached';

interface Model {
  places: Place[];
}

/** A command that can also run from inside an event listener (synchronous). */
interface Reaction {
  label: string;
  act(subject: Subject): void;
}

/** The short name of a URL the element was given: the kinds above. */
function kindOf(url: string): string {
  const match = /\/ws\/([a-z]+)\/[^?]*(\?.*)?$/.exec(url);
  if (!match) return JSON.stringify(url);
  return match[1] === 'echo' && match[2] === '?v=2' ? 'echo2' : match[1];
}

class Subject {
  readonly server = new TestServer();
  readonly element: WsClient;
  /** Every message send() accepted, in order. */
  readonly sent: string[] = [];
  /** Messages reported discarded (AbortError), by count and, where the error lists them, by content. */
  discarded = 0;
  readonly discardedMessages: string[] = [];
  /** Every AbortError so far listed its messages. */
  discardListed = true;
  closeEvents = 0;
  /**
   * close() was called or the element removed (or its host emptied) since anything that may
   * start a connection: from then on it must have no socket connecting or open.
   */
  closedSince = false;
  readonly armed: Array<{ type: ListenerType; listener: () => void }> = [];
  /** The recent events and commands, for the failure message. */
  readonly trace: string[] = [];
  /** Events once the run settled: there must be none. */
  late: string[] | null = null;
  /**
   * The element was in the iframe when the iframe went away. Browsers call no listener for a node
   * whose document has lost its window, so its events (close, AbortError) from then on are lost
   * to the test; they are not counted against it.
   */
  orphaned = false;

  constructor(
    readonly index: number,
    config: Config,
    readonly run: Run,
  ) {
    const host = config.host === 'empty' ? '' : this.url(config.host);
    this.element = mount({
      host,
      reconnect: config.reconnect,
      manual: config.manual,
      heartbeat: config.heartbeat ? String(HEARTBEAT) : false,
      'heartbeat-timeout': String(HEARTBEAT_TIMEOUT),
      'reconnect-delay': String(config.delay),
      'reconnect-max-delay': String(RECONNECT_MAX_DELAY),
      'reconnect-attempts': config.attempts === null ? false : String(config.attempts),
      'connect-timeout': String(CONNECT_TIMEOUT),
    });
    for (const type of EVENT_TYPES) this.element.addEventListener(type, (event) => this.#heard(event));
  }

  get name(): string {
    return `[${this.index}]`;
  }

  url(kind: Exclude<HostKind, 'ftp' | 'bracket' | 'empty' | 'same'>): string {
    switch (kind) {
      case 'echo':
        return this.server.url('echo');
      case 'echo2':
        return this.server.url('echo', '?v=2');
      case 'stall':
        return stallUrl(this.server);
      default:
        return this.server.url(kind);
    }
  }

  note(line: string): void {
    this.trace.push(line);
    if (this.trace.length > 40) this.trace.shift();
  }

  fail(message: string): void {
    this.run.fail(`${this.name} ${message}`);
  }

  arm(type: ListenerType, reaction: Reaction): void {
    const listener = (): void => {
      this.disarm(listener);
      this.note(`  (on ${type}: ${reaction.label})`);
      try {
        reaction.act(this);
      } catch (error) {
        this.fail(`on ${type}: ${reaction.label} threw ${describeError(error)}`);
      }
    };
    this.armed.push({ type, listener });
    this.element.addEventListener(type, listener);
  }

  disarm(listener?: () => void): void {
    for (const entry of [...this.armed]) {
      if (listener !== undefined && entry.listener !== listener) continue;
      this.element.removeEventListener(entry.type, entry.listener);
      this.armed.splice(this.armed.indexOf(entry), 1);
    }
  }

  place(): Place {
    if (!this.element.isConnected) return 'detached';
    if (this.element.ownerDocument === document) return 'body';
    return this.element.ownerDocument === this.run.frame?.contentDocument ? 'frame' : 'orphan';
  }

  #heard(event: Event): void {
    const type = event.type;
    if (type === 'close') this.closeEvents += 1;
    if (this.late !== null) this.late.push(type);
    if (type === 'message') return;
    let line = type;
    if (event instanceof CloseEvent) line += ` ${event.code}${event.wasClean ? '' : ' (unclean)'}`;
    else if (event instanceof ErrorEvent) line += ` ${describeError(event.error)}`;
    else if (event instanceof CustomEvent) {
      const detail: unknown = event.detail;
      if (typeof detail === 'object' && detail !== null) {
        const { url, ...rest } = detail as { url?: unknown };
        line += ` ${JSON.stringify(rest)}${typeof url === 'string' ? ` ${kindOf(url)}` : ''}`;
      }
    }
    this.note(line);
    if (type === 'error' && event instanceof ErrorEvent) this.#discardedBy(event.error);
  }

  #discardedBy(error: unknown): void {
    if (!(error instanceof DOMException) || error.name !== 'AbortError') return;
    const count = Number(/^(\d+) queued messages? (?:was|were) discarded/.exec(error.message)?.[1] ?? NaN);
    if (Number.isNaN(count)) this.fail(`an AbortError does not say how many messages were discarded: ${error.message}`);
    const messages: unknown = (error as DOMException & { messages?: unknown }).messages;
    if (Array.isArray(messages)) {
      if (messages.length !== count) this.fail(`an AbortError says ${count} but lists ${messages.length} messages`);
      this.discardedMessages.push(...messages.map(String));
      this.discarded += messages.length;
    } else {
      this.discardListed = false;
      this.discarded += Number.isNaN(count) ? 0 : count;
    }
  }
}

class Run {
  readonly subjects: Subject[];
  frame: HTMLIFrameElement | null = null;
  readonly violations: string[] = [];
  /** The commands as run, for the failure message. */
  readonly steps: string[] = [];
  /** Messages handed to a socket that the server closed or dropped, or that failed, and lost (the known gap). */
  gapLosses = 0;

  constructor(configs: Config[]) {
    this.subjects = configs.map((config, index) => new Subject(index, config, this));
  }

  model(): Model {
    return { places: this.subjects.map((subject) => subject.place()) };
  }

  fail(message: string): void {
    this.violations.push(message);
  }

  async ensureFrame(): Promise<HTMLIFrameElement> {
    if (this.frame) return this.frame;
    const frame = document.createElement('iframe');
    frame.srcdoc = '<!doctype html><title>model</title><body></body>';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    this.frame = frame;
    return frame;
  }

  /** Throws with every violation so far, the commands run and each element's recent events. */
  throwIfViolated(): void {
    if (uncaught.length > 0) this.violations.push(...uncaught.splice(0));
    if (this.violations.length === 0) return;
    const traces = this.subjects.map((subject) => `${subject.name} ${subject.trace.join(' | ')}`);
    throw new Error(
      `Invariant violated:\n  ${this.violations.join('\n  ')}\nCommands run:\n  ${this.steps.join(', ')}\n` +
        `Recent events (and commands) per element:\n  ${traces.join('\n  ')}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The checks made after every command.

async function sample(run: Run): Promise<void> {
  // A task boundary: what the command queued as microtasks (a removal's stop, an attach's
  // connect, and whatever listeners did meanwhile) has run.
  await sleep(0);
  for (const subject of run.subjects) {
    const live = liveSockets(subject.server.uid);
    if (live.length > 1) {
      subject.fail(`has ${live.length} sockets connecting or open at once (${live.map((r) => kindOf(r.url))})`);
    }
    const state = subject.element.state;
    if (subject.closedSince && (live.length > 0 || (state !== 'closing' && state !== 'closed'))) {
      subject.fail(`close() or removal not honoured: state ${state}, ${live.length} socket(s) connecting or open`);
    }
  }
  run.throwIfViolated();
  const uids = run.subjects.map((subject) => subject.server.uid);
  const counts = await openCounts(uids, 1, SERVER_LAG);
  for (const subject of run.subjects) {
    const { open } = counts[subject.server.uid];
    if (open > 1) subject.fail(`the server has ${open} live connections of this element (after ${SERVER_LAG} ms)`);
  }
  run.throwIfViolated();
}

// ---------------------------------------------------------------------------------------------
// The commands.

let messageNumber = 0;

function connectReaction(): Reaction {
  return {
    label: 'connect()',
    act(subject) {
      subject.closedSince = false;
      subject.element.connect();
    },
  };
}

function closeReaction(code?: number): Reaction {
  return {
    label: code === undefined ? 'close()' : `close(${code})`,
    act(subject) {
      subject.closedSince = true;
      try {
        subject.element.close(code, code === undefined ? undefined : 'model');
      } catch (error) {
        subject.fail(`close(${code ?? ''}) threw ${describeError(error)}`);
        return;
      }
      const live = liveSockets(subject.server.uid);
      if (live.length > 0) subject.fail(`right after close(), ${live.length} socket(s) still connecting or open`);
    },
  };
}

function invalidCloseReaction(code: number): Reaction {
  return {
    label: `close(${code}) (invalid)`,
    act(subject) {
      const { element } = subject;
      const before = [element.state, element.readyState, element.socket];
      try {
        element.close(code);
        subject.fail(`close(${code}) did not throw`);
      } catch (error) {
        if (!(error instanceof DOMException) || error.name !== 'InvalidAccessError') {
          subject.fail(`close(${code}) threw ${describeError(error)}, not InvalidAccessError`);
        }
      }
      const after = [element.state, element.readyState, element.socket];
      if (before.some((value, index) => value !== after[index])) {
        subject.fail(`close(${code}) threw but changed state ${before[0]} -> ${after[0]} or the socket`);
      }
    },
  };
}

function sendReaction(): Reaction {
  const text = `m${++messageNumber}`;
  return {
    label: `send("${text}")`,
    act(subject) {
      const state = subject.element.state;
      try {
        subject.element.send(text);
        subject.sent.push(text);
      } catch (error) {
        const name = error instanceof DOMException ? error.name : '';
        if (name !== 'InvalidStateError' && name !== 'QuotaExceededError') {
          subject.fail(`send() threw ${describeError(error)}`);
        } else if (name === 'InvalidStateError' && state !== 'closed' && state !== 'closing') {
          subject.fail(`send() threw InvalidStateError in state ${state}`);
        }
      }
    },
  };
}

function hostReaction(kind: HostKind): Reaction {
  return {
    label: `host=${kind}`,
    act(subject) {
      const { element } = subject;
      const value =
        kind === 'ftp'
          ? 'ftp://x'
          : kind === 'bracket'
            ? 'http://['
            : kind === 'empty'
              ? ''
              : kind === 'same'
                ? element.host
                : subject.url(kind);
      // An empty host closes; any other may (re)connect.
      subject.closedSince = kind === 'empty';
      element.host = value;
    },
  };
}

function removeReaction(): Reaction {
  return {
    label: 'remove',
    act(subject) {
      // Removing a detached element (say, one connect() opened after its removal) does nothing.
      if (subject.element.isConnected) subject.closedSince = true;
      subject.element.remove();
    },
  };
}

/** Resolves true on the element's next `type` event, false after `ms`. */
function eventWithin(element: EventTarget, type: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const heard = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      element.removeEventListener(type, heard);
      resolve(false);
    }, ms);
    element.addEventListener(type, heard, { once: true });
  });
}

type Act = (subject: Subject, run: Run) => void | Promise<void>;

class Step implements fc.AsyncCommand<Model, Run> {
  constructor(
    readonly label: string,
    readonly index: number,
    readonly multi: boolean,
    readonly act: Act,
    readonly applies: (place: Place, model: Readonly<Model>) => boolean = () => true,
  ) {}

  check(model: Readonly<Model>): boolean {
    return this.applies(model.places[this.index], model);
  }

  async run(model: Model, run: Run): Promise<void> {
    const subject = run.subjects[this.index];
    run.steps.push(this.toString());
    subject.note(`> ${this.label}`);
    await this.act(subject, run);
    model.places = run.model().places;
    await sample(run);
  }

  toString(): string {
    return this.multi ? `[${this.index}] ${this.label}` : this.label;
  }
}

const attached = (place: Place): boolean => place !== 'detached';

/** The commands on element `index`, weighted, but for those named in `exclude`. */
function commandsFor(index: number, multi: boolean, exclude: string[]): Array<fc.WeightedArbitrary<Step>> {
  const step = (label: string, act: Act, applies?: Step['applies']): Step =>
    new Step(label, index, multi, act, applies);
  const reaction = (r: Reaction): Step => step(r.label, (subject) => r.act(subject));
  const sends = fc.constant(null).map(sendReaction);
  const reactions: fc.Arbitrary<Reaction> = fc.oneof(
    { arbitrary: fc.constant(null).map(connectReaction), weight: 4 },
    { arbitrary: fc.constantFrom(undefined, 4000).map(closeReaction), weight: 2 },
    { arbitrary: sends, weight: 2 },
    { arbitrary: fc.constantFrom<HostKind>('echo', 'echo2', 'reject', 'empty').map(hostReaction), weight: 2 },
    { arbitrary: fc.constant(null).map(removeReaction), weight: 1 },
  );
  const entries: Array<[string, fc.Arbitrary<Step>, number]> = [
    [
      'host',
      fc
        .constantFrom<HostKind>(
          'echo',
          'echo2',
          'echo',
          'echo2',
          'stall',
          'reject',
          'hang',
          'ftp',
          'bracket',
          'empty',
          'same',
        )
        .map((kind) => reaction(hostReaction(kind))),
      6,
    ],
    ['connect', fc.constant(null).map(() => reaction(connectReaction())), 4],
    ['close', fc.constantFrom(undefined, 1000, 3000, 4999).map((code) => reaction(closeReaction(code))), 2],
    ['invalid-close', fc.constantFrom(999, 1001, 2999, 5000).map((code) => reaction(invalidCloseReaction(code))), 1],
    ['send', sends.map(reaction), 6],
    [
      'reconnect',
      fc.boolean().map((on) =>
        step(`reconnect=${on ? 'on' : 'off'}`, (subject) => {
          subject.element.toggleAttribute('reconnect', on);
        }),
      ),
      2,
    ],
    [
      'manual',
      fc.boolean().map((on) =>
        step(`manual=${on ? 'on' : 'off'}`, (subject) => {
          subject.closedSince = false;
          subject.element.toggleAttribute('manual', on);
        }),
      ),
      1,
    ],
    [
      'heartbeat',
      fc.boolean().map((on) =>
        step(on ? `heartbeat=${HEARTBEAT}` : 'heartbeat off', ({ element }) => {
          if (on) element.setAttribute('heartbeat', String(HEARTBEAT));
          else element.removeAttribute('heartbeat');
        }),
      ),
      1,
    ],
    ['remove', fc.constant(step('remove', (subject) => removeReaction().act(subject), attached)), 2],
    [
      'attach',
      fc.constant(
        step(
          'attach',
          (subject) => {
            subject.closedSince = false;
            document.body.append(subject.element);
          },
          (place) => place === 'detached',
        ),
      ),
      2,
    ],
    [
      're-add',
      fc.constant(
        step(
          'remove and re-add (same task)',
          (subject) => {
            // A listener may have removed it already (the model's place is then stale).
            const parent = subject.element.parentNode ?? document.body;
            subject.element.remove();
            subject.closedSince = false;
            parent.appendChild(subject.element);
          },
          attached,
        ),
      ),
      1,
    ],
    [
      're-add-later',
      fc.constant(
        step(
          'remove, re-add in a later task',
          async (subject) => {
            const parent = subject.element.parentNode ?? document.body;
            subject.element.remove();
            subject.closedSince = true;
            await sleep(0);
            subject.closedSince = false;
            (parent.isConnected ? parent : document.body).appendChild(subject.element);
          },
          attached,
        ),
      ),
      1,
    ],
    [
      'into-frame',
      fc.constant(
        step(
          'move into the iframe',
          async (subject, run) => {
            const frame = await run.ensureFrame();
            subject.closedSince = false;
            frame.contentDocument!.body.append(subject.element);
          },
          (place) => place === 'body',
        ),
      ),
      1,
    ],
    [
      'out-of-frame',
      fc.constant(
        step(
          'move back from the iframe',
          (subject) => {
            subject.closedSince = false;
            document.body.append(subject.element);
          },
          (place) => place === 'frame' || place === 'orphan',
        ),
      ),
      1,
    ],
    [
      'remove-frame',
      fc.constant(
        step(
          'remove the iframe',
          (_, run) => {
            const frameDocument = run.frame?.contentDocument;
            for (const subject of run.subjects) {
              if (frameDocument === undefined || subject.element.ownerDocument !== frameDocument) continue;
              if (subject.place() === 'frame') subject.closedSince = true;
              subject.orphaned = true;
            }
            run.frame?.remove();
            run.frame = null;
          },
          (_, model) => model.places.includes('frame'),
        ),
      ),
      1,
    ],
    [
      'server-drop',
      fc.constant(
        step('server: drop', async (subject) => {
          hitByServer(subject.server.uid);
          await subject.server.terminate();
        }),
      ),
      2,
    ],
    [
      'server-close',
      fc.constantFrom(1000, 1001, 1008, 1011, 4000).map((code) =>
        step(`server: close(${code})`, async (subject) => {
          hitByServer(subject.server.uid);
          await subject.server.close(code, 'server');
        }),
      ),
      2,
    ],
    [
      'server-resume',
      fc.constant(step('server: resume', (subject) => resumeStalled(subject.server.uid).then(() => undefined))),
      1,
    ],
    [
      'arm',
      fc
        .tuple(fc.constantFrom<ListenerType>('close', 'close', 'open', 'connecting', 'reconnecting'), reactions)
        .map(([type, r]) => step(`on ${type}: ${r.label}`, (subject) => subject.arm(type, r))),
      5,
    ],
    ['wait', fc.constantFrom(0, 30, 100).map((ms) => step(`wait ${ms} ms`, () => sleep(ms))), 3],
    [
      'until-open',
      fc.constant(
        step('until open', async ({ element }) => {
          if (element.state !== 'open') await eventWithin(element, 'open', 2 * CONNECT_TIMEOUT);
        }),
      ),
      2,
    ],
  ];
  return entries.filter(([name]) => !exclude.includes(name)).map(([, arbitrary, weight]) => ({ arbitrary, weight }));
}

const configArbitrary: fc.Arbitrary<Config> = fc.record({
  host: fc.constantFrom<Config['host']>('echo', 'echo', 'echo', 'echo', 'stall', 'reject', 'hang', 'empty'),
  reconnect: fc.boolean(),
  manual: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  heartbeat: fc.boolean(),
  attempts: fc.constantFrom<Config['attempts']>(3, null),
  delay: fc.constantFrom<Config['delay']>(10, 20),
});

// ---------------------------------------------------------------------------------------------
// Settling and the checks at the end of a run.

/** Closes and removes everything, waits until all is closed, then checks every invariant. */
async function settle(run: Run): Promise<void> {
  for (const subject of run.subjects) {
    subject.disarm();
    subject.note('> settle: close(), remove');
    closeReaction().act(subject);
    subject.element.remove();
    // Out of the iframe's document before it goes (see Subject.orphaned).
    document.adoptNode(subject.element);
  }
  run.frame?.remove();
  run.frame = null;
  await Promise.resolve();
  for (const subject of run.subjects) {
    const live = liveSockets(subject.server.uid);
    if (live.length === 0) continue;
    subject.fail(`after close() and removal, ${live.length} socket(s) still connecting or open (leaked)`);
    for (const { socket } of live) socket.close();
  }
  await Promise.all(run.subjects.map((subject) => resumeStalled(subject.server.uid)));
  await Promise.all(
    run.subjects.flatMap((subject) =>
      socketsOf(subject.server.uid).map(async (record) => {
        if (!(await socketClosed(record, 5000))) subject.fail(`a socket to ${kindOf(record.url)} never closed`);
      }),
    ),
  );
  const counts = await serverClosed(run.subjects.map((subject) => subject.server.uid));
  for (const subject of run.subjects) {
    const { open, stalled } = counts[subject.server.uid];
    if (open + stalled > 0)
      subject.fail(`the server still has ${open + stalled} live connection(s) after close() and removal`);
  }
  // The element's close event for a socket's own close comes in the same task; one more turn.
  await sleep(0);
  for (const subject of run.subjects) {
    const made = socketsOf(subject.server.uid).length;
    if (made !== subject.closeEvents && !subject.orphaned) {
      const ends = socketsOf(subject.server.uid).map(({ url, closed }) => `${kindOf(url)} ${closed?.code ?? 'open'}`);
      subject.fail(`made ${made} socket(s) (${ends.join(', ')}) but fired ${subject.closeEvents} close event(s)`);
    }
    subject.late = [];
  }
  quietPhase = [];
  await sleep(QUIET);
  const late = quietPhase;
  quietPhase = null;
  for (const subject of run.subjects) {
    if (subject.late!.length > 0) subject.fail(`events after close() and removal settled: ${subject.late!.join(', ')}`);
  }
  if (late.length > 0) run.fail(`after close() and removal settled: ${late.join('; ')}`);
  for (const subject of run.subjects) await checkMessages(subject, run);
  run.throwIfViolated();
}

/**
 * Every message send() accepted arrived once and in order, or was reported discarded; one that
 * went to a socket which the server then closed or dropped, or which failed, may be missing (the
 * known gap, counted).
 */
async function checkMessages(subject: Subject, run: Run): Promise<void> {
  const connections = await subject.server.records();
  const received = connections
    .flatMap((connection) => connection.received.map((message) => message.text ?? ''))
    .filter((text) => /^m\d+$/.test(text));
  const order = new Map(subject.sent.map((text, index) => [text, index]));
  const arrived = new Set<string>();
  let last = -1;
  for (const text of received) {
    const index = order.get(text);
    if (index === undefined) subject.fail(`the server got ${text}, which send() never accepted`);
    else if (arrived.has(text)) subject.fail(`${text} arrived twice`);
    else if (index < last) subject.fail(`${text} arrived after ${subject.sent[last]}: out of order`);
    arrived.add(text);
    if (index !== undefined) last = Math.max(last, index);
  }
  const missing = subject.sent.filter((text) => !arrived.has(text));
  // Sockets that ended otherwise than by the element's own close(): dropped, closed by the
  // server (a message crossing its close frame is dropped by the browser), or failed.
  const died = new Set(
    socketsOf(subject.server.uid)
      .filter((record) => record.hitByServer || (record.closed !== null && !record.closed.wasClean))
      .flatMap(({ handed }) => handed),
  );
  if (subject.discardListed) {
    const discarded = new Set(subject.discardedMessages);
    for (const text of discarded) if (arrived.has(text)) subject.fail(`${text} was reported discarded, yet arrived`);
    const unaccounted = missing.filter((text) => !discarded.has(text));
    const lost = unaccounted.filter((text) => !died.has(text));
    if (lost.length > 0 && !subject.orphaned)
      subject.fail(
        `${lost.join(', ')} never arrived; no AbortError reported them, nor did the server end their socket`,
      );
    run.gapLosses += unaccounted.length - lost.length;
  } else {
    if (subject.discarded > missing.length) {
      subject.fail(`AbortErrors report ${subject.discarded} discarded, but only ${missing.length} are missing`);
    }
    const strict = missing.filter((text) => !died.has(text));
    if (strict.length > subject.discarded && !subject.orphaned) {
      subject.fail(
        `${strict.join(', ')} never arrived (nor did the server end a socket they were handed to), ` +
          `and AbortErrors report only ${subject.discarded} discarded`,
      );
    }
    run.gapLosses += Math.max(0, missing.length - subject.discarded);
  }
}

/** Whatever a run (or a failed one) left behind: nothing may leak into the next run. */
async function teardown(run: Run): Promise<void> {
  quietPhase = null;
  for (const subject of run.subjects) {
    subject.disarm();
    try {
      subject.element.close();
    } catch {
      // Checked elsewhere.
    }
    subject.element.remove();
  }
  run.frame?.remove();
  await Promise.resolve();
  await closeLeftovers(run.subjects.map((subject) => subject.server));
}

// ---------------------------------------------------------------------------------------------

async function fuzz(elements: number, defaultRuns: number): Promise<void> {
  const runsSetting = Number(await env('WS_CLIENT_FUZZ_RUNS'));
  const numRuns = runsSetting > 0 ? Math.max(1, Math.round((runsSetting * defaultRuns) / 40)) : defaultRuns;
  const seedSetting = await env('WS_CLIENT_FUZZ_SEED');
  const pathSetting = (await env('WS_CLIENT_FUZZ_PATH')) ?? '';
  const [pathElements, path] = pathSetting.includes(':') ? pathSetting.split(/:(.*)/) : ['', ''];
  const replay = seedSetting !== null && pathElements === String(elements) ? path : undefined;
  // Which commands of the sequence ran: fc.commands needs it to replay a path.
  const replayPath = replay === undefined ? undefined : ((await env('WS_CLIENT_FUZZ_REPLAY')) ?? undefined);
  const multi = elements > 1;
  const exclude = ((await env('WS_CLIENT_FUZZ_EXCLUDE')) ?? '').split(/[\s,]+/).filter(Boolean);
  const arbitraries = Array.from({ length: elements }, (_, index) => commandsFor(index, multi, exclude)).flat();
  let firstFailure = 0;
  const started = Date.now();
  let runs = 0;
  let commands = 0;
  let gapLosses = 0;
  const property = fc.asyncProperty(
    fc.array(configArbitrary, { minLength: elements, maxLength: elements }),
    fc.commands([fc.oneof(...arbitraries)], { maxCommands: MAX_COMMANDS, size: 'max', replayPath }),
    async (configs, steps) => {
      // Once shrinking has had its time, the remaining candidates pass unrun: the smallest
      // failure found so far is reported.
      if (firstFailure !== 0 && Date.now() - firstFailure > SHRINK_BUDGET) return;
      uncaught.length = 0;
      const run = new Run(configs);
      try {
        await fc.asyncModelRun(() => ({ model: run.model(), real: run }), steps);
        await settle(run);
      } catch (error) {
        firstFailure ||= Date.now();
        throw error;
      } finally {
        await teardown(run);
        runs += 1;
        commands += run.steps.length;
        gapLosses += run.gapLosses;
      }
    },
  );
  catchUncaught();
  const details = await fc
    .check(property, {
      numRuns,
      seed: seedSetting === null ? undefined : Number(seedSetting),
      path: replay,
      endOnFailure: replay !== undefined,
    })
    .finally(releaseUncaught);
  const seconds = Math.round((Date.now() - started) / 1000);
  const summary = `model, ${elements} element(s): ${runs} runs, ${commands} commands in ${seconds} s, ${gapLosses} message(s) handed to a socket and lost when the server closed or dropped it (known gap)`;
  console.log(summary);
  if (details.failed) {
    const commandsRan = /replayPath="([^"]*)"/.exec(fc.stringify(details.counterexample))?.[1] ?? '';
    const hint =
      `\nReplay: WS_CLIENT_FUZZ_SEED=${details.seed} WS_CLIENT_FUZZ_PATH=${elements}:${details.counterexamplePath ?? ''}` +
      ` WS_CLIENT_FUZZ_REPLAY=${commandsRan}`;
    const cause =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${fc.defaultReportMessage(details)}${hint}\n${summary}\nThe shrunk run failed with: ${cause}`);
  }
}

describe('model-based fuzzing', () => {
  before(installTracker);
  after(uninstallTracker);

  it('keeps one connection per element, one close per socket, every message once and in order, and no timers after close, for any sequence of commands', async function () {
    this.timeout(600_000);
    await fuzz(1, 40);
  });

  it('keeps those invariants for three elements driven at once', async function () {
    this.timeout(600_000);
    await fuzz(3, 20);
  });
});

describe('re-entrancy', () => {
  const servers: TestServer[] = [];
  before(installTracker);
  after(uninstallTracker);
  afterEach(async () => {
    await closeLeftovers(servers.splice(0));
  });

  async function openElement(): Promise<{ server: TestServer; element: WsClient }> {
    const server = new TestServer();
    servers.push(server);
    const element = mount({ host: server.url(), 'connect-timeout': String(CONNECT_TIMEOUT) });
    await nextEvent(element, 'open');
    return { server, element };
  }

  /** Waits until no socket of the server's uid is still connecting in the page (the server has seen them all). */
  async function handshakesDone(server: TestServer): Promise<void> {
    for (let waited = 0; waited < 2000; waited += 10) {
      if (!socketsOf(server.uid).some(({ socket }) => socket.readyState === WebSocket.CONNECTING)) return;
      await sleep(10);
    }
  }

  const replacements: Array<[string, (element: WsClient, server: TestServer) => void]> = [
    ['a host change', (element, server) => (element.host = server.url('echo', '?v=2'))],
    ['connect() while open', (element) => element.connect()],
  ];
  for (const [during, replace] of replacements) {
    it(`a close listener that calls connect() during ${during} leaves one connection`, async () => {
      const { server, element } = await openElement();
      element.addEventListener('close', () => element.connect(), { once: true });
      const reopened = eventWithin(element, 'open', 2000);
      replace(element, server);
      const opened = await reopened;
      await handshakesDone(server);
      const counts = await openCounts([server.uid], 1, SERVER_LAG);
      const live = liveSockets(server.uid);
      expect({
        'opened again': opened,
        'live connections at the server': counts[server.uid].open,
        'sockets connecting or open in the page': live.length,
        "the live socket is the element's": live.length === 1 && live[0].socket === element.socket,
        state: element.state,
      }).to.deep.equal({
        'opened again': true,
        'live connections at the server': 1,
        'sockets connecting or open in the page': 1,
        "the live socket is the element's": true,
        state: 'open',
      });
    });

    it(`a close listener that calls close() during ${during} leaves the element closed, with no connection`, async () => {
      const { server, element } = await openElement();
      element.addEventListener('close', () => element.close(), { once: true });
      replace(element, server);
      await sleep(100);
      await handshakesDone(server);
      const counts = await openCounts([server.uid], 0, SERVER_LAG);
      expect({
        'live connections at the server': counts[server.uid].open,
        'sockets connecting or open in the page': liveSockets(server.uid).length,
        state: element.state,
      }).to.deep.equal({
        'live connections at the server': 0,
        'sockets connecting or open in the page': 0,
        state: 'closed',
      });
    });
  }
});
