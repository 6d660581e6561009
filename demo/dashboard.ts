// The dashboard demo: a dozen <ws-client share="tabs"> elements, each on one topic of the pub/sub
// server (demo/pubsub-server.mjs), and the server's live connection count from its `stats` topic.
// Each element says what it shows in `data-show` (and `data-key`); this script only renders.
import '../src/index.js';
import type { WsClient } from '../src/index.js';

type Prices = Record<string, number>;
type Weather = Record<string, { temp: number; sky: string }>;
interface News {
  id: number;
  headline: string;
}
interface Stats {
  connections: number;
  subscriptions: Record<string, number>;
}

const connections = document.querySelector<HTMLOutputElement>('#connections')!;
const subscriptions = document.querySelector<HTMLElement>('#subscriptions')!;
const role = document.querySelector<HTMLElement>('#role')!;
const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A smaller note after a card's value. */
const detail = (text: string, kind = ''): HTMLSpanElement =>
  Object.assign(document.createElement('span'), { className: `detail ${kind}`, textContent: text });

/** How each kind of card shows its element's latest message. */
const renderers: Record<string, (card: Card, message: Record<string, unknown>) => void> = {
  price(card, { data }) {
    const price = (data as Prices)[card.key];
    const change = card.last === undefined ? 0 : price - card.last;
    card.last = price;
    const sign = change > 0 ? 'up' : change < 0 ? 'down' : '';
    card.value.replaceChildren(
      price.toFixed(2),
      detail(`${change >= 0 ? '+' : '−'}${Math.abs(change).toFixed(2)}`, sign),
    );
  },
  weather(card, { data }) {
    const { temp, sky } = (data as Weather)[card.key];
    card.value.replaceChildren(`${temp.toFixed(1)} °C`, detail(sky));
  },
  headline(card, { data }) {
    card.value.textContent = (data as News).headline;
  },
  headlines(card, { data }) {
    const { headline } = data as News;
    if (card.last !== undefined) {
      // The previous headline goes to the top of the list; the newest is the other card's.
      const item = Object.assign(document.createElement('li'), { textContent: card.previous });
      card.value.prepend(item);
      while (card.value.children.length > 4) card.value.lastElementChild!.remove();
    }
    card.previous = headline;
    card.last = (data as News).id;
  },
};

interface Card {
  key: string;
  value: HTMLElement;
  updated: HTMLElement;
  last?: number;
  previous?: string;
}

function watch(element: WsClient): void {
  const render = renderers[element.dataset.show ?? ''];
  if (!render) return;
  const card: Card = {
    key: element.dataset.key ?? '',
    value: element.parentElement!.querySelector<HTMLElement>('.value')!,
    updated: element.parentElement!.querySelector<HTMLElement>('.updated')!,
  };
  element.addEventListener('message', (event) => {
    const message = (event as MessageEvent<Record<string, unknown>>).data;
    render(card, message);
    card.updated.textContent = `at ${clock.format(Number(message.time))}`;
  });
  element.addEventListener('close', () => (card.updated.textContent = 'disconnected'));
}

/** The server's connection count and subscriptions, from the `stats` topic. */
function watchStats(element: WsClient): void {
  element.addEventListener('message', (event) => {
    const { connections: count, subscriptions: topics } = (event as MessageEvent<Stats>).data;
    // The count is a live region (an output): written only when it changes, it speaks only then.
    if (connections.value !== String(count)) connections.value = String(count);
    subscriptions.textContent = `Subscriptions at the server: ${Object.entries(topics)
      .map(([topic, sockets]) => `${topic} ${sockets}`)
      .join(', ')}.`;
  });
}

const ROLES: Record<WsClient['shareRole'], string> = {
  leader: 'This tab holds the shared connection (leader).',
  follower: 'This tab uses the connection another tab holds (follower).',
  own: 'This tab has a connection of its own.',
};

/** This tab's part in the sharing, as the stats element says (every element here has the same). */
function showRole(element: WsClient): void {
  role.textContent = ROLES[element.shareRole];
}

const stats = document.querySelector<WsClient>('ws-client[topic="stats"]')!;
watchStats(stats);
for (const element of document.querySelectorAll<WsClient>('.card ws-client')) watch(element);
// Not before: the role is "own" until the document knows whether it leads or follows.
stats.addEventListener('share-role', () => showRole(stats));
stats.addEventListener('open', () => showRole(stats));
