// Every entry point a user imports by name, resolved as the package is published (under
// node10 through `typesVersions`, under bundler and nodenext through `exports`).
import { WsClient, WsConnection, type WsClientEventMap } from 'ws-client';
import { WsConnection as Engine, type WsConnectionEventMap } from 'ws-client/connection.js';
import { WsClient as Element } from 'ws-client/ws-client.js';
import { Controls } from 'ws-client/controls.js';
import 'ws-client/define.js';
import type {} from 'ws-client/react';
import type {} from 'ws-client/vue';
import type {} from 'ws-client/svelte';

export const sameEngine: typeof WsConnection = Engine;
export const sameElement: typeof WsClient = Element;
export const controls: typeof Controls = Controls;
export const message: WsClientEventMap['message'] extends WsConnectionEventMap['message'] ? true : false = true;
