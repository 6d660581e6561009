import { expect } from '@open-wc/testing';
import type * as ReactModule from 'react';
import type * as ReactDomClient from 'react-dom/client';
import type * as ReactDom from 'react-dom';
import type * as VueModule from 'vue';
import '../src/index.js';
import type { WsClient } from '../src/index.js';
import type { WsClientReactProps } from '../src/react.js';
import '../src/vue.js';
import { nextEvent, TestServer } from './helpers.js';
import './setup.js';

type React = Pick<typeof ReactModule, 'createElement'> &
  Pick<typeof ReactDomClient, 'createRoot'> &
  Pick<typeof ReactDom, 'flushSync'>;
const bundles = { react: '/__bundles/react.js', vue: '/node_modules/vue/dist/vue.esm-browser.prod.js' };

function container(): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  after(() => element.remove());
  return element;
}

describe('in React 19', () => {
  it('takes properties and attributes, and hears the events through on<event> props', async () => {
    const { createElement, createRoot, flushSync } = (await import(bundles.react)) as React;
    const first = new TestServer();
    const second = new TestServer();
    const received: string[] = [];
    // The README's snippet: <ws-client host={url} controls send-label="Enviar" onmessage={…} />
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
});

describe('in Vue 3', () => {
  it('takes bound properties and hears the events through @event listeners', async () => {
    const { createApp, nextTick, ref } = (await import(bundles.vue)) as typeof VueModule;
    const first = new TestServer();
    const second = new TestServer();
    const received: string[] = [];
    const url = ref(first.url());
    const states: string[] = [];
    // The README's snippet, with compilerOptions.isCustomElement set for ws-client.
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
});
