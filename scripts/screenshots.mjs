// npm run screenshots: the WebSocket console (demo/console.html) in light and dark, with a short
// JSON conversation in its log, taken in the system Chromium and written to docs/.
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
      await page.fill('ws-client textarea', message);
      await page.keyboard.press('Control+Enter');
    }
    await page.waitForFunction(
      () => document.querySelector('ws-client')?.shadowRoot?.querySelectorAll('[part~="entry"]').length === 5,
    );
    await page.locator('ws-client').locator('summary').last().click();
    await page.screenshot({ path: `docs/console-${colorScheme}.png`, fullPage: true });
    console.log(`docs/console-${colorScheme}.png`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
