// Checks the built package as a user receives it: it imports in Node without a DOM, its
// manifest lists every attribute, event and part the code has (so the manifest cannot go
// stale), and `npm pack` ships what the exports name and nothing else (no tests, no demo, no
// source maps pointing at missing files). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const failures = [];
let passed = 0;
function check(ok, message) {
  if (ok) passed += 1;
  else failures.push(message);
}
const missingFrom = (expected, actual) => [...expected].filter((name) => !actual.has(name));

// 1. Importing the package in Node (no DOM; Lit brings its shim) does not throw. The class-only
// entry registers nothing; the package entry registers <ws-client>.
const classOnly = await import('../dist/ws-client.js');
check(typeof classOnly.WsClient === 'function', 'dist/ws-client.js does not export WsClient');
check(globalThis.customElements.get('ws-client') === undefined, 'dist/ws-client.js registered <ws-client>');
const { WsClient } = await import('../dist/index.js');
check(globalThis.customElements.get('ws-client') === WsClient, 'dist/index.js did not register <ws-client>');
class Renamed extends WsClient {}
Renamed.define('renamed-ws-client');
check(
  globalThis.customElements.get('renamed-ws-client') === Renamed,
  'WsClient.define() with another tag did not register it',
);

// 2. The manifest against the code.
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const element = manifest.modules.flatMap((module) => module.declarations ?? []).find((d) => d.tagName === 'ws-client');
check(element !== undefined, 'custom-elements.json has no <ws-client>');
const listed = (key) => new Set((element?.[key] ?? []).map((entry) => entry.name));
const source = [
  'src/connection.ts',
  'src/ws-client.ts',
  'src/controls.ts',
  'src/log/ws-client-log.ts',
  'src/heartbeat.ts',
]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

const attributes = new Set([...WsClient.observedAttributes, 'state']);
const unlistedAttributes = missingFrom(attributes, listed('attributes'));
check(unlistedAttributes.length === 0, `attributes missing from the manifest: ${unlistedAttributes.join(', ')}`);
const staleAttributes = missingFrom(listed('attributes'), attributes);
check(staleAttributes.length === 0, `manifest attributes the element does not have: ${staleAttributes.join(', ')}`);

const unlinked = (element?.attributes ?? []).filter((attribute) => !attribute.fieldName).map((a) => a.name);
check(unlinked.length === 0, `manifest attributes without their property (fieldName): ${unlinked.join(', ')}`);

const events = new Set(
  [...source.matchAll(/new (?:Custom|Close|Message|Error)?Event(?:<[^>]+>)?\('([a-z-]+)'/g)].map((m) => m[1]),
);
const unlistedEvents = missingFrom(events, listed('events'));
check(unlistedEvents.length === 0, `events missing from the manifest: ${unlistedEvents.join(', ')}`);

const parts = new Set([...source.matchAll(/part="([a-z-]+)"/g)].map((m) => m[1]));
const unlistedParts = missingFrom(parts, listed('cssParts'));
check(unlistedParts.length === 0, `CSS parts missing from the manifest: ${unlistedParts.join(', ')}`);
const staleParts = missingFrom(listed('cssParts'), parts);
check(staleParts.length === 0, `manifest parts the element does not render: ${staleParts.join(', ')}`);

// <ws-client-log>: its manifest lists every part it renders and every attribute it observes.
const logElement = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((d) => d.tagName === 'ws-client-log');
check(logElement !== undefined, 'custom-elements.json has no <ws-client-log>');
const logListed = (key) => new Set((logElement?.[key] ?? []).map((entry) => entry.name));
const logParts = new Set(
  [...readFileSync('src/log/ws-client-log.ts', 'utf8').matchAll(/part="([a-z-]+)"/g)].map((m) => m[1]),
);
const logUnlisted = [...missingFrom(logParts, logListed('cssParts')), ...missingFrom(logListed('cssParts'), logParts)];
check(logUnlisted.length === 0, `<ws-client-log> parts and its manifest differ: ${logUnlisted.join(', ')}`);
const { WsClientLog } = await import('../dist/log/ws-client-log.js');
const logAttributes = missingFrom(new Set(WsClientLog.observedAttributes), logListed('attributes'));
check(logAttributes.length === 0, `<ws-client-log> attributes missing from the manifest: ${logAttributes.join(', ')}`);

const cssProperties = new Set(
  [
    ...['src/ws-client.styles.ts', 'src/controls.styles.ts', 'src/log/ws-client-log.styles.ts']
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
      .matchAll(/var\((--ws-client-[a-z-]+)/g),
  ].map((m) => m[1]),
);
const unlistedProperties = missingFrom(cssProperties, listed('cssProperties'));
check(unlistedProperties.length === 0, `custom properties missing from the manifest: ${unlistedProperties.join(', ')}`);

// 3. What npm pack ships.
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
);
const files = new Set(pack.files.map((file) => file.path));
const unwanted = [...files].filter(
  (file) => /^(test|demo|src|scripts|bench|docs|\.ci)\//.test(file) || file.includes('.test.'),
);
check(unwanted.length === 0, `npm pack would ship: ${unwanted.join(', ')}`);

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const targets = Object.values(pkg.exports).flatMap((target) =>
  typeof target === 'string' ? [target] : Object.values(target),
);
for (const target of [...targets, pkg.main, pkg.types, pkg.customElements]) {
  check(files.has(target.replace(/^\.\//, '')), `package.json names ${target}, which npm pack does not ship`);
}
// Only "**/name" patterns, which every bundler reads alike (esbuild has no {a,b} braces).
function coveredBy(file, glob) {
  if (!glob.startsWith('**/') || /[{*?[]/.test(glob.slice(3)))
    throw new Error(`sideEffects: use **/name patterns, not ${glob}`);
  return `/${file}`.endsWith(`/${glob.slice(3)}`);
}

// The registering files must count as side effects, for the source (bundlers building from it,
// like the CDN build) and for dist alike; nothing else is (no module is imported for its effect).
for (const file of ['dist/define.js', 'dist/index.js', 'dist/ws-client.bundle.js', 'src/define.ts', 'src/index.ts']) {
  const matched = pkg.sideEffects.some((glob) => coveredBy(file, glob));
  check(matched, `sideEffects does not cover ${file}: bundlers would drop the registration`);
}
for (const file of ['dist/ws-client.js', 'dist/connection.js', 'dist/controls.js', 'dist/inspector.js']) {
  check(!pkg.sideEffects.some((glob) => coveredBy(file, glob)), `sideEffects covers ${file}`);
}

// 4. The source's module graph: only the entry imports a module for its effect (the one that
// registers the tag), and no two modules import each other, even through others.
const modules = new Map(
  readdirSync('src')
    .filter((file) => file.endsWith('.ts'))
    .map((file) => {
      const code = readFileSync(`src/${file}`, 'utf8');
      const imports = [...code.matchAll(/^import (?!type )(?:[^'"]*from )?'\.\/([\w.-]+)\.js';/gm)].map(
        (match) => `${match[1]}.ts`,
      );
      const bare = [...code.matchAll(/^import '\.\/([\w.-]+)\.js';/gm)].map((match) => `${match[1]}.ts`);
      return [file, { imports, bare }];
    }),
);
for (const [file, { bare }] of modules) {
  const allowed = file === 'index.ts' ? ['define.ts'] : [];
  const unexpected = bare.filter((target) => !allowed.includes(target));
  check(unexpected.length === 0, `src/${file} imports ${unexpected.join(', ')} for its side effect`);
}
function cycleFrom(file, path = []) {
  if (path.includes(file)) return [...path.slice(path.indexOf(file)), file];
  for (const target of modules.get(file)?.imports ?? []) {
    const cycle = cycleFrom(target, [...path, file]);
    if (cycle) return cycle;
  }
  return null;
}
for (const file of modules.keys()) {
  const cycle = cycleFrom(file);
  check(cycle === null, `import cycle: ${cycle?.join(' -> ')}`);
}

for (const map of [...files].filter((file) => file.endsWith('.map'))) {
  const { sources, sourcesContent = [] } = JSON.parse(readFileSync(map, 'utf8'));
  const dangling = sources.filter((_, index) => typeof sourcesContent[index] !== 'string');
  check(dangling.length === 0, `${map} points at sources it does not carry: ${dangling.join(', ')}`);
}

if (failures.length > 0) {
  console.error(`check-package: ${failures.length} failed\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-package: ${passed} checks passed (${files.size} files, ${pack.size} bytes packed)`);
