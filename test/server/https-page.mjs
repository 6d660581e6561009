// An https:// page on a port of its own (self-signed certificate) that points <ws-client> at a
// ws: URL, for the browsers' mixed-content SecurityError. The page reports what the element
// did to its parent with postMessage (it is another origin).
import { readFileSync } from 'node:fs';
import https from 'node:https';
import selfsigned from 'selfsigned';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>https page</title>
<script type="module" src="/mixed.js"></script></head><body></body></html>`;

const SCRIPT = `import '/ws-client.bundle.js';
const target = new URLSearchParams(location.search).get('target');
const client = document.createElement('ws-client');
let native = null;
try {
  new WebSocket(target).close();
} catch (error) {
  native = error.name;
}
const report = (result) => parent.postMessage({ ...result, native }, '*');
client.addEventListener('error', (event) => report({ type: 'error', name: event.error?.name, message: event.message }));
client.addEventListener('open', () => report({ type: 'open' }));
window.addEventListener('error', (event) => report({ type: 'uncaught', message: event.message }));
client.host = target;
document.body.append(client);`;

export function httpsPagePlugin() {
  let server;
  return {
    name: 'https-page',
    async executeCommand({ command }) {
      if (command !== 'https-page') return undefined;
      if (!server) {
        const { private: key, cert } = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
          days: 1,
        });
        server = https.createServer({ key, cert }, (request, response) => {
          const path = new URL(request.url ?? '/', 'https://localhost').pathname;
          if (path === '/mixed.html') response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
          else if (path === '/mixed.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(SCRIPT);
          else if (/^\/(ws-client\.bundle|bundle\/[\w-]+)\.js$/.test(path)) {
            // The CDN build: its entry and the chunks beside it.
            response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(`dist${path}`));
          } else response.writeHead(404).end();
        });
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      }
      return { port: server.address().port };
    },
    serverStop() {
      server?.closeAllConnections();
      server?.close();
    },
  };
}
