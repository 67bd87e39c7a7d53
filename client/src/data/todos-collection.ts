/**
 * The todos collection: TanStack DB's local, reactive copy of one signed-in user's
 * todos, synced through TanStack Query with the tRPC API. A new user gets a new
 * collection (see user-data.ts); nothing is shared between users.
 *
 * - `queryFn` loads the whole list (every page) once; it is not refetched after writes.
 * - Each handler sends all mutations of one transaction in one awaited call (chunked
 *   and batched into one HTTP request when larger than the server's limit), writes
 *   the rows the server returns into the synced state and returns `{ refetch: false }`:
 *   one user action costs one request.
 * - A failed call throws, so TanStack DB rolls the optimistic state back; rows that a
 *   partially successful write did store are written in first, so the UI shows the
 *   server's truth.
 */
import { createCollection } from '@tanstack/react-db';
import { queryCollectionOptions } from '@tanstack/query-db-collection';
import type { QueryClient } from '@tanstack/react-query';
import type { Todo } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { fetchAllTodos } from '../../api/fetch-all-todos';
import { PartialWriteError, sendInChunks } from './send-in-chunks';
import { writeErrors } from './write-errors';

/**
 * The collection's TanStack Query key. It names the signed-in user: cached data
 * of one user can never be served to another, even within one QueryClient.
 */
export const todosQueryKey = (userId: string) => ['todos', userId] as const;

export interface TodosCollectionOptions {
  /** Whose todos these are (the access token decides on the server; this scopes the caches). */
  userId: string;
}

export function createTodosCollection(api: TodosClient, queryClient: QueryClient, { userId }: TodosCollectionOptions) {
  const collection = createCollection(
    queryCollectionOptions({
      // Per user, too: live queries are identified by the collections they read.
      id: `todos:${userId}`,
      queryKey: todosQueryKey(userId),
      queryClient,
      getKey: (todo: Todo) => todo.id,
      queryFn: ({ signal }) => fetchAllTodos(api, signal),
      // The list changes only through this client's own writes (whose results are
      // written in directly) or in another tab; refetch on focus covers the latter.
      staleTime: Infinity,
      refetchOnWindowFocus: true,

      onInsert: async ({ transaction }) => {
        const items = transaction.mutations.map(({ modified }) => ({
          id: modified.id,
          name: modified.name,
          status: modified.status,
        }));
        await persist('add the todo', items, (chunk) => api.todos.create.mutate({ items: chunk }), upsertStored);
        return { refetch: false };
      },

      onUpdate: async ({ transaction }) => {
        const items = transaction.mutations.map(({ key, changes }) => ({
          id: key,
          changes: { name: changes.name, status: changes.status },
        }));
        await persist('save the change', items, (chunk) => api.todos.update.mutate({ items: chunk }), upsertStored);
        return { refetch: false };
      },

      onDelete: async ({ transaction }) => {
        const ids = transaction.mutations.map(({ key }) => key);
        await persist('delete', ids, (chunk) => api.todos.delete.mutate({ ids: chunk }), removeStored);
        return { refetch: false };
      },
    }),
  );

  async function upsertStored(rows: Todo[]) {
    if (rows.length > 0) await collection.utils.writeUpsert(rows);
  }

  async function removeStored(ids: string[]) {
    if (ids.length === 0) return;
    try {
      await collection.utils.writeDelete(ids);
    } catch {
      // A refetch may already have dropped some of these rows, which fails the whole
      // write: delete the remaining ones one by one, ignoring the ones already gone.
      await Promise.allSettled(ids.map((id) => collection.utils.writeDelete(id)));
    }
  }

  /** Sends, applies what the server stored (even on partial failure), and reports failures. */
  async function persist<TInput, TResult>(
    action: string,
    inputs: TInput[],
    send: (chunk: TInput[]) => Promise<TResult[]>,
    apply: (stored: TResult[]) => Promise<void>,
  ): Promise<void> {
    try {
      await apply(await sendInChunks(inputs, send));
    } catch (error) {
      if (error instanceof PartialWriteError) await apply(error.succeeded as TResult[]);
      writeErrors.report(action, error);
      throw error;
    }
  }

  return collection;
}

export type TodosCollection = ReturnType<typeof createTodosCollection>;
