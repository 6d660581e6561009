// Types only: `import type {} from 'ws-client/vue'` once in a Vue 3 project types <ws-client> in
// templates (with the template compiler's `isCustomElement` letting Vue treat it as an element).
import type { DefineComponent, HTMLAttributes } from 'vue';
import type { AttributeValue, CamelCase, KebabCase, WsClientEventName, WsClientSettingName } from './frameworks.js';
import type { WsClient, WsClientOwnEventMap } from './ws-client.js';

/**
 * The settings as vue-tsc checks them: it looks `reconnect-delay` up as `reconnectDelay`, so a
 * setting with a dashed attribute also takes the attribute's text (`reconnect-delay="50"`).
 */
export type WsClientVueProps = {
  [K in WsClientSettingName]?: WsClient[K] | (KebabCase<K> extends K ? never : AttributeValue<WsClient[K]>);
};

/** Listener props: `@message` is `onMessage`, `@reconnect-failed` is `onReconnectFailed`. */
export type WsClientVueEvents = {
  [K in WsClientEventName as `on${Capitalize<CamelCase<K>>}`]?: (event: WsClientOwnEventMap[K]) => void;
};

/** What <ws-client> takes in a template: an HTML element's attributes and listeners, and its own. */
export type WsClientVueAttributes = Omit<HTMLAttributes, keyof WsClientVueProps | keyof WsClientVueEvents> &
  WsClientVueProps &
  WsClientVueEvents;

declare module 'vue' {
  interface GlobalComponents {
    'ws-client': DefineComponent<WsClientVueAttributes>;
  }
}
