import type { Server } from 'node:http';
import type { Plugin } from 'vite';
import type { WebSocketServer } from 'ws';

export function attachPubSub(httpServer: Server, path?: string, options?: { interval?: number }): WebSocketServer;
export function pubSubServer(path?: string): Plugin;
