// Types only: `import type {} from 'ws-client/vue'` once in a Vue 3 project types <ws-client> in
// templates (with `compilerOptions.isCustomElement` letting Vue treat it as an element).
import type { DefineComponent } from 'vue';
import type { WsClientProperties, WsClientVueEvents } from './frameworks.js';

declare module 'vue' {
  interface GlobalComponents {
    'ws-client': DefineComponent<WsClientProperties & WsClientVueEvents>;
  }
}
