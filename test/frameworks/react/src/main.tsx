import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Chat } from './Chat';

createRoot(document.getElementById('app') ?? document.body).render(
  <StrictMode>
    <Chat url="/echo" />
  </StrictMode>,
);
