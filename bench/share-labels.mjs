// The sharing scenarios' settings and names, for the page (bench/share.ts) and the server and its
// goals (bench/share.mjs) alike.

/** Elements in the `share` scenario. */
export const ELEMENTS = 100;
/** Messages in the `tabs` scenario, and the server's pause between two, in ms. */
export const TICKS = 500;
export const TICK_EVERY = 4;

// The scenarios and subjects, as the page records them and the goals read them.
export const SHARED = `${ELEMENTS} elements, one shared socket`;
export const OWN = `${ELEMENTS} elements, a socket each`;
export const PER_MESSAGE = 'share: main thread per delivered message (µs)';
export const WALL_PER_MESSAGE = 'share: wall time per delivered message (µs)';
export const HEAP = 'share: JS heap per element (KB)';
export const TAB_FRAMES = 'share="tabs", two iframes';
export const TAB_WINDOWS = 'share="tabs", two windows';
export const TABS_MEDIAN = 'tabs: follower - leader, median (ms)';
export const TABS_P99 = 'tabs: follower - leader, p99 (ms)';
