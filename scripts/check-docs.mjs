// `npm run check:docs` (after `npm run build`): type-checks every code block of README.md that a
// user would paste into an app, so that a snippet that stops working fails here. Blocks tagged
// ts or tsx go to `tsc` (strict), js or jsx to `tsc` with `checkJs`, those importing Angular to
// `ngc` (strict templates), vue blocks to `vue-tsc`, svelte blocks to `svelte-check`. As in
// scripts/check-types.mjs, the package is packed with `npm pack` and each app finds it as
// node_modules/ws-client, and everything else in this repository's node_modules (no network).
//
// A comment on the line before a fence changes what is checked:
//   <!-- check:skip why -->              the block is not checked (the reason is required);
//   <!-- check:context code -->          `code` (in the block's language, ts/js blocks only) is
//                                        put before the block, for names the block takes as given.
// Other blocks (html, sh, json, untagged) are not checked.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { unpackInto } from './packed.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const README = 'README.md';

const compilerOptions = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: [],
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  moduleDetection: 'force',
  skipLibCheck: true,
  noEmit: true,
};

/** One app per checker, as each framework's starter sets it up; longest first (two run at a time). */
const APPS = {
  angular: {
    tool: 'ngc',
    args: ['-p', 'tsconfig.json'],
    tsconfig: {
      compilerOptions: { ...compilerOptions, experimentalDecorators: true, isolatedModules: true },
      angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true },
      include: ['src'],
    },
  },
  vue: {
    tool: 'vue-tsc',
    args: ['-p', 'tsconfig.json', '--pretty', 'false'],
    tsconfig: {
      compilerOptions: { ...compilerOptions, jsx: 'preserve' },
      vueCompilerOptions: { strictTemplates: true },
      include: ['src'],
    },
  },
  svelte: {
    tool: 'svelte-check',
    args: ['--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    tsconfig: { compilerOptions: { ...compilerOptions, isolatedModules: true }, include: ['src'] },
  },
  ts: {
    tool: 'tsc',
    args: ['-p', 'tsconfig.json', '--pretty', 'false'],
    tsconfig: { compilerOptions: { ...compilerOptions, jsx: 'react-jsx' }, include: ['src'] },
  },
  // JavaScript as an editor checks it (`checkJs`): names, imports and types, with no annotations
  // asked for and unused names left to a linter.
  js: {
    tool: 'tsc',
    args: ['-p', 'tsconfig.json', '--pretty', 'false'],
    tsconfig: {
      compilerOptions: {
        ...compilerOptions,
        jsx: 'react-jsx',
        allowJs: true,
        checkJs: true,
        noImplicitAny: false,
        noUnusedLocals: false,
        noUnusedParameters: false,
      },
      include: ['src'],
    },
  },
};

const SCRIPT_LANGUAGES = new Set(['ts', 'tsx', 'js', 'jsx']);
const CHECKED_LANGUAGES = new Set([...SCRIPT_LANGUAGES, 'vue', 'svelte']);

/** The app that checks a block. */
function appFor({ lang, code }) {
  if (lang === 'vue' || lang === 'svelte') return lang;
  if (lang === 'js' || lang === 'jsx') return 'js';
  return /from '@angular\//.test(code) ? 'angular' : 'ts';
}

/**
 * The README's fenced blocks: language, code (without the fence's indentation), the line of the
 * fence, and the `check:` comment on the line before, if any.
 */
function blocks(markdown) {
  const lines = markdown.split('\n');
  const found = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const end = lines.findIndex(
      (line, at) => at > index && line.startsWith(indent) && line.trimEnd() === `${indent}${fence}`,
    );
    if (end === -1) throw new Error(`${README}:${index + 1}: the fence is never closed`);
    const code = lines
      .slice(index + 1, end)
      .map((line) => line.slice(indent.length))
      .join('\n');
    found.push({ lang, code, line: index + 1, directive: directiveBefore(lines, index) });
    index = end;
  }
  return found;
}

/** `{ kind, text }` of a `<!-- check:kind text -->` comment ending on the last line before `index`. */
function directiveBefore(lines, index) {
  let last = index - 1;
  while (last >= 0 && lines[last].trim() === '') last -= 1;
  if (last < 0 || !lines[last].trimEnd().endsWith('-->')) return null;
  let first = last;
  while (first > 0 && !lines[first].includes('<!--')) first -= 1;
  const comment = lines
    .slice(first, last + 1)
    .join('\n')
    .trim();
  const match = /^<!--\s*check:(\w+)\s*([\s\S]*?)\s*-->$/.exec(comment);
  return match ? { kind: match[1], text: match[2], line: first + 1 } : null;
}

/** The file of a block in its app: named after the README line of its fence. */
function fileFor(block) {
  return `src/readme-${block.line}.${block.lang}`;
}

/** The checker's output with each position in a block's file followed by its README line. */
function located(output, byFile) {
  return stripVTControlCharacters(output).replace(
    /(src\/readme-\d+\.\w+)(?:\((\d+),\d+\)|:(\d+):\d+|" (\d+):\d+)/g,
    (match, file, ...lines) => {
      const block = byFile.get(file);
      const line = Number(lines.slice(0, 3).find(Boolean));
      if (!block) return match;
      const inBlock = line - block.offset;
      return inBlock < 1
        ? `${match} [the check:context of ${README}:${block.line}]`
        : `${match} [${README}:${block.line + inBlock}]`;
    },
  );
}

function run(app, cwd) {
  const started = performance.now();
  const { tool, args } = APPS[app];
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules', '.bin', tool),
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        resolve({ ok: !error, seconds, output: `${stdout}${stderr}` });
      },
    );
  });
}

if (!existsSync(join(root, 'dist', 'index.d.ts'))) {
  console.error('check:docs: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const started = performance.now();
const problems = [];
const skipped = [];
const groups = new Map();
for (const block of blocks(readFileSync(join(root, README), 'utf8'))) {
  const { directive } = block;
  const where = `${README}:${block.line}`;
  if (directive && !['skip', 'context'].includes(directive.kind)) {
    problems.push(`${README}:${directive.line}: unknown comment check:${directive.kind}`);
  }
  if (!CHECKED_LANGUAGES.has(block.lang)) {
    if (directive)
      problems.push(`${where}: check:${directive.kind} on a ${block.lang || 'untagged'} block, never checked`);
    continue;
  }
  if (directive?.kind === 'skip') {
    if (directive.text === '') problems.push(`${README}:${directive.line}: check:skip needs a reason`);
    skipped.push(`${where} (${block.lang}): ${directive.text}`);
    continue;
  }
  const context = directive?.kind === 'context' ? directive.text : '';
  if (context && !SCRIPT_LANGUAGES.has(block.lang)) problems.push(`${where}: check:context is for ts and js blocks`);
  const source = context ? `${context}\n${block.code}\n` : `${block.code}\n`;
  const app = appFor(block);
  if (!groups.has(app)) groups.set(app, []);
  groups.get(app).push({ ...block, source, offset: context ? context.split('\n').length : 0 });
}

const work = mkdtempSync(join(tmpdir(), 'ws-client-docs-'));
let failed = problems.length > 0;
for (const problem of problems) console.error(`✗ ${problem}`);
try {
  const unpacked = unpackInto(work);

  const apps = Object.keys(APPS).filter((app) => groups.has(app));
  const byApp = new Map();
  for (const app of apps) {
    const dir = join(work, app);
    mkdirSync(join(dir, 'src'), { recursive: true });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(unpacked, join(dir, 'node_modules', 'ws-client'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(APPS[app].tsconfig, null, 2));
    const byFile = new Map();
    for (const block of groups.get(app)) {
      writeFileSync(join(dir, fileFor(block)), block.source);
      byFile.set(fileFor(block), block);
    }
    byApp.set(app, byFile);
  }

  const queue = [...apps];
  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      const result = await run(app, join(work, app));
      const byFile = byApp.get(app);
      const name = `${app} (${APPS[app].tool}): ${[...byFile.values()].map((block) => `${README}:${block.line}`).join(', ')}`;
      if (result.ok) {
        console.log(`✓ ${name} ${result.seconds} s`);
      } else {
        failed = true;
        console.error(`✗ ${name} ${result.seconds} s\n${located(result.output, byFile).trim()}\n`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const skip of skipped) console.log(`- skipped ${skip}`);
const total = `${((performance.now() - started) / 1000).toFixed(1)} s`;
if (failed) console.error(`check:docs failed (${total})`);
else console.log(`check:docs passed (${total})`);
process.exit(failed ? 1 : 0);
