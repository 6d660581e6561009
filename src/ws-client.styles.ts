import { css } from 'lit';

/** The element's own styles: the host box and the theme's private colours. */
export const hostStyles = css`
  :host {
    /* System colours (Field, Canvas, ButtonFace…) follow the page's light or dark scheme. */
    color-scheme: light dark;
    --_ws-accent: #0b57d0;
    --_ws-accent-text: #fff;
    display: block;
    min-width: 0;
    font: var(--ws-client-font, inherit);
    color: var(--ws-client-color, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_ws-accent: #a8c7fa;
      --_ws-accent-text: #062e6f;
    }
  }
`;
