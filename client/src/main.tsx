/**
 * Browser entry: the TodoMVC app inside tRPC's and TanStack Query's providers.
 * Both use the single QueryClient and API client from app-data, so collection
 * syncs and any tRPC React queries share one cache and one batching link.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import 'todomvc-app-css/index.css';
import './app/app.css';
import { App } from './app/App';
import { trpc } from './app/trpc-react';
import { api, queryClient } from './data/app-data';

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element in index.html');

createRoot(root).render(
  <StrictMode>
    <trpc.Provider client={api} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </trpc.Provider>
  </StrictMode>,
);
