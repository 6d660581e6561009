// The element's on-demand parts, registered by their modules when they load: the element reads
// them here, so a page (or a server renderer) that imports a part ahead of time has it at once.
import type { Controls } from './controls.js';

/** lit-html's `render`, registered by the parts that render (the controls, the log). */
export type Render = (value: unknown, root: HTMLElement | DocumentFragment, options: { host: object }) => void;

export const parts: { Controls?: typeof Controls; render?: Render } = {};

/** The events the inspector log records. */
export const LOGGED_EVENTS = ['connecting', 'open', 'message', 'error', 'close', 'reconnecting'] as const;

/** An `error` event for something the element (not the socket) ran into, with the error in `error`. */
export function errorEvent(error: unknown): ErrorEvent {
  const reason = error instanceof Error ? error : new Error(String(error));
  return new ErrorEvent('error', { message: reason.message, error: reason });
}
