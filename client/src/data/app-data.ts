/**
 * The web app's page-wide data objects: one QueryClient and the typed API clients
 * on the same origin (`/trpc`), which send the signed-in user's access token with
 * every request. Everything that belongs to one user (the todos collection, drafts)
 * is made per user in user-data.ts.
 */
import { QueryClient } from '@tanstack/react-query';
import { createTodosClient } from '../../api/create-todos-client';
import { isUnauthorized } from './auth-errors';
import { LIST_LOAD_RETRIES, listLoadRetryDelayMs } from './list-load-retry';

export const queryClient = new QueryClient({
  defaultOptions: {
    // A 401 will not pass on a second try: the user has to sign in again.
    queries: {
      retry: (failures, error) => !isUnauthorized(error) && failures < LIST_LOAD_RETRIES,
      retryDelay: listLoadRetryDelayMs,
    },
  },
});

type TokenSource = () => Promise<string | undefined>;
let tokenSource: TokenSource = () => Promise.resolve(undefined);

/** Set once at startup: where the current access token comes from (the sign-in library). */
export function setAccessTokenSource(source: TokenSource): void {
  tokenSource = source;
}

const getToken = () => tokenSource();

/** The todos collection's client: its requests carry only the collection's own calls. */
export const api = createTodosClient({ url: '/trpc', getToken });

/**
 * The change feed's client (and the list's): polls every few seconds, so on its own
 * batching they never ride in a write's request, nor a write in theirs.
 */
export const feedApi = createTodosClient({ url: '/trpc', getToken });

/**
 * The client behind tRPC's React Query hooks (`me`). A separate instance has its own
 * batching, so a hook's call never rides in the collection's requests: a list load is
 * one `todos.list` request, and its failure or delay does not hold the account data.
 */
export const accountApi = createTodosClient({ url: '/trpc', getToken });
