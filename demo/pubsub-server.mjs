// The dashboard demo's pub/sub server: a `ws` server on the dev server's own port, at /pubsub, so
// the demo works offline with no other process. Used by vite.config.ts and by the tests.
//
// Clients send JSON:
//   {"type":"subscribe","topic":T}     start receiving T
//   {"type":"unsubscribe","topic":T}   stop receiving T
//   {"type":"publish","topic":T,"data":D}  send D to every subscriber of T (not a feed topic)
// Every subscriber of a topic gets {"topic":T,"data":D,"time":ms since the epoch}:
//   prices, weather, news  the server's own feeds: the latest value at once on subscribe, then a
//                          new one every tick (about once a second)
//   stats                  {"topic":"stats","connections":N,"subscriptions":{T: sockets}}, at once
//                          on subscribe, whenever a connection opens or closes or a subscription
//                          changes, and every tick: the server's live connection count (the
//                          ticks tell it to a tab that joins a shared connection, which changes
//                          nothing at the server)
//   anything else          what clients publish
// A message the server cannot take is answered with {"type":"error","message":…} to its sender.
import { WebSocketServer } from 'ws';

const SYMBOLS = { ACME: 182.4, GLOBEX: 64.1, INITECH: 23.75, UMBRELLA: 411.0, HOOLI: 97.3 };
const CITIES = { Lisbon: 19, Oslo: 4, Nairobi: 24, Osaka: 15 };
const SKIES = ['clear', 'cloudy', 'rain', 'wind', 'fog'];
const HEADLINES = [
  'Markets open steady',
  'New WebSocket extension drafted',
  'Local bakery doubles output',
  'Tram line reopens downtown',
  'Heatwave expected next week',
  'Rover finds unusual rock',
  'City council approves bike lanes',
  'Chess prodigy wins again',
];

/** The feeds: each makes its next value from its last. */
function createFeeds() {
  let prices = { ...SYMBOLS };
  let weather = Object.fromEntries(Object.entries(CITIES).map(([city, temp]) => [city, { temp, sky: 'clear' }]));
  let news = { id: 0, headline: HEADLINES[0] };
  const step = {
    prices: () =>
      (prices = Object.fromEntries(
        Object.entries(prices).map(([symbol, price]) => [
          symbol,
          Math.max(1, Math.round(price * (1 + (Math.random() - 0.5) / 50) * 100) / 100),
        ]),
      )),
    weather: () =>
      (weather = Object.fromEntries(
        Object.entries(weather).map(([city, { temp, sky }]) => [
          city,
          {
            temp: Math.round((temp + (Math.random() - 0.5)) * 10) / 10,
            sky: Math.random() < 0.1 ? SKIES[Math.floor(Math.random() * SKIES.length)] : sky,
          },
        ]),
      )),
    news: () => (news = { id: news.id + 1, headline: HEADLINES[(news.id + 1) % HEADLINES.length] }),
  };
  const latest = { prices: () => prices, weather: () => weather, news: () => news };
  return { topics: Object.keys(step), step, latest };
}

/**
 * Answers WebSocket upgrades for `path` on `httpServer` with the pub/sub server. `interval` is the
 * feeds' tick in ms. The feeds stop when the returned server closes.
 */
export function attachPubSub(httpServer, path = '/pubsub', { interval = 1000 } = {}) {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  const feeds = createFeeds();
  /** @type {Map<string, Set<import('ws').WebSocket>>} the sockets subscribed to each topic */
  const subscribers = new Map();

  const send = (ws, message) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const publish = (topic, data) => {
    const message = JSON.stringify({ topic, data, time: Date.now() });
    for (const ws of subscribers.get(topic) ?? []) if (ws.readyState === ws.OPEN) ws.send(message);
  };
  const stats = () => ({
    topic: 'stats',
    connections: wss.clients.size,
    subscriptions: Object.fromEntries([...subscribers].map(([topic, sockets]) => [topic, sockets.size])),
    time: Date.now(),
  });
  const announce = () => {
    const message = stats();
    for (const ws of subscribers.get('stats') ?? []) send(ws, message);
  };

  function subscribe(ws, topic) {
    if (!subscribers.has(topic)) subscribers.set(topic, new Set());
    subscribers.get(topic).add(ws);
    if (feeds.topics.includes(topic)) send(ws, { topic, data: feeds.latest[topic](), time: Date.now() });
    announce();
  }

  /** Returns whether `ws` was subscribed to `topic`. */
  function unsubscribe(ws, topic) {
    const sockets = subscribers.get(topic);
    if (!sockets?.delete(ws)) return false;
    if (sockets.size === 0) subscribers.delete(topic);
    return true;
  }

  function handle(ws, text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return send(ws, { type: 'error', message: 'Not JSON.' });
    }
    const { type, topic } = message ?? {};
    if (typeof topic !== 'string' || topic === '') {
      return send(ws, { type: 'error', message: 'A message needs a "topic" string.' });
    }
    if (type === 'subscribe') return subscribe(ws, topic);
    if (type === 'unsubscribe') return unsubscribe(ws, topic) && announce();
    if (type === 'publish') {
      if (topic === 'stats' || feeds.topics.includes(topic)) {
        return send(ws, { type: 'error', message: `"${topic}" is the server's own topic.` });
      }
      return publish(topic, message.data ?? null);
    }
    send(ws, { type: 'error', message: 'The type is "subscribe", "unsubscribe" or "publish".' });
  }

  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) send(ws, { type: 'error', message: 'Binary messages are not taken.' });
      else handle(ws, data.toString());
    });
    ws.on('close', () => {
      for (const topic of [...subscribers.keys()]) unsubscribe(ws, topic);
      announce();
    });
    ws.on('error', () => {});
    announce();
  });

  // One tick for every feed: a subscriber of several topics gets them in the same order each tick.
  const ticker = setInterval(() => {
    for (const topic of feeds.topics) {
      if (subscribers.has(topic)) publish(topic, feeds.step[topic]());
    }
    announce();
  }, interval);
  // The feeds alone never keep a process alive (a script that closes its vite server ends).
  ticker.unref();
  wss.on('close', () => clearInterval(ticker));

  httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  return wss;
}

/** The vite plugin: the pub/sub server on `vite` (dev) and `vite preview`. */
export function pubSubServer(path = '/pubsub') {
  return {
    name: 'ws-client-pubsub',
    configureServer(server) {
      if (server.httpServer) attachPubSub(server.httpServer, path);
    },
    configurePreviewServer(server) {
      attachPubSub(server.httpServer, path);
    },
  };
}
