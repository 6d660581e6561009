import type { Server } from 'node:http';
import type { Plugin } from 'vite';
import type { WebSocketServer } from 'ws';

export function attachEcho(httpServer: Server, path?: string): WebSocketServer;
export function echoServer(path?: string): Plugin;
