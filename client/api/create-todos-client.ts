/**
 * Typed client for the todos API, for any TypeScript program (other services, the
 * CLI, the web UI). Types come straight from the server's `AppRouter`: no codegen.
 *
 *   const api = createTodosClient({ url: 'https://example.cloudfront.net/trpc' });
 *   const { items } = await api.todos.list.query();
 */
import { createTRPCClient } from '@trpc/client';
import type { AppRouter } from '../../server/app-router';
import { apiLink, type LinkOptions } from './trpc-links';

export type { AppRouter };
export type TodosClient = ReturnType<typeof createTodosClient>;

export function createTodosClient(options: LinkOptions) {
  return createTRPCClient<AppRouter>({ links: [apiLink(options)] });
}
