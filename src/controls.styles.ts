import { css } from 'lit';

/** The built-in controls' styles, shared by the controls and the inspector's toolbar. */
export const controlStyles = css`
  [part='status'] {
    font-size: var(--ws-client-status-font-size, 0.875em);
    margin-block-end: var(--ws-client-gap, 0.5em);
  }
  [part='form'] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ws-client-gap, 0.5em);
    padding: var(--ws-client-padding, 0);
    background: var(--ws-client-background, transparent);
  }
  /* The log's filter (styled further by the inspector) looks like the message input. */
  [part='input'],
  [part='filter'] {
    flex: 1 1 12em;
    min-width: 0;
    font: inherit;
    color: inherit;
    background: var(--ws-client-input-background, Field);
    border: var(--ws-client-border, 1px solid GrayText);
    border-radius: var(--ws-client-radius, 4px);
    padding: var(--ws-client-control-padding, 0.4em 0.6em);
  }
  button {
    font: inherit;
    border: var(--ws-client-border, 1px solid GrayText);
    border-radius: var(--ws-client-radius, 4px);
    padding: var(--ws-client-control-padding, 0.4em 0.8em);
    cursor: pointer;
  }
  [part='send-button'] {
    color: var(--ws-client-accent-text, var(--_ws-accent-text));
    background: var(--ws-client-accent, var(--_ws-accent));
    border-color: transparent;
  }
  [part='close-button'] {
    color: inherit;
    background: var(--ws-client-button-background, ButtonFace);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: var(--ws-client-disabled-opacity, 0.5);
  }
  :focus-visible {
    outline: var(--ws-client-focus-ring, 2px solid Highlight);
    outline-offset: 2px;
  }
`;
