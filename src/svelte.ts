// Types only: `import type {} from 'ws-client/svelte'` once in a Svelte 5 project types <ws-client>
// in markup: its properties, its dashed attributes and its events as `on<event>` handlers.
import type { HTMLAttributes } from 'svelte/elements';
import type {
  WsClientAttributes,
  WsClientEventName,
  WsClientEventProps,
  WsClientProperties,
  WsClientSettingName,
} from './frameworks.js';
import type { WsClient, WsClientOwnEventMap } from './ws-client.js';

/** Svelte adds `on<event>capture` as a capture-phase listener for the same event. */
type CaptureProps = {
  [K in WsClientEventName as `on${K}capture`]?: ((event: WsClientOwnEventMap[K]) => void) | null;
};

export type WsClientSvelteProps = Omit<
  HTMLAttributes<WsClient>,
  keyof WsClientEventProps | keyof CaptureProps | WsClientSettingName
> &
  WsClientProperties &
  WsClientAttributes &
  WsClientEventProps &
  CaptureProps;

declare global {
  // Svelte 5 looks elements up here (svelte/svelte-html.d.ts, "enhancing built-in DOM types").
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace svelteHTML {
    interface IntrinsicElements {
      'ws-client': WsClientSvelteProps;
    }
  }
}
