import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Vue renders <ws-client> as an element, not a component it would have to resolve.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag === 'ws-client' } } })],
});
