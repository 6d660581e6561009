// The demo's echo server: a `ws` server on the dev server's own port, at /echo, so the demo
// works offline with no other process. Used by vite.config.ts and by the tests.
import { WebSocketServer } from 'ws';

/** Answers WebSocket upgrades for `path` on `httpServer` with an echo of every message. */
export function attachEcho(httpServer, path = '/echo') {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {});
  });
  httpServer.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return;
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  return wss;
}

/** The vite plugin: the echo server on `vite` (dev) and `vite preview`. */
export function echoServer(path = '/echo') {
  return {
    name: 'ws-client-echo',
    configureServer(server) {
      if (server.httpServer) attachEcho(server.httpServer, path);
    },
    configurePreviewServer(server) {
      attachEcho(server.httpServer, path);
    },
  };
}
