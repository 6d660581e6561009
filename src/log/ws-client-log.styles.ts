import { css } from 'lit';

/**
 * The log's styles: by class (parts are the public hooks only). Inside `<ws-client log>` the
 * element renders into the client's shadow root, which adopts these, so `:host` rules are
 * written for `ws-client-log` too.
 */
export const logStyles = css`
  :host,
  ws-client-log {
    color-scheme: light dark;
    display: block;
    min-width: 0;
    font: var(--ws-client-font, inherit);
    color: var(--ws-client-color, inherit);
  }
  :host([hidden]),
  ws-client-log[hidden] {
    display: none;
  }
  .toolbar,
  .composer-row,
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ws-client-gap, 0.5em);
    margin-block: var(--ws-client-gap, 0.5em);
  }
  .field,
  .button,
  .select {
    font: inherit;
    color: inherit;
    border: var(--ws-client-border, 1px solid GrayText);
    border-radius: var(--ws-client-radius, 4px);
  }
  /* System colours in pairs, so a dark scheme on the element alone stays readable. */
  .field,
  .select {
    color: FieldText;
    min-width: 0;
    max-width: 100%;
    box-sizing: border-box;
    background: var(--ws-client-input-background, Field);
    padding: var(--ws-client-control-padding, 0.4em 0.6em);
  }
  .filter {
    flex: 1 1 8em;
  }
  .filter[aria-invalid='true'] {
    outline: 2px solid var(--ws-client-error-color, #b3261e);
  }
  /* Canvas, not ButtonFace: WebKitGTK's dark ButtonFace is light grey under white ButtonText. */
  .button {
    color: CanvasText;
    padding: var(--ws-client-control-padding, 0.4em 0.8em);
    background: var(--ws-client-button-background, Canvas);
    cursor: pointer;
  }
  .button[aria-pressed='true'] {
    box-shadow: inset 0 0 0 2px currentColor;
  }
  .small {
    padding: 0 0.4em;
  }
  .count,
  .time,
  .gap,
  .size,
  .stats {
    font-variant-numeric: tabular-nums;
  }
  .notice {
    margin: 0.25em 0;
    font-size: 0.9em;
  }
  /* Its rows' layout stays inside: a burst relays out the log, not the page. */
  .log {
    contain: content;
    position: relative;
    max-height: var(--ws-client-log-height, 20em);
    overflow: auto;
    font-family: var(--ws-client-log-font-family, ui-monospace, monospace);
    font-size: var(--ws-client-log-font-size, 0.85em);
    background: var(--ws-client-log-background, Canvas);
    color: CanvasText;
    border: var(--ws-client-border, 1px solid GrayText);
    border-radius: var(--ws-client-radius, 4px);
  }
  .list,
  .empty {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .empty {
    padding: 0.25em 0.5em;
  }
  .entry {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.75em;
    padding: 0.25em 0.5em;
    border-block-end: 1px solid color-mix(in srgb, currentColor 15%, transparent);
    border-inline-start: 3px solid transparent;
    overflow-wrap: anywhere;
  }
  .entry:focus {
    outline: var(--ws-client-focus-ring, 2px solid Highlight);
    outline-offset: -2px;
  }
  .entry.selected {
    border-inline-start-color: currentColor;
  }
  .entry[data-direction='in'] {
    color: var(--ws-client-in-color, inherit);
  }
  .entry[data-direction='out'] {
    color: var(--ws-client-out-color, inherit);
  }
  .entry[data-direction='event'] {
    color: var(--ws-client-event-color, inherit);
    font-style: italic;
  }
  /* Direction is told by a word and an arrow, never by colour alone. */
  .arrow {
    display: inline-block;
    width: 1ch;
    font-style: normal;
  }
  .time-button {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
    text-decoration: underline dotted;
  }
  .time-button[aria-pressed='true'] {
    font-weight: bold;
    text-decoration: underline solid;
  }
  .badge {
    border: 1px solid currentColor;
    border-radius: 3px;
    padding: 0 0.3em;
    font-style: normal;
  }
  .payload {
    flex: 1 1 12em;
    min-width: 0;
    white-space: pre-wrap;
    unicode-bidi: isolate;
  }
  .details {
    flex: 1 1 12em;
    min-width: 0;
  }
  /* Expanded, the payload (a tree, a view of bytes) takes the row's whole width. */
  .details[open] {
    flex-basis: 100%;
  }
  .full {
    margin: 0.25em 0 0;
    white-space: pre-wrap;
    max-height: 20em;
    overflow: auto;
  }
  .views {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    margin-block-start: 0.25em;
  }
  .tree,
  .tree ul {
    list-style: none;
    margin: 0.25em 0 0;
    padding-inline-start: 1.25em;
  }
  .tree {
    padding-inline-start: 0;
  }
  .key {
    font-weight: bold;
  }
  .jump {
    position: sticky;
    inset-block-end: 0.25em;
    display: block;
    margin: 0.25em auto;
  }
  .sparkline {
    width: 120px;
    height: 24px;
    max-width: 100%;
    color: currentColor;
  }
  .composer > summary {
    cursor: pointer;
  }
  .message {
    flex: 1 1 100%;
    min-height: 3em;
    font-family: var(--ws-client-log-font-family, ui-monospace, monospace);
  }
  .interval {
    width: 7em;
  }
  .snippets {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: var(--ws-client-focus-ring, 2px solid Highlight);
    outline-offset: 2px;
  }
`;
