// `npm run check:types` (after `npm run build`): type-checks a small app per framework,
// test/frameworks/<name>, against the package as a user installs it. The package is packed with
// `npm pack` and unpacked into a temporary folder; each app is copied beside it with the package
// as its node_modules/ws-client, and finds everything else (react, vue, svelte, angular, the
// checkers) in this repository's node_modules through a link. Each app uses every attribute and
// event of the manifest and carries negative checks, so a regression in the types fails here:
// `@ts-expect-error` (tsc, vue-tsc as `@vue-expect-error`), or, where templates have no such
// comment (svelte-check, ngc), an `expect-error` comment that wants an error on the next line and
// none anywhere else.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { unpackInto } from './packed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'test', 'frameworks');

/** The checks, longest first (they run two at a time). */
const CHECKS = [
  { app: 'angular', tool: 'ngc', args: ['-p', 'tsconfig.json'], markers: ngcErrors },
  { app: 'vue', tool: 'vue-tsc', args: ['-p', 'tsconfig.json'] },
  {
    app: 'svelte',
    tool: 'svelte-check',
    args: ['--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    markers: svelteCheckErrors,
  },
  { app: 'vanilla', label: 'bundler', tool: 'tsc', args: ['-p', 'tsconfig.json'] },
  { app: 'vanilla', label: 'node10', tool: 'tsc', args: ['-p', 'tsconfig.node10.json'] },
  { app: 'vanilla', label: 'nodenext', tool: 'tsc', args: ['-p', 'tsconfig.nodenext.json'] },
  { app: 'react', tool: 'tsc', args: ['-p', 'tsconfig.json'] },
];

/** Where each app sets every attribute and listens to every event. */
const MAIN_FILES = {
  vanilla: 'src/chat.ts',
  react: 'src/Chat.tsx',
  vue: 'src/Chat.vue',
  svelte: 'src/Chat.svelte',
  angular: 'src/chat.ts',
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `file:line` of each error in ngc's output. */
function ngcErrors(output) {
  return [...stripVTControlCharacters(output).matchAll(/^(\S+?):(\d+):\d+ - error/gm)].map(
    ([, file, line]) => `${file}:${line}`,
  );
}

/** `file:line` of each error and warning in svelte-check's machine output. */
function svelteCheckErrors(output) {
  return [...output.matchAll(/^\d+ (?:ERROR|WARNING) "([^"]+)" (\d+):\d+/gm)].map(
    ([, file, line]) => `${file}:${line}`,
  );
}

/** `file:line` of the line after each `expect-error` comment in the app's sources. */
function expectedErrors(dir) {
  const expected = [];
  for (const entry of readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/<!--\s*expect-error\b/.test(line)) expected.push(`${relative(dir, path)}:${index + 2}`);
      });
  }
  return expected;
}

/** The manifest's attributes and events that an app's main file does not use. */
function unused(app, source, element) {
  const missing = [];
  for (const { name, fieldName, readonly } of element.attributes) {
    if (name === 'state' || readonly) continue; // reflected, read-only
    const names = `(?:${escape(name)}|${escape(fieldName)})`;
    const used =
      app === 'vanilla'
        ? new RegExp(`(?<=\\s)${escape(fieldName)}:`).test(source)
        : new RegExp(`(?<=\\s)[:\\[]?${names}\\]?(?=[=\\s])`).test(source);
    if (!used) missing.push(`attribute ${name}`);
  }
  for (const { name } of element.events) {
    const event = escape(name);
    if (!new RegExp(`on${event}=|@${event}=|\\(${event}\\)=|'${event}'`).test(source)) missing.push(`event ${name}`);
  }
  return missing;
}

function run(check, cwd) {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules', '.bin', check.tool),
      check.args,
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const problems = [];
        if (check.markers) {
          const found = check.markers(output);
          const expected = expectedErrors(cwd);
          for (const at of expected) if (!found.includes(at)) problems.push(`no error at ${at}, which expects one`);
          for (const at of new Set(found)) if (!expected.includes(at)) problems.push(`unexpected error at ${at}`);
          if (found.length === 0 && expected.length > 0) problems.push('the checker reported nothing');
        } else if (error) {
          problems.push(`exit code ${error.code}`);
        }
        resolve({ check, seconds, problems, output });
      },
    );
  });
}

if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
  console.error('check:types: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'ws-client-types-'));
let failed = false;
try {
  const unpacked = unpackInto(work);

  const manifest = JSON.parse(readFileSync(join(unpacked, 'custom-elements.json'), 'utf8'));
  const element = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((d) => d.tagName === 'ws-client');

  for (const app of Object.keys(MAIN_FILES)) {
    const dir = join(work, app);
    cpSync(join(fixtures, app), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(unpacked, join(dir, 'node_modules', 'ws-client'), 'dir');
    const missing = unused(app, readFileSync(join(dir, MAIN_FILES[app]), 'utf8'), element);
    if (missing.length > 0) {
      failed = true;
      console.error(`✗ ${app}: ${MAIN_FILES[app]} does not use ${missing.join(', ')}`);
    }
  }

  const queue = [...CHECKS];
  const results = [];
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const result = await run(check, join(work, check.app));
      results.push(result);
      const name = `${check.app} (${check.tool}${check.label ? `, ${check.label}` : ''})`;
      if (result.problems.length === 0) {
        console.log(`✓ ${name} ${result.seconds} s`);
      } else {
        failed = true;
        console.error(`✗ ${name} ${result.seconds} s: ${result.problems.join('; ')}\n${result.output.trim()}\n`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
const total = `${((performance.now() - started) / 1000).toFixed(1)} s`;
if (failed) console.error(`check:types failed (${total})`);
else console.log(`check:types passed (${total})`);
process.exit(failed ? 1 : 0);
