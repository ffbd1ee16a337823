import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/app/App.tsx';
import { Providers } from './ui/app/Providers.tsx';
import { startAutoAnalyze } from './ui/input/auto-analyze.ts';
import './ui/app/app.css';

startAutoAnalyze();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <App />
    </Providers>
  </StrictMode>,
);
