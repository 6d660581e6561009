import { expect } from '@open-wc/testing';
import { readFile } from '@web/test-runner-commands';
import type * as ReactModule from 'react';
import type * as ReactDomClient from 'react-dom/client';
import type * as ReactDom from 'react-dom';
import type * as SvelteModule from 'svelte';
import type * as SvelteCompiler from 'svelte/compiler';
import type * as VueModule from 'vue';
import '../src/index.js';
import { CONNECTION_EVENTS, type WsClient, type WsClientProperties } from '../src/index.js';
import type { WsClientReactProps } from '../src/react.js';
import '../src/vue.js';
import { nextEvent, StandaloneServer, TestServer } from './helpers.js';
import './setup.js';

type React = Pick<typeof ReactModule, 'createElement'> &
  Pick<typeof ReactDomClient, 'createRoot'> &
  Pick<typeof ReactDom, 'flushSync'>;
type Svelte = Pick<typeof SvelteModule, 'mount' | 'unmount' | 'flushSync'>;
const bundles = {
  react: '/__bundles/react.js',
  vue: '/node_modules/vue/dist/vue.esm-browser.prod.js',
  // Svelte's compiler as one classic script (it sets `window.svelte`).
  svelteCompiler: '/node_modules/svelte/compiler/index.js',
};

function container(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  after(() => element.remove());
  return element;
}

/** Undone after each test (an app unmounted, its container removed), in reverse order. */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) cleanup();
});

/** A container for one test's app, removed after the test. */
function place(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  cleanups.push(() => element.remove());
  return element;
}

/**
 * The settings as every app in test/frameworks passes them (as properties or as attributes),
 * read back from the element's properties; `host` is the test's own.
 */
const FIXTURE_SETTINGS = {
  protocols: 'chat',
  format: 'text',
  binaryType: 'arraybuffer',
  manual: false,
  reconnect: true,
  reconnectDelay: 50,
  reconnectMaxDelay: 1000,
  reconnectAttempts: 1,
  reconnectStopCodes: '4000-4099',
  connectTimeout: 5000,
  queueLimit: 100,
  heartbeat: 0,
  heartbeatMessage: 'ping',
  heartbeatTimeout: 10000,
  heartbeatReply: 'pong',
  controls: true,
  sendLabel: 'Enviar',
  closeLabel: 'Cerrar',
  messageLabel: 'Mensaje',
  placeholder: 'Escribe un mensaje',
  retryLabel: 'Reintentar',
  multiline: true,
  stateLabels: { open: 'Abierto', closed: 'Cerrado' },
  log: true,
  labels: { log: 'Registro' },
  logLimit: 50,
  share: 'page',
  shareKey: 'chat',
  subscribeMessage: '',
  unsubscribeMessage: '',
  topic: '',
  topicField: 'type',
} satisfies Required<Omit<WsClientProperties, 'host'>>;

function expectFixtureSettings(element: WsClient, host: string): void {
  expect(element.host).to.equal(host);
  for (const [name, value] of Object.entries(FIXTURE_SETTINGS)) {
    expect(element[name as keyof typeof FIXTURE_SETTINGS], name).to.deep.equal(value);
  }
}

/**
 * Takes an element through every event: it opens and echoes a message; then its server crashes,
 * and its one retry (reconnect-attempts="1") is refused, so it gives up.
 */
async function everyEvent(element: WsClient, server: StandaloneServer, text: string): Promise<void> {
  if (element.state !== 'open') await nextEvent(element, 'open');
  const echoed = nextEvent(element, 'message');
  element.send(text);
  await echoed;
  const failed = nextEvent(element, 'reconnect-failed');
  await server.shutdown();
  await failed;
}

/** What an app in test/frameworks listed as it heard the events, and the messages it showed. */
function shown(root: Element): { events: string[]; messages: string[] } {
  const texts = (selector: string) => [...root.querySelectorAll(`${selector} li`)].map((li) => li.textContent ?? '');
  return { events: texts('.events'), messages: texts('.messages') };
}

function expectEveryEventShown(root: Element, text: string): void {
  const { events, messages } = shown(root);
  expect(messages).to.deep.equal([text]);
  expect(events.slice(0, 3)).to.deep.equal(['connecting 0', 'open', 'message']);
  expect(events).to.include.members(['error', 'close 1006', 'reconnecting 1']);
  expect(events.at(-1)).to.equal('reconnect-failed 1');
}

/** `reconnect-failed` is `ReconnectFailed`. */
const pascal = (type: string): string => type.replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase());

describe('in plain TypeScript', () => {
  it('runs test/frameworks/vanilla/src/chat.ts: every setting arrives, every listener hears', async () => {
    // A path in a variable: the root type check leaves the app to scripts/check-types.mjs.
    const path = '/test/frameworks/vanilla/src/chat.ts';
    const { startChat } = (await import(path)) as { startChat(parent: HTMLElement, url: string): WsClient };
    const server = await StandaloneServer.start();
    const url = server.view().url('echo');
    const root = place();
    const element = startChat(root, url);
    expectFixtureSettings(element, url);
    await everyEvent(element, server, 'hola');
    expectEveryEventShown(root, 'hola');
  });
});

describe('in React 19', () => {
  it('takes properties and attributes, and hears the events through on<event> props', async () => {
    const { createElement, createRoot, flushSync } = (await import(bundles.react)) as React;
    const first = new TestServer();
    const second = new TestServer();
    const received: string[] = [];
    // A component as the README's React section writes one: attributes as text, on<event> props.
    function Chat({ url }: { url: string }) {
      const props: WsClientReactProps = {
        host: url,
        controls: true,
        onmessage: (event) => received.push(String(event.data)),
      };
      return createElement('ws-client', { ...props, 'send-label': 'Enviar' });
    }
    const root = createRoot(container());
    flushSync(() => root.render(createElement(Chat, { url: first.url() })));
    const element = document.querySelector<WsClient>('ws-client')!;
    expect(element.host).to.equal(first.url());
    expect(element.controls).to.equal(true);
    expect(element.getAttribute('send-label')).to.equal('Enviar');
    await nextEvent(element, 'open');
    const echoed = nextEvent(element, 'message');
    element.send('via React');
    await echoed;
    expect(received).to.deep.equal(['via React']);

    flushSync(() => root.render(createElement(Chat, { url: second.url() })));
    await nextEvent(element, 'open');
    expect((await first.records({ closed: true }))[0].close?.code).to.equal(1000);

    flushSync(() => root.unmount());
    expect((await second.records({ closed: true }))[0].close?.code).to.equal(1000);
  });

  it("fires on<event> props named as the event, and not React's onError or camelCase props", async () => {
    const { createElement, createRoot, flushSync } = (await import(bundles.react)) as React;
    const server = await StandaloneServer.start();
    const heard = new Set<string>();
    const props: Record<string, unknown> = {
      host: server.view().url('echo'),
      reconnect: true,
      'reconnect-attempts': '1',
      'reconnect-delay': '50',
    };
    for (const type of CONNECTION_EVENTS) {
      for (const name of [`on${type}`, `on${pascal(type)}`, `on${pascal(type)}Capture`]) {
        // React hands its own handler props a synthetic event, not an Event.
        props[name] = (event: object) => heard.add(`${name} ${event instanceof Event ? 'native' : 'synthetic'}`);
      }
    }
    const parent = place();
    const root = createRoot(parent);
    flushSync(() => root.render(createElement('ws-client', props)));
    cleanups.push(() => root.unmount());
    await everyEvent(parent.querySelector<WsClient>('ws-client')!, server, 'spelled');

    // What src/react.ts types: on + the event type, each with the element's own event.
    expect([...heard].filter((name) => name.endsWith(' native')).sort()).to.deep.equal(
      CONNECTION_EVENTS.map((type) => `on${type} native`).sort(),
    );
    // Fired, but with React's synthetic event: not offered (nor is onError, which never fires).
    expect([...heard].filter((name) => name.endsWith(' synthetic')).sort()).to.deep.equal([
      'onCloseCapture synthetic',
      'onErrorCapture synthetic',
    ]);
  });

  it('takes every setting as test/frameworks/react/src/Chat.tsx passes it', async () => {
    const { createElement, createRoot, flushSync } = (await import(bundles.react)) as React;
    const server = await StandaloneServer.start();
    const url = server.view().url('echo');
    const heard: string[] = [];
    const note = (text: string) => heard.push(text);
    const props: WsClientReactProps = {
      host: url,
      protocols: 'chat',
      format: 'text',
      'binary-type': 'arraybuffer',
      manual: false,
      reconnect: true,
      'reconnect-delay': '50',
      'reconnect-max-delay': '1000',
      'reconnect-attempts': '1',
      'reconnect-stop-codes': '4000-4099',
      'connect-timeout': '5000',
      'queue-limit': '100',
      heartbeat: 0,
      'heartbeat-message': 'ping',
      'heartbeat-timeout': '10000',
      'heartbeat-reply': 'pong',
      controls: true,
      'send-label': 'Enviar',
      'close-label': 'Cerrar',
      'message-label': 'Mensaje',
      placeholder: 'Escribe un mensaje',
      'retry-label': 'Reintentar',
      multiline: true,
      stateLabels: { open: 'Abierto', closed: 'Cerrado' },
      log: true,
      labels: { log: 'Registro' },
      'log-limit': '50',
      share: 'page',
      'share-key': 'chat',
      'subscribe-message': '',
      'unsubscribe-message': '',
      topic: '',
      'topic-field': 'type',
      onopen: (event) => note(event.type),
      onmessage: (event) => note(`message ${String(event.data)}`),
      onerror: (event) => note(event.type),
      onclose: (event) => note(`close ${event.code}`),
      onconnecting: (event) => note(`connecting ${event.detail.attempt}`),
      onreconnecting: (event) => note(`reconnecting ${event.detail.attempt}`),
      'onreconnect-failed': (event) => note(`reconnect-failed ${event.detail.attempts}`),
    };
    const parent = place();
    const root = createRoot(parent);
    flushSync(() => root.render(createElement('ws-client', props)));
    cleanups.push(() => root.unmount());
    const element = parent.querySelector<WsClient>('ws-client')!;
    expectFixtureSettings(element, url);
    await everyEvent(element, server, 'hola');
    expect(heard.slice(0, 3)).to.deep.equal(['connecting 0', 'open', 'message hola']);
    expect(heard).to.include.members(['error', 'close 1006', 'reconnecting 1']);
    expect(heard.at(-1)).to.equal('reconnect-failed 1');
  });
});

describe('in Vue 3', () => {
  it('takes bound properties and hears the events through @event listeners', async () => {
    const { createApp, nextTick, ref } = (await import(bundles.vue)) as typeof VueModule;
    const first = new TestServer();
    const second = new TestServer();
    const received: string[] = [];
    const url = ref(first.url());
    const states: string[] = [];
    // A component as the README's Vue section writes one, with isCustomElement set for ws-client.
    const app = createApp({
      template: `<ws-client :host="url" controls send-label="Enviar" @message="onMessage" @reconnecting="onReconnecting"></ws-client>`,
      setup: () => ({
        url,
        onMessage: (event: MessageEvent) => received.push(String(event.data)),
        onReconnecting: () => states.push('reconnecting'),
      }),
    });
    app.config.compilerOptions.isCustomElement = (tag) => tag === 'ws-client';
    app.mount(container());
    const element = document.querySelector<WsClient>('ws-client')!;
    expect(element.host).to.equal(first.url());
    expect(element.controls).to.equal(true);
    await nextEvent(element, 'open');
    const echoed = nextEvent(element, 'message');
    element.send('via Vue');
    await echoed;
    expect(received).to.deep.equal(['via Vue']);

    url.value = second.url();
    await nextTick();
    await nextEvent(element, 'open');
    expect((await first.records({ closed: true }))[0].close?.code).to.equal(1000);

    app.unmount();
    expect((await second.records({ closed: true }))[0].close?.code).to.equal(1000);
  });

  it('runs the template of test/frameworks/vue/src/Chat.vue: every setting arrives, every listener hears', async () => {
    const { createApp, nextTick, ref } = (await import(bundles.vue)) as typeof VueModule;
    const source = await (await fetch('/test/frameworks/vue/src/Chat.vue')).text();
    const template = /<template>([\s\S]*)<\/template>/.exec(source)![1];
    const server = await StandaloneServer.start();
    const url = server.view().url('echo');
    // The template's bindings, as the component's <script setup> declares them.
    const app = createApp({ template, setup: () => ({ url, events: ref<string[]>([]), received: ref<string[]>([]) }) });
    app.config.compilerOptions.isCustomElement = (tag) => tag === 'ws-client';
    const root = place();
    app.mount(root);
    cleanups.push(() => app.unmount());
    const element = root.querySelector<WsClient>('ws-client')!;
    expectFixtureSettings(element, url);
    await everyEvent(element, server, 'hola');
    await nextTick();
    expectEveryEventShown(root, 'hola');
  });
});

describe('in Svelte 5', () => {
  const runtime = new URL('./frameworks/svelte-runtime.js', import.meta.url).href;
  // The module this file imports as '../src/index.js' (the dev server serves the .ts source).
  const elementModule = new URL('../src/index.ts', import.meta.url).href;

  /** Compiles a component in the page, its imports pointed at what the dev server serves. */
  async function compile(path: string): Promise<SvelteModule.Component<{ url: string }>> {
    const compiler = await loadCompiler();
    const { js } = compiler.compile(await (await fetch(path)).text(), { filename: path, generate: 'client' });
    const code = js.code
      .replace(/^import 'svelte\/internal\/disclose-version';$/m, '')
      .replace(`'svelte/internal/client'`, JSON.stringify(runtime))
      .replace(`'ws-client'`, JSON.stringify(elementModule));
    const blob = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    cleanups.push(() => URL.revokeObjectURL(blob));
    return ((await import(blob)) as { default: SvelteModule.Component<{ url: string }> }).default;
  }

  async function loadCompiler(): Promise<typeof SvelteCompiler> {
    const global = window as unknown as { svelte?: typeof SvelteCompiler };
    if (!global.svelte) {
      const script = Object.assign(document.createElement('script'), { src: bundles.svelteCompiler });
      const loaded = nextEvent(script, 'load');
      document.head.append(script);
      await loaded;
    }
    return global.svelte!;
  }

  it('runs test/frameworks/svelte/src/Chat.svelte: every setting arrives, every handler hears', async () => {
    const { mount, unmount, flushSync } = (await import(runtime)) as Svelte;
    const Chat = await compile('/test/frameworks/svelte/src/Chat.svelte');
    const server = await StandaloneServer.start();
    const url = server.view().url('echo');
    const root = place();
    const chat = mount(Chat, { target: root, props: { url } });
    cleanups.push(() => void unmount(chat));
    flushSync();
    const element = root.querySelector<WsClient>('ws-client')!;
    expectFixtureSettings(element, url);
    await everyEvent(element, server, 'hola');
    flushSync();
    expectEveryEventShown(root, 'hola');
  });
});

describe('in Angular 21', () => {
  it('runs the template of test/frameworks/angular/src/chat.ts (JIT, zoneless): bindings arrive, handlers hear', async () => {
    // JIT: the compiler first, then the component is compiled as the app bootstraps.
    await import('@angular/compiler');
    const { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } = await import('@angular/core');
    const { bootstrapApplication } = await import('@angular/platform-browser');
    // Read from disk: the dev server would compile the .ts (and fail on its `import 'ws-client'`).
    const source = (await readFile({ path: 'frameworks/angular/src/chat.ts' }))!;
    const template = /template: `([\s\S]*?)`,/.exec(source)![1];
    const server = new TestServer();
    const url = server.url();

    // The fixture's Chat with `url` a plain signal: a signal input (`input.required`) needs the
    // Angular compiler's transform under JIT, and this is the root component, bound to no parent.
    @Component({ selector: 'app-chat', schemas: [CUSTOM_ELEMENTS_SCHEMA], template })
    class Chat {
      readonly url = signal(url);
      readonly settings = {
        manual: false,
        heartbeat: 0,
        stateLabels: { open: 'Abierto', closed: 'Cerrado' },
        labels: { log: 'Registro' },
      } satisfies WsClientProperties;
      readonly events = signal<string[]>([]);
      readonly received = signal<string[]>([]);

      note(text: string): void {
        this.events.update((list) => [...list, text]);
      }
      onMessage(event: MessageEvent): void {
        this.note(event.type);
        this.received.update((list) => [...list, String(event.data)]);
      }
      onError(event: Event): void {
        this.note(event.type);
      }
      onClose(event: CloseEvent): void {
        this.note(`close ${event.code}`);
      }
      onConnecting(event: CustomEvent<{ attempt: number }>): void {
        this.note(`connecting ${event.detail.attempt}`);
      }
      onReconnecting(event: CustomEvent<{ attempt: number }>): void {
        this.note(`reconnecting ${event.detail.attempt}`);
      }
      onReconnectFailed(event: CustomEvent<{ attempts: number }>): void {
        this.note(`reconnect-failed ${event.detail.attempts}`);
      }
    }

    const root = place();
    root.append(document.createElement('app-chat'));
    const appRef = await bootstrapApplication(Chat, { providers: [provideZonelessChangeDetection()] });
    cleanups.push(() => appRef.destroyed || appRef.destroy());
    const element = root.querySelector<WsClient>('ws-client')!;
    // The attributes (reconnect-delay="50"), the property bindings ([host], [stateLabels]).
    expectFixtureSettings(element, url);
    if (element.state !== 'open') await nextEvent(element, 'open');
    const echoed = nextEvent(element, 'message');
    element.send('hola');
    await echoed;
    await appRef.whenStable();
    expect(shown(root)).to.deep.equal({ events: ['connecting 0', 'open', 'message'], messages: ['hola'] });

    appRef.destroy();
    expect(element.isConnected).to.equal(false);
    expect((await server.records({ closed: true }))[0].close?.code).to.equal(1000);
  });
});
