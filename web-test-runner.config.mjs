// One engine per run: WS_CLIENT_ENGINE=chromium (default), firefox or webkit. `npm test` (scripts/test.mjs)
// runs every installed engine in turn.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { attachPubSub } from './demo/pubsub-server.mjs';
import { findChromium, findFirefox, findWebKit } from './scripts/browsers.mjs';
import { httpsPagePlugin } from './test/server/https-page.mjs';
import { ssrPagePlugin } from './test/server/ssr-page.mjs';
import { wsTestServerPlugin } from './test/server/ws-test-server.mjs';

const chromiumArgs = [
  '--no-sandbox', // CI runs as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // The machines have no network beyond the package registries.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Test files run in parallel tabs; background tabs must not be throttled.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // The mixed-content test's https page has a self-signed certificate.
  '--ignore-certificate-errors',
];

const engines = {
  chromium: {
    concurrency: 2,
    launcher: () =>
      chromeLauncher({
        launchOptions: { executablePath: findChromium(), headless: true, args: chromiumArgs },
        // A browser context (a window) per test file: a page in a background tab gets no
        // animation frames, and the inspector renders on animation frames.
        createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
      }),
  },
  firefox: {
    // Firefox throttles pages in background tabs; one test file at a time.
    concurrency: 1,
    launcher: () =>
      chromeLauncher({
        puppeteer,
        launchOptions: {
          browser: 'firefox',
          executablePath: findFirefox(),
          headless: true,
          acceptInsecureCerts: true,
          extraPrefsFirefox: {
            // Firefox delays reconnects to a host after failed handshakes (up to a minute); the
            // tests fail handshakes on purpose and must not slow each other down.
            'network.websocket.delay-failed-reconnects': false,
          },
        },
      }),
  },
  webkit: {
    // MiniBrowser drives one page at a time; scripts/test.mjs starts WebKitWebDriver and Xvfb.
    concurrency: 1,
    launcher: () =>
      webdriverLauncher({
        automationProtocol: 'webdriver',
        hostname: '127.0.0.1',
        port: Number(process.env.WEBKIT_WEBDRIVER_PORT ?? 4444),
        logLevel: 'error',
        capabilities: {
          browserName: 'MiniBrowser',
          acceptInsecureCerts: true,
          'wdio:enforceWebDriverClassic': true,
          'webkitgtk:browserOptions': { binary: findWebKit()?.browser, args: ['--automation'] },
        },
      }),
  },
};

/**
 * React ships CommonJS only; the framework tests import it as one ES module bundled on demand
 * (Vue ships an ES module build and is imported from node_modules as it is).
 */
function reactBundle() {
  let body;
  return {
    name: 'react-bundle',
    async serve(context) {
      if (context.path !== '/__bundles/react.js') return undefined;
      body ??= (
        await build({
          stdin: {
            contents:
              "export { createElement } from 'react'; export { createRoot } from 'react-dom/client'; export { flushSync } from 'react-dom';",
            resolveDir: import.meta.dirname,
          },
          bundle: true,
          format: 'esm',
          write: false,
          define: { 'process.env.NODE_ENV': '"production"' },
        })
      ).outputFiles[0].text;
      return { body, type: 'js' };
    },
  };
}

/**
 * The `key-chord` command: a key pressed with a modifier held (Ctrl+Enter), in every engine
 * (sendKeys' down/up steps are not supported through WebDriver, and WebDriver takes a chord
 * as a list of keys).
 */
function keyChordPlugin() {
  return {
    name: 'key-chord',
    async executeCommand({ command, payload, session }) {
      if (command !== 'key-chord') return undefined;
      const { modifier, key } = payload;
      if (session.browser.type === 'webdriver') {
        await session.browser.sendKeys(session.id, [modifier, key]);
        return true;
      }
      const { keyboard } = session.browser.getPage(session.id);
      await keyboard.down(modifier);
      await keyboard.press(key);
      await keyboard.up(modifier);
      return true;
    },
  };
}

/** The dashboard demo's pub/sub server at /pubsub, its feeds ticking every 100 ms (test/dashboard.test.ts). */
function pubSubPlugin() {
  let pubsub;
  return {
    name: 'pubsub',
    serverStart: ({ server }) => void (pubsub = attachPubSub(server, '/pubsub', { interval: 100 })),
    serverStop: () => pubsub?.close(),
  };
}

const engine = engines[process.env.WS_CLIENT_ENGINE ?? 'chromium'];
if (!engine)
  throw new Error(`Unknown WS_CLIENT_ENGINE ${process.env.WS_CLIENT_ENGINE}; use chromium, firefox or webkit.`);

/** The strict policy of the hardening tests (see test/fixtures/csp.html). */
const STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; " +
  "require-trusted-types-for 'script'; trusted-types lit-html";

export default {
  middleware: [
    async (context, next) => {
      await next();
      if (context.path === '/test/fixtures/csp.html') context.set('Content-Security-Policy', STRICT_CSP);
    },
  ],
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: engine.concurrency,
  testFramework: { config: { timeout: 10000 } },
  plugins: [
    reactBundle(),
    httpsPagePlugin(),
    keyChordPlugin(),
    ssrPagePlugin(),
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: 'tsconfig.json' }),
    wsTestServerPlugin(),
    pubSubPlugin(),
  ],
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  browsers: [engine.launcher()],
};
