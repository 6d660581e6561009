// `npm test`: the whole suite in every browser engine installed here, one engine after another,
// then a summary of what ran and what was skipped and why. Chromium is required (and installed
// where it can be, see browsers.mjs); Firefox runs when it is installed.
// Extra arguments go to web-test-runner (e.g. `npm test -- --files test/controls.test.ts`).
import { spawn } from 'node:child_process';
import { ensureChromium, findFirefox } from './browsers.mjs';

function runEngine(engine, args) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['web-test-runner', '--static-logging', ...args], {
      env: { ...process.env, WS_CLIENT_ENGINE: engine },
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
plan.push({
  engine: 'webkit',
  skipped: "not supported here: no headless WebKit from Debian's packages works with the test runner yet",
});

const results = [];
for (const entry of plan) {
  if (entry.skipped) continue;
  console.log(`\n=== ${entry.engine}: ${entry.path}\n`);
  results.push({ ...entry, ...(await runEngine(entry.engine, args)) });
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
