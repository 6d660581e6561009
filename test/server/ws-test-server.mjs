// The real WebSocket server the tests talk to (the `ws` package), as a web-test-runner plugin.
//
// Paths are /ws/<behaviour>/<uid>[?code=&reason=]; every connection is recorded under its uid.
//   echo       echoes every message back (text as text, binary as binary)
//   silent     accepts and never sends anything
//   close      closes at once with ?code= and ?reason=
//   terminate  drops the TCP connection at once, without a close frame
//   hang       never answers the opening handshake
//   reject     answers the opening handshake with HTTP 403
//   stall      accepts, then never reads (the TCP socket is paused): what the browser sends piles up
//              in the kernel's buffers and then in `bufferedAmount`; `resume` reads it all (and
//              lets a close handshake finish); `terminate` drops it, and then only what Node had
//              already taken from the kernel (a prefix, up to its buffer's size) is parsed and
//              recorded, the rest is lost
// The same paths are served on the dev server's own port (same origin as the tests) and on
// extra servers that a test starts, stops and restarts on a fixed port (`listen`, `shutdown`).
// Browsers allow one handshake in progress per host and port (RFC 6455 4.1; Firefox strictly),
// so `hang` and `reject` are each served on a port of their own (`ports`): a held or failed
// handshake there never delays the test runner's own socket or other tests' connections.
//
// Commands (`executeServerCommand('ws', { action, ... })`): records, close, terminate, send,
// send-large, send-binary, listen, shutdown, ports (see test/helpers.ts), and
//   resume      { uid } starts reading the uid's stalled connections; answers how many it resumed
//   open-count  { uids, atMost?, timeout? } the open connections per uid, as { open, stalled }
//               (`open` leaves out stalled ones); with `atMost`, answers once no uid has more
//               than that many open, or after `timeout` ms (1000) with the counts as they are
//   env         { name } the value of a whitelisted environment variable (see ENV), or ''
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { attachEcho } from '../../demo/echo-server.mjs';

const BEHAVIOURS = new Set(['echo', 'silent', 'close', 'terminate', 'hang', 'reject', 'stall']);

/** The environment variables tests may read through the `env` command. */
const ENV = new Set([
  'WS_CLIENT_FUZZ_RUNS',
  'WS_CLIENT_FUZZ_SEED',
  'WS_CLIENT_FUZZ_PATH',
  'WS_CLIENT_FUZZ_REPLAY',
  'WS_CLIENT_FUZZ_EXCLUDE',
]);

/** @typedef {{ url: string, protocol: string, open: boolean, received: Array<{text?: string, binary?: string}>, close: {code: number, reason: string} | null, socket: import('ws').WebSocket, owner: http.Server | null }} Connection */

export function createWsTestServer() {
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  /** @type {Map<string, Connection[]>} */
  const connections = new Map();
  /** @type {Set<import('node:net').Socket>} sockets held in `hang` */
  const hanging = new Set();
  /** @type {Map<number, http.Server>} */
  const extraServers = new Map();
  /** @type {{ hang: number, reject: number } | undefined} the ports of their own for `hang` and `reject` */
  let ports;
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });

  /** @param {http.Server | null} owner the extra server, or null for the dev server */
  const upgradeHandler = (owner) => (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, prefix, behaviour, uid] = url.pathname.split('/');
    if (prefix !== 'ws') return; // the dev server's own socket, or someone else's
    // A client that gives up a handshake (a held one in `hang`, say) may reset the connection; an
    // 'error' event without a listener would be an uncaught exception that stops the test runner.
    socket.on('error', () => {});
    if (!BEHAVIOURS.has(behaviour) || !uid) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    if (behaviour === 'hang') {
      hanging.add(socket);
      socket.on('close', () => hanging.delete(socket));
      return;
    }
    if (behaviour === 'reject') {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request, behaviour, uid, url, owner));
  };

  function accept(ws, request, behaviour, uid, url, owner) {
    /** @type {Connection} */
    const record = {
      url: request.url,
      protocol: ws.protocol,
      open: true,
      received: [],
      close: null,
      socket: ws,
      owner,
    };
    if (!connections.has(uid)) connections.set(uid, []);
    connections.get(uid).push(record);
    ws.on('message', (data, isBinary) => {
      record.received.push(isBinary ? { binary: Buffer.from(data).toString('base64') } : { text: data.toString() });
      if (behaviour === 'echo') ws.send(data, { binary: isBinary });
      changes.emit('change');
    });
    ws.on('close', (code, reason) => {
      record.open = false;
      record.close = { code, reason: reason.toString() };
      changes.emit('change');
    });
    ws.on('error', () => {});
    changes.emit('change');
    if (behaviour === 'close') {
      ws.close(Number(url.searchParams.get('code') ?? 1000), url.searchParams.get('reason') ?? '');
    } else if (behaviour === 'terminate') {
      ws.terminate();
    } else if (behaviour === 'stall') {
      // `ws.pause()` pauses the TCP socket and keeps `ws` itself from resuming it.
      ws.pause();
    }
  }

  function records(uid) {
    return (connections.get(uid) ?? []).map(({ socket, owner, ...rest }) => rest);
  }

  /** Resolves with `value()` once `holds()` is true, re-checked on every change; rejects after `timeout` ms. */
  function when(holds, value, describe, timeout = 5000) {
    return new Promise((resolve, reject) => {
      if (holds()) return resolve(value());
      const timer = setTimeout(() => {
        changes.off('change', check);
        reject(new Error(`ws test server: ${describe()}`));
      }, timeout);
      function check() {
        if (!holds()) return;
        clearTimeout(timer);
        changes.off('change', check);
        resolve(value());
      }
      changes.on('change', check);
    });
  }

  /** Resolves with the records once `until` holds for them. */
  function waitFor(uid, until, timeout) {
    const holds = () => {
      const list = records(uid);
      if (until.connections !== undefined && list.length < until.connections) return false;
      if (until.open !== undefined && list.filter((c) => c.open).length !== until.open) return false;
      if (until.messages !== undefined && list.flatMap((c) => c.received).length < until.messages) return false;
      if (until.closed && list.some((c) => c.open)) return false;
      return true;
    };
    const describe = () => `${JSON.stringify(until)} not reached for ${uid}: ${JSON.stringify(records(uid))}`;
    return when(holds, () => records(uid), describe, timeout);
  }

  function openSockets(uid) {
    return (connections.get(uid) ?? []).filter((c) => c.open).map((c) => c.socket);
  }

  /** Open connections per uid, as { open (not stalled), stalled }. */
  function openCounts(uids) {
    return Object.fromEntries(
      uids.map((uid) => {
        const live = (connections.get(uid) ?? []).filter((c) => c.open);
        const stalled = live.filter((c) => c.socket.isPaused).length;
        return [uid, { open: live.length - stalled, stalled }];
      }),
    );
  }

  /** The counts once no uid has more than `atMost` open (not stalled), or as they are after `timeout`. */
  function openCount(uids, atMost, timeout = 1000) {
    const counts = () => openCounts(uids);
    if (atMost === undefined) return counts();
    const holds = () => Object.values(counts()).every(({ open }) => open <= atMost);
    return when(holds, counts, () => '', timeout).catch(() => counts());
  }

  async function listen(port = 0) {
    const server = http.createServer((_, response) => response.writeHead(404).end());
    server.on('upgrade', upgradeHandler(server));
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const actual = server.address().port;
    extraServers.set(actual, server);
    return actual;
  }

  /** Stops an extra server as a crash would: every client dropped without a close frame. */
  async function shutdown(port) {
    const server = extraServers.get(port);
    if (!server) return;
    extraServers.delete(port);
    for (const list of connections.values()) {
      for (const record of list) if (record.open && record.owner === server) record.socket.terminate();
    }
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(() => resolve()));
  }

  /** @param {{ action: string, uid?: string, uids?: string[], until?: object, timeout?: number, code?: number, reason?: string, data?: string, port?: number, atMost?: number, name?: string }} payload */
  async function command(payload) {
    const { action, uid = '' } = payload;
    switch (action) {
      case 'records':
        return payload.until ? waitFor(uid, payload.until, payload.timeout) : records(uid);
      case 'close':
        for (const ws of openSockets(uid)) ws.close(payload.code, payload.reason);
        return true;
      case 'terminate':
        for (const ws of openSockets(uid)) ws.terminate();
        return true;
      case 'send':
        for (const ws of openSockets(uid))
          for (let i = 0; i < (payload.count ?? 1); i += 1) ws.send(payload.data ?? '');
        return true;
      case 'send-large': {
        // `size` bytes: "<" then "x"s then ">" (text), or bytes counting 0..255 (binary).
        const size = payload.size ?? 0;
        const data = payload.binary
          ? Buffer.from(Uint8Array.from({ length: size }, (_, index) => index % 256))
          : `<${'x'.repeat(Math.max(0, size - 2))}>`;
        for (const ws of openSockets(uid)) ws.send(data, { binary: Boolean(payload.binary) });
        return true;
      }
      case 'send-binary':
        for (const ws of openSockets(uid)) ws.send(Buffer.from(payload.data ?? '', 'base64'));
        return true;
      case 'listen':
        return listen(payload.port);
      case 'shutdown':
        await shutdown(payload.port);
        return true;
      case 'resume': {
        const stalled = openSockets(uid).filter((ws) => ws.isPaused);
        for (const ws of stalled) ws.resume();
        return stalled.length;
      }
      case 'open-count':
        return openCount(payload.uids ?? [uid], payload.atMost, payload.timeout);
      case 'env':
        // '' when unset: the test runner takes null or undefined for "not my command".
        return ENV.has(payload.name) ? (process.env[payload.name] ?? '') : '';
      case 'ports':
        ports ??= { hang: await listen(0), reject: await listen(0) };
        return ports;
      default:
        throw new Error(`ws test server: unknown action ${action}`);
    }
  }

  async function stop() {
    // Held handshakes first: a server does not finish closing while one is still open.
    for (const socket of hanging) socket.destroy();
    for (const ws of wss.clients) ws.terminate();
    for (const port of [...extraServers.keys()]) await shutdown(port);
    wss.close();
  }

  return { onUpgrade: upgradeHandler(null), command, stop };
}

/**
 * The web-test-runner plugin: serves /ws/* and the demo's /echo on the dev server, and answers
 * the `ws` command.
 */
export function wsTestServerPlugin() {
  const server = createWsTestServer();
  return {
    name: 'ws-test-server',
    serverStart({ server: httpServer }) {
      httpServer.on('upgrade', server.onUpgrade);
      attachEcho(httpServer, '/echo');
    },
    serverStop() {
      return server.stop();
    },
    executeCommand({ command, payload }) {
      if (command !== 'ws') return undefined;
      return server.command(payload);
    },
  };
}
