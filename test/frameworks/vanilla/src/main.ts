import 'ws-client';
import { startChat } from './chat.js';

startChat(document.getElementById('app') ?? document.body, '/echo');
