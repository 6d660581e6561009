// The built-in controls of <ws-client controls>: a status, an input, Send, Close and (while
// reconnecting) Retry now. Rendered by the element when `controls` is set.
import { html, nothing, type TemplateResult } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import { errorEvent, type ConnectionState } from './connection.js';

/** Messages kept for Up/Down. */
const HISTORY = 100;

/** The status texts used where `stateLabels` has none. */
export const DEFAULT_STATE_LABELS: Readonly<Record<ConnectionState, string>> = {
  connecting: 'Connecting',
  open: 'Open',
  closing: 'Closing',
  closed: 'Closed',
  reconnecting: 'Reconnecting',
};

/** What the controls read from and call on their element. */
export interface ControlsHost extends HTMLElement {
  readonly multiline: boolean;
  readonly sendLabel: string;
  readonly closeLabel: string;
  readonly messageLabel: string;
  readonly placeholder: string;
  readonly retryLabel: string;
  readonly stateLabels: Partial<Record<ConnectionState, string>>;
  send(data: string): void;
  close(): void;
  connect(): void;
}

export class Controls {
  readonly #host: ControlsHost;
  readonly #input = createRef<HTMLInputElement | HTMLTextAreaElement>();
  /** Messages sent from the input, newest last, for Up/Down. */
  readonly #history: string[] = [];
  #historyIndex = 0;

  constructor(host: ControlsHost) {
    this.#host = host;
  }

  /** `state` as shown; `closeCode`, the code of the last close (0 for none). */
  render(state: ConnectionState, closeCode: number): TemplateResult {
    const host = this.#host;
    const canSend = state === 'open' || state === 'connecting' || state === 'reconnecting';
    const canClose = state !== 'closed' && state !== 'closing';
    const label = host.stateLabels[state] || DEFAULT_STATE_LABELS[state];
    const status = label + (state === 'closed' && closeCode ? ` (${closeCode})` : '');
    return html`<div part="status" role="status" data-state=${state}>${status}</div>
      <form part="form" @submit=${this.#onSubmit}>
        ${host.multiline ? this.#renderTextarea() : this.#renderInput()}
        <button part="send-button" type="submit" ?disabled=${!canSend}>${host.sendLabel}</button>
        <button part="close-button" type="button" ?disabled=${!canClose} @click=${this.#onCloseClick}>
          ${host.closeLabel}
        </button>
        ${
          state === 'reconnecting'
            ? html`<button part="retry-button" type="button" @click=${this.#onRetryClick}>${host.retryLabel}</button>`
            : nothing
        }
      </form>`;
  }

  #renderInput(): TemplateResult {
    const host = this.#host;
    return html`<input
      part="input"
      aria-label=${host.messageLabel}
      placeholder=${host.placeholder}
      autocomplete="off"
      @keydown=${this.#onKeyDown}
      ${ref(this.#input)}
    />`;
  }

  #renderTextarea(): TemplateResult {
    const host = this.#host;
    return html`<textarea
      part="input"
      aria-label=${host.messageLabel}
      placeholder=${host.placeholder}
      rows="4"
      @keydown=${this.#onKeyDown}
      ${ref(this.#input)}
    ></textarea>`;
  }

  // Arrow functions: Lit calls event listeners with the element as `this`.
  #onSubmit = (event: Event): void => {
    event.preventDefault();
    const input = this.#input.value;
    if (input === undefined) return;
    try {
      this.#host.send(input.value);
    } catch (error) {
      // The text stays in the input, so nothing typed is lost.
      this.#host.dispatchEvent(errorEvent(error));
      return;
    }
    const history = this.#history;
    if (input.value !== '' && input.value !== history.at(-1)) history.push(input.value);
    if (history.length > HISTORY) history.shift();
    this.#historyIndex = history.length;
    input.value = '';
  };

  /** Ctrl/Cmd+Enter sends from the multi-line input; Up/Down walk the sent history. */
  #onKeyDown = (event: KeyboardEvent): void => {
    const input = event.currentTarget as HTMLInputElement | HTMLTextAreaElement;
    const multiline = this.#host.multiline;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && multiline) {
      this.#onSubmit(event);
      return;
    }
    const history = this.#history;
    const caretInside = multiline && input.value.includes('\n');
    if ((event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || caretInside || history.length === 0) return;
    event.preventDefault();
    const step = event.key === 'ArrowUp' ? -1 : 1;
    this.#historyIndex = Math.min(history.length, Math.max(0, this.#historyIndex + step));
    input.value = history[this.#historyIndex] ?? '';
  };

  #onCloseClick = (): void => {
    this.#host.close();
  };

  #onRetryClick = (): void => {
    this.#host.connect();
  };
}
