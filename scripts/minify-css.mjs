// An esbuild plugin that minifies the CSS in Lit's css`` literals (esbuild minifies the JS around
// them but leaves template text alone): comments and the whitespace around punctuation go. Used
// for the CDN build and by `npm run size`, so the figures are those of what ships.
import { readFile } from 'node:fs/promises';

export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** `source` with the CSS of each css`` literal minified (ours interpolate nothing). */
export function minifyCssLiterals(source) {
  return source.replace(/\bcss`([^`]*)`/g, (_, css) => `css\`${minifyCss(css)}\``);
}

export const minifyCssPlugin = {
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, async ({ path }) => ({
      contents: minifyCssLiterals(await readFile(path, 'utf8')),
      loader: 'ts',
    }));
  },
};
