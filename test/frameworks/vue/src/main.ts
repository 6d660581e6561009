import { createApp } from 'vue';
import Chat from './Chat.vue';

createApp(Chat, { url: '/echo' }).mount('#app');
