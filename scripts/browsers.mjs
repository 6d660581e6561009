// Finds the system browsers the tests run in. Chromium is required: where none is installed it
// is provisioned the way Playwright's `install-deps` does (on Debian or Ubuntu as root apt-get
// runs here; anywhere else the exact command is printed). Firefox is used when installed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const CHROMIUM_PATHS = [
  '/usr/lib/chromium/chromium', // Debian's real binary; /usr/bin/chromium is a wrapper script
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The Chromium to test with: CHROME_PATH, else the first usual install location found. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_PATHS.find((path) => existsSync(path));
}

const FIREFOX_PATHS = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

/** The Firefox to test with: FIREFOX_PATH, else the first usual install location found. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return FIREFOX_PATHS.find((path) => existsSync(path));
}

/** WebKitGTK's MiniBrowser, its WebDriver and xvfb-run (MiniBrowser has no headless mode), if all are here. */
export function findWebKit() {
  const browser = [
    '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  ].find((path) => existsSync(path));
  const driver = ['/usr/bin/WebKitWebDriver'].find((path) => existsSync(path));
  const xvfb = ['/usr/bin/xvfb-run'].find((path) => existsSync(path));
  return browser && driver && xvfb ? { browser, driver, xvfb } : undefined;
}

function isDebianLike() {
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROME_PATH) {
    throw new Error(`CHROME_PATH is set to ${process.env.CHROME_PATH}, which does not exist.`);
  }
  const command = 'apt-get update && apt-get install -y chromium';
  if (process.platform !== 'linux' || !isDebianLike() || process.getuid?.() !== 0) {
    throw new Error(
      `No Chromium found. Install one and run npm test again, for example:\n  sudo sh -c '${command}'\n` +
        'or point CHROME_PATH at a Chrome or Chromium binary.',
    );
  }
  console.log(`No Chromium found: installing Debian's chromium package (${command}).`);
  execFileSync('sh', ['-c', `${command} >/dev/null`], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium, but no Chromium binary was found afterwards.');
  console.log(`Installed Chromium at ${installed}.`);
  return installed;
}
