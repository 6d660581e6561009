// The Svelte runtime for components compiled in the browser by test/frameworks.test.ts: a
// component module made from a blob cannot resolve bare names, so it imports this file (whose
// names the dev server resolves) in place of 'svelte/internal/client'. `mount` and the rest come
// from the same runtime's browser entry, by path: the dev server resolves 'svelte' itself with
// Node's conditions, to the server build.
export * from 'svelte/internal/client';
export { flushSync, mount, unmount } from '../../node_modules/svelte/src/index-client.js';
