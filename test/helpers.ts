import { oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { WsClient } from '../src/index.js';

/** What the test server recorded of one connection. */
export interface ServerRecord {
  url: string;
  protocol: string;
  open: boolean;
  received: Array<{ text?: string; binary?: string }>;
  close: { code: number; reason: string } | null;
}

/** Conditions the server waits for before it answers (see test/server/ws-test-server.mjs). */
export interface Until {
  connections?: number;
  open?: number;
  messages?: number;
  closed?: boolean;
}

type Behaviour = 'echo' | 'silent' | 'close' | 'terminate' | 'hang' | 'reject' | 'stall';

interface Payload {
  action: string;
  uid?: string;
  until?: Until;
  timeout?: number;
  code?: number;
  reason?: string;
  data?: string;
  count?: number;
  size?: number;
  binary?: boolean;
  port?: number;
}

function command<R>(payload: Payload): Promise<R> {
  return executeServerCommand<R, Payload>('ws', payload) as Promise<R>;
}

let count = 0;
let ports = { hang: 0, reject: 0 };

/** Learns where `hang` and `reject` are served (see the test server); run before the tests. */
export async function loadServerPorts(): Promise<void> {
  ports = await command<typeof ports>({ action: 'ports' });
}

/**
 * One test's view of the real test server: its connections are recorded under a uid of its
 * own, so tests running in parallel never see each other's traffic.
 */
export class TestServer {
  readonly uid = `${Date.now().toString(36)}-${++count}-${Math.random().toString(36).slice(2, 8)}`;

  /** @param origin where the server listens: the dev server by default, or `localhost:port`. */
  constructor(readonly origin = location.host) {}

  url(behaviour: Behaviour = 'echo', query = ''): string {
    const origin = behaviour === 'hang' || behaviour === 'reject' ? `localhost:${ports[behaviour]}` : this.origin;
    return `ws://${origin}/ws/${behaviour}/${this.uid}${query}`;
  }

  /** The recorded connections, once `until` holds (the server waits for it, up to 5 s). */
  records(until?: Until, timeout?: number): Promise<ServerRecord[]> {
    return command({ action: 'records', uid: this.uid, until, timeout });
  }

  /** Everything received as text, over all connections, in order. */
  async texts(until?: Until): Promise<string[]> {
    const records = await this.records(until);
    return records.flatMap((record) => record.received.map((message) => message.text ?? `<binary ${message.binary}>`));
  }

  close(code?: number, reason?: string): Promise<boolean> {
    return command({ action: 'close', uid: this.uid, code, reason });
  }

  /** Drops the TCP connection without a close frame. */
  terminate(): Promise<boolean> {
    return command({ action: 'terminate', uid: this.uid });
  }

  /** Sends `data` from the server, `count` times in a row. */
  send(data: string, count = 1): Promise<boolean> {
    return command({ action: 'send', uid: this.uid, data, count });
  }

  /** Sends one large frame: text "<xxx…>" or bytes counting 0..255, `size` bytes long. */
  sendLarge(size: number, binary: boolean): Promise<boolean> {
    return command({ action: 'send-large', uid: this.uid, size, binary });
  }

  /** Sends binary data (given as base64) from the server. */
  sendBinary(base64Data: string): Promise<boolean> {
    return command({ action: 'send-binary', uid: this.uid, data: base64Data });
  }
}

/** A server of its own on a port of its own, which a test can crash and restart. */
export class StandaloneServer {
  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<StandaloneServer> {
    return new StandaloneServer(await command<number>({ action: 'listen', port }));
  }

  /** A view on this server for one test's uid. */
  view(): TestServer {
    return new TestServer(`localhost:${this.port}`);
  }

  /** Stops it as a crash would: clients dropped without a close frame. */
  shutdown(): Promise<boolean> {
    return command({ action: 'shutdown', port: this.port });
  }

  restart(): Promise<number> {
    return command<number>({ action: 'listen', port: this.port });
  }
}

/** Resolves with the next event of that type, typed by the event map. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return oneEvent(target, type) as unknown as Promise<E>;
}

/** Collects every event of the given types, in order. */
export function recordEvents(target: EventTarget, ...types: string[]): Event[] {
  const events: Event[] = [];
  for (const type of types) target.addEventListener(type, (event) => events.push(event));
  return events;
}

export function base64(bytes: ArrayBuffer | Uint8Array): string {
  const array = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return btoa(String.fromCharCode(...array));
}

const mounted = new Set<Element>();

/**
 * Creates a `<ws-client>` with these attributes, lets `before` add listeners, then attaches it.
 * Every element mounted in a test is removed after it (see `unmountAll`).
 */
export function mount<T extends HTMLElement = HTMLElementTagNameMap['ws-client']>(
  attributes: Record<string, string | boolean>,
  before?: (element: T) => void,
  parent: Element = document.body,
): T {
  const element = document.createElement('ws-client') as unknown as T;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  before?.(element);
  mounted.add(element);
  parent.append(element);
  return element;
}

export function unmountAll(): void {
  for (const element of mounted) element.remove();
  mounted.clear();
}

/** The socket an element just attached makes (a microtask after its `connecting` event). */
export async function nextSocket(element: EventTarget & { socket: WebSocket | null }): Promise<WebSocket> {
  await nextEvent(element, 'connecting');
  await Promise.resolve();
  if (element.socket === null) throw new Error('no socket after connecting');
  return element.socket;
}

/** Resolves once the socket is CLOSED: given up for good. */
export async function closedSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState !== WebSocket.CLOSED) await nextEvent(socket, 'close');
}

/**
 * Loads a page in an iframe kept in view (hidden or off-screen frames get no animation frames)
 * and resolves once it has loaded; the frame is removed after the current suite.
 */
export async function openFrame(path: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.inset = '0';
  frame.style.width = '800px';
  frame.style.height = '600px';
  frame.src = path;
  document.body.append(frame);
  after(() => frame.remove());
  const pathname = new URL(path, location.href).pathname;
  // The first load event may be the initial about:blank.
  while (frame.contentDocument?.location.pathname !== pathname || frame.contentDocument.readyState !== 'complete') {
    await nextEvent(frame, 'load');
  }
  return frame;
}

/** Opens `path` in an iframe and waits until the page's `<ws-client>` is open. */
export async function openElementInFrame(path: string): Promise<{ page: Window; element: WsClient }> {
  const page = (await openFrame(path)).contentWindow!;
  await page.customElements.whenDefined('ws-client');
  const element = page.document.querySelector('ws-client') as WsClient;
  if (element.state !== 'open') await nextEvent(element, 'open');
  return { page, element };
}

/** The paths of the resources a page has loaded so far. */
export function loadedPaths(page: Window): string[] {
  return page.performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname);
}

/** A same-origin document with the element's code, like another tab of the origin. */
export interface Tab {
  frame: HTMLIFrameElement;
  element: WsClient;
}

export async function openTab(host: string, attributes: Record<string, string> = {}, query = ''): Promise<Tab> {
  const frame = await openFrame(`/test/fixtures/share-frame.html${query}`);
  const page = frame.contentWindow!;
  await page.customElements.whenDefined('ws-client');
  const element = page.document.createElement('ws-client') as WsClient;
  element.setAttribute('host', host);
  element.setAttribute('share', 'tabs');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  page.document.body.append(element);
  return { frame, element };
}

/** The role `element` takes once its document knows it (leader or follower). */
export async function roleOf(element: WsClient): Promise<string> {
  while (element.shareRole === 'own') await nextEvent(element, 'share-role');
  return element.shareRole;
}
