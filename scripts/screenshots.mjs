// npm run screenshots: the WebSocket console (demo/console.html) in light and dark, with a short
// JSON conversation in its log, and the shared-connection dashboard (demo/dashboard.html), taken
// in the system Chromium and written to docs/.
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { ensureChromium } from './browsers.mjs';

const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({
  executablePath: ensureChromium(),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ viewport: { width: 760, height: 640 }, colorScheme, deviceScaleFactor: 1 });
    await page.goto(`http://127.0.0.1:${port}/demo/console.html`);
    await page.check('#json');
    await page.click('#connect button');
    await page.waitForSelector('ws-client[state="open"]');
    for (const message of ['{"type":"hello","user":"ada"}', '{"type":"subscribe","topics":["prices","news"]}']) {
      await page.fill('ws-client [part="input"]', message);
      await page.keyboard.press('Control+Enter');
    }
    // The log (issue #17): binary and MessagePack entries, a JSON tree, two entries selected, the
    // composer with its saved messages open.
    await page.click('#binary');
    await page.click('#msgpack');
    const entries = page.locator('ws-client [part~="entry"]');
    await page.waitForFunction(
      () => document.querySelector('ws-client')?.shadowRoot?.querySelectorAll('[part~="entry-decoder"]').length === 6,
    );
    const subscribed = entries.filter({ hasText: 'subscribe' }).last();
    await subscribed.locator('summary').click();
    await subscribed.locator('.view[data-view="tree"]').click();
    await entries.filter({ hasText: 'binary · 3 B' }).last().locator('summary').click();
    await entries.nth(3).locator('.time-button').click();
    await entries.nth(4).locator('.time-button').click();
    await page.click('ws-client [part="composer"] > summary');
    await page.locator('ws-client [part="log"]').press('End');
    await page.screenshot({ path: `docs/console-${colorScheme}.png`, fullPage: true });
    console.log(`docs/console-${colorScheme}.png`);
    await page.close();
  }
  // The dashboard once every card has a value, three earlier headlines are listed, and the count
  // (one connection for the page's twelve elements) is shown.
  const page = await browser.newPage({ viewport: { width: 900, height: 760 }, deviceScaleFactor: 1 });
  await page.goto(`http://127.0.0.1:${port}/demo/dashboard.html`);
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.card .updated')].every((line) => line.textContent.startsWith('at ')) &&
      document.querySelector('.headlines').children.length >= 3 &&
      document.querySelector('#connections').value === '1',
    undefined,
    { timeout: 15_000 },
  );
  await page.screenshot({ path: 'docs/dashboard.png', fullPage: true });
  console.log('docs/dashboard.png');
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
