/**
 * The web app's data singletons: one QueryClient, one typed API client on the same
 * origin (`/trpc`), one todos collection. Created once per page load.
 */
import { QueryClient } from '@tanstack/react-query';
import { createTodosClient } from '../../api/create-todos-client';
import { createTodosCollection } from './todos-collection';

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 2 } },
});

export const api = createTodosClient({ url: '/trpc' });

export const todosCollection = createTodosCollection(api, queryClient);
