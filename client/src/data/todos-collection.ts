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
 * - A call that fails because the service is unavailable (503) or the network is
 *   down is sent again after about 1 s and 2 s (or the server's Retry-After), with
 *   the same ids: creates are idempotent on the client's id and deletes ignore
 *   missing ids, so a retry never duplicates. 4xx answers are not retried.
 * - A call that still fails throws, so TanStack DB rolls the optimistic state back;
 *   rows that a partially successful write did store are written in first, so the UI
 *   shows the server's truth. The error names the todo and, for updates and
 *   deletes, offers to send the same change again.
 * - While a row's write is in flight its key is in `savingRows` (the UI marks the row).
 */
import { createCollection } from '@tanstack/react-db';
import { queryCollectionOptions } from '@tanstack/query-db-collection';
import type { QueryClient } from '@tanstack/react-query';
import type { Todo } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { fetchAllTodos } from '../../api/fetch-all-todos';
import { isRetryable, retryAfterMs, classifyFailure } from './error-text';
import { retryStatus, savingRows } from './save-status';
import { PartialWriteError, sendInChunks } from './send-in-chunks';
import { writeErrors } from './write-errors';

/** Waits before the second and third try of a write that may succeed later. */
export const WRITE_RETRY_DELAYS_MS = [1000, 2000];

/** A todo's name as quoted in messages: “Buy milk”, cut short when long. */
export function quoted(name: string): string {
  return `“${name.length > 60 ? `${name.slice(0, 57)}…` : name}”`;
}

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
        const rows = transaction.mutations.map(({ modified }) => modified);
        const items = rows.map(({ id, name, status }) => ({ id, name, status }));
        const action = rows.length === 1 && rows[0] !== undefined ? `add ${quoted(rows[0].name)}` : `add ${plural(rows.length, 'todo')}`;
        await persist(action, items, (chunk) => api.todos.create.mutate({ items: chunk }), upsertStored, {
          keys: rows.map((row) => row.id),
        });
        return { refetch: false };
      },

      onUpdate: async ({ transaction }) => {
        const items = transaction.mutations.map(({ key, changes }) => ({
          id: key,
          changes: { name: changes.name, status: changes.status },
        }));
        const [first] = transaction.mutations;
        let action = `save changes to ${plural(items.length, 'todo')}`;
        if (items.length === 1) {
          if (first.changes.name !== undefined) action = `rename ${quoted(first.original.name)} to ${quoted(first.changes.name)}`;
          else if (first.changes.status !== undefined)
            action = `mark ${quoted(first.original.name)} as ${first.changes.status === 'completed' ? 'completed' : 'active'}`;
        }
        const retry = () => {
          const present = items.filter((item) => collection.has(item.id));
          if (present.length === 0) return;
          collection.update(
            present.map((item) => item.id),
            (drafts) => {
              drafts.forEach((draft, index) => {
                const changes = present[index]?.changes;
                if (changes?.name !== undefined) draft.name = changes.name;
                if (changes?.status !== undefined) draft.status = changes.status;
              });
            },
          );
        };
        await persist(action, items, (chunk) => api.todos.update.mutate({ items: chunk }), upsertStored, {
          keys: items.map((item) => item.id),
          retry,
        });
        return { refetch: false };
      },

      onDelete: async ({ transaction }) => {
        const ids = transaction.mutations.map(({ key }) => key);
        const [first] = transaction.mutations;
        const action = ids.length === 1 ? `delete ${quoted(first.original.name)}` : `delete ${plural(ids.length, 'todo')}`;
        const retry = () => {
          const present = ids.filter((id) => collection.has(id));
          if (present.length > 0) collection.delete(present);
        };
        await persist(action, ids, (chunk) => api.todos.delete.mutate({ ids: chunk }), removeStored, { keys: ids, retry });
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

  /**
   * Sends, applies what the server stored (even on partial failure), retries what
   * may succeed later, and reports what still failed. The rows are marked as
   * saving meanwhile.
   */
  async function persist<TInput, TResult>(
    action: string,
    inputs: TInput[],
    send: (chunk: TInput[]) => Promise<TResult[]>,
    apply: (stored: TResult[]) => Promise<void>,
    { keys, retry, undone }: { keys: string[]; retry?: () => void; undone?: string },
  ): Promise<void> {
    savingRows.add(keys);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await apply(await sendInChunks(inputs, send));
          return;
        } catch (error) {
          if (error instanceof PartialWriteError) await apply(error.succeeded as TResult[]);
          const delay = WRITE_RETRY_DELAYS_MS[attempt];
          if (delay === undefined || !isRetryable(error)) {
            writeErrors.report(action, error, { retry, undone });
            throw error;
          }
          const done = retryStatus.waiting(classifyFailure(error) === 'offline');
          try {
            await sleep(retryAfterMs(error) ?? delay);
          } finally {
            done();
          }
        }
      }
    } finally {
      savingRows.remove(keys);
    }
  }

  return collection;
}

export type TodosCollection = ReturnType<typeof createTodosCollection>;
