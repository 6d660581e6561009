// An echo chat in Angular: every setting of <ws-client> and a listener for each of its events.
// CUSTOM_ELEMENTS_SCHEMA lets the template use the element; with strict templates each `$event`
// has the element's event type. Bindings to its properties are not checked (the schema allows
// any), so the values below come from a typed object.
import { Component, CUSTOM_ELEMENTS_SCHEMA, input, signal } from '@angular/core';
import 'ws-client';
import type { ConnectingDetail, ReconnectFailedDetail, ReconnectingDetail, WsClientProperties } from 'ws-client';

@Component({
  selector: 'app-chat',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <ws-client
      [host]="url()"
      protocols="chat"
      format="text"
      binary-type="arraybuffer"
      [manual]="settings.manual"
      reconnect
      reconnect-delay="50"
      reconnect-max-delay="1000"
      reconnect-attempts="1"
      reconnect-stop-codes="4000-4099"
      connect-timeout="5000"
      queue-limit="100"
      [heartbeat]="settings.heartbeat"
      heartbeat-message="ping"
      heartbeat-timeout="10000"
      heartbeat-reply="pong"
      controls
      send-label="Enviar"
      close-label="Cerrar"
      message-label="Mensaje"
      placeholder="Escribe un mensaje"
      retry-label="Reintentar"
      multiline
      [stateLabels]="settings.stateLabels"
      log
      [labels]="settings.labels"
      log-limit="50"
      share="page"
      share-key="chat"
      subscribe-message=""
      unsubscribe-message=""
      topic=""
      topic-field="type"
      (open)="note($event.type)"
      (message)="onMessage($event)"
      (error)="onError($event)"
      (close)="onClose($event)"
      (connecting)="onConnecting($event)"
      (reconnecting)="onReconnecting($event)"
      (reconnect-failed)="onReconnectFailed($event)"
      (share-role)="note('share-role ' + $event.detail.role)"
    ></ws-client>
    <ol class="events">
      @for (text of events(); track $index) {
        <li>{{ text }}</li>
      }
    </ol>
    <ul class="messages">
      @for (text of received(); track $index) {
        <li>{{ text }}</li>
      }
    </ul>
  `,
})
export class Chat {
  readonly url = input.required<string>();
  protected readonly settings = {
    manual: false,
    heartbeat: 0,
    stateLabels: { open: 'Abierto', closed: 'Cerrado' },
    labels: { log: 'Registro' },
  } satisfies WsClientProperties;
  protected readonly events = signal<string[]>([]);
  protected readonly received = signal<string[]>([]);

  protected note(text: string): void {
    this.events.update((list) => [...list, text]);
  }
  protected onMessage(event: MessageEvent): void {
    this.note(event.type);
    this.received.update((list) => [...list, String(event.data)]);
  }
  protected onError(event: Event | ErrorEvent): void {
    this.note(event instanceof ErrorEvent ? `error ${event.message}` : event.type);
  }
  protected onClose(event: CloseEvent): void {
    this.note(`close ${event.code}`);
  }
  protected onConnecting(event: CustomEvent<ConnectingDetail>): void {
    this.note(`connecting ${event.detail.attempt}`);
  }
  protected onReconnecting(event: CustomEvent<ReconnectingDetail>): void {
    this.note(`reconnecting ${event.detail.attempt}`);
  }
  protected onReconnectFailed(event: CustomEvent<ReconnectFailedDetail>): void {
    this.note(`reconnect-failed ${event.detail.attempts}`);
  }
}
