/**
 * tRPC's React Query bindings, for server data that is not a TanStack DB
 * collection (today: none; todos go through `todosCollection`). Components can
 * call `trpc.<router>.<procedure>.useQuery()` with the same typed router, and
 * those queries share the app's single QueryClient and API client.
 */
import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '../../api/create-todos-client';

export const trpc = createTRPCReact<AppRouter>();
