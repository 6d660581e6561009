// An echo chat in React 19: every setting of <ws-client> and a handler for each of its events.
// Properties go by their names (`stateLabels={…}`); dashed names are attributes and take text
// (`reconnect-delay="50"`); events are `on` + the event type, lowercase as dispatched.
import { useState } from 'react';
import 'ws-client';
import type {} from 'ws-client/react';

export function Chat({ url }: { url: string }) {
  const [events, setEvents] = useState<string[]>([]);
  const [received, setReceived] = useState<string[]>([]);
  const note = (text: string) => setEvents((list) => [...list, text]);
  return (
    <>
      <ws-client
        host={url}
        protocols="chat"
        format="text"
        binary-type="arraybuffer"
        manual={false}
        reconnect
        reconnect-delay="50"
        reconnect-max-delay="1000"
        reconnect-attempts="1"
        reconnect-stop-codes="4000-4099"
        connect-timeout="5000"
        queue-limit="100"
        heartbeat={0}
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
        stateLabels={{ open: 'Abierto', closed: 'Cerrado' }}
        log
        labels={{ log: 'Registro' }}
        log-limit="50"
        share="page"
        share-key="chat"
        subscribe-message=""
        unsubscribe-message=""
        topic=""
        topic-field="type"
        onopen={(event) => note(event.type)}
        onmessage={(event) => {
          note(event.type);
          setReceived((list) => [...list, String(event.data)]);
        }}
        onerror={(event) => note(event instanceof ErrorEvent ? `error ${event.message}` : event.type)}
        onclose={(event) => note(`close ${event.code}`)}
        onconnecting={(event) => note(`connecting ${event.detail.attempt}`)}
        onreconnecting={(event) => note(`reconnecting ${event.detail.attempt}`)}
        onreconnect-failed={(event) => note(`reconnect-failed ${event.detail.attempts}`)}
        onshare-role={(event) => note(`share-role ${event.detail.role}`)}
      />
      <ol className="events">
        {events.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ol>
      <ul className="messages">
        {received.map((text, index) => (
          <li key={index}>{text}</li>
        ))}
      </ul>
    </>
  );
}
