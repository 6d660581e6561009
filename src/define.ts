import { WsClient } from './ws-client.js';

// A second import, or a second copy of the package on the page, finds the name taken and
// leaves the first definition in place.
if (typeof customElements !== 'undefined') WsClient.define();

declare global {
  interface HTMLElementTagNameMap {
    'ws-client': WsClient;
  }
}
