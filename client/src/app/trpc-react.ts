/**
 * tRPC's React Query bindings, for server data that is not a TanStack DB
 * collection (today: `me`, the signed-in user's name; todos go through the user's
 * todos collection). Components call `trpc.<router>.<procedure>.useQuery()` with
 * the same typed router; the queries live in the app's single QueryClient (cleared
 * on sign-out) and use `accountApi` from app-data.ts.
 */
import { createTRPCReact } from '@trpc/react-query';
import type { AppRouter } from '../../api/create-todos-client';

export const trpc = createTRPCReact<AppRouter>();
