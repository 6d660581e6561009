// What the types must refuse. Templates have no @ts-expect-error: scripts/check-types.mjs
// requires an error on the line after each `expect-error` comment, and none elsewhere.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'ws-client';

@Component({
  selector: 'app-rejected',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <!-- expect-error: a message is a MessageEvent -->
    <ws-client (message)="onClose($event)"></ws-client>
    <!-- expect-error: reconnect-failed is a CustomEvent<{ attempts }> -->
    <ws-client (reconnect-failed)="onClose($event)"></ws-client>
    <!-- expect-error: its detail has attempts only -->
    <ws-client (reconnect-failed)="count($event.detail.delay)"></ws-client>
    <!-- expect-error: an error is an Event or an ErrorEvent -->
    <ws-client (error)="onClose($event)"></ws-client>
  `,
})
export class Rejected {
  protected onClose(event: CloseEvent): number {
    return event.code;
  }
  protected count(value: number): number {
    return value;
  }
}
