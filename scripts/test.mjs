// `npm test`: the whole suite in every browser engine installed here, one engine after another,
// then a summary of what ran and what was skipped and why. Chromium is required (and installed
// where it can be, see browsers.mjs); Firefox and WebKit (WebKitGTK's MiniBrowser) run when
// they are installed.
// Extra arguments go to web-test-runner (e.g. `npm test -- --files test/controls.test.ts`).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ensureChromium, findFirefox, findWebKit } from './browsers.mjs';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The command that runs web-test-runner for an engine: WebKit needs its WebDriver, under Xvfb. */
async function commandFor(entry, args) {
  const runner = ['npx', 'web-test-runner', '--static-logging', ...args];
  if (entry.engine !== 'webkit') return { command: runner, env: {} };
  const port = await freePort();
  const quoted = runner.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const script = `${entry.driver} --port=${port} >/dev/null 2>&1 & driver=$!; sleep 1; ${quoted}; status=$?; kill $driver; exit $status`;
  return { command: [entry.xvfb, '-a', 'sh', '-c', script], env: { WEBKIT_WEBDRIVER_PORT: String(port) } };
}

async function runEngine(entry, args) {
  const { command, env } = await commandFor(entry, args);
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), {
      env: { ...process.env, ...env, WS_CLIENT_ENGINE: entry.engine },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.on('close', (code) => {
      const counts = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      resolve({
        code: code ?? 1,
        passed: counts ? Number(counts[1]) : 0,
        // A run that did not report counts failed as a whole.
        failed: counts ? Number(counts[2]) : 1,
      });
    });
  });
}

const args = process.argv.slice(2);
const plan = [];
try {
  plan.push({ engine: 'chromium', path: ensureChromium() });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
const firefox = findFirefox();
plan.push(
  firefox
    ? { engine: 'firefox', path: firefox }
    : { engine: 'firefox', skipped: 'not installed (Debian: apt-get install firefox-esr; or set FIREFOX_PATH)' },
);
const webkit = findWebKit();
plan.push(
  webkit
    ? { engine: 'webkit', path: webkit.browser, ...webkit }
    : { engine: 'webkit', skipped: 'not installed (Debian: apt-get install webkit2gtk-driver xvfb xauth)' },
);

const results = [];
for (const entry of plan) {
  if (entry.skipped) continue;
  console.log(`\n=== ${entry.engine}: ${entry.path}\n`);
  results.push({ ...entry, ...(await runEngine(entry, args)) });
}

console.log('\nEngines:');
for (const entry of plan) {
  const result = results.find((r) => r.engine === entry.engine);
  console.log(
    result
      ? `  ${entry.engine.padEnd(9)} ran      ${result.passed} passed, ${result.failed} failed`
      : `  ${entry.engine.padEnd(9)} skipped  ${entry.skipped}`,
  );
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) && failed === 0 ? 0 : 1);
