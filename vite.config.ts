import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { echoServer } from './demo/echo-server.mjs';
import { pubSubServer } from './demo/pubsub-server.mjs';

export default defineConfig({
  plugins: [echoServer('/echo'), pubSubServer('/pubsub')],
  server: { host: 'localhost', port: 5173 },
  build: {
    outDir: 'demo-dist',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        english: resolve(import.meta.dirname, 'demo/english.html'),
        console: resolve(import.meta.dirname, 'demo/console.html'),
        dashboard: resolve(import.meta.dirname, 'demo/dashboard.html'),
      },
    },
  },
});
