import { WsClientLog } from './ws-client-log.js';

// As src/define.ts: a second import, or a second copy of the package, leaves the first
// definition in place.
if (typeof customElements !== 'undefined') WsClientLog.define();

declare global {
  interface HTMLElementTagNameMap {
    'ws-client-log': WsClientLog;
  }
}
