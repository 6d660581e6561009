import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { echoServer } from './demo/echo-server.mjs';

export default defineConfig({
  plugins: [echoServer('/echo')],
  server: { host: 'localhost', port: 5173 },
  build: {
    outDir: 'demo-dist',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        english: resolve(import.meta.dirname, 'demo/english.html'),
        console: resolve(import.meta.dirname, 'demo/console.html'),
      },
    },
  },
});
