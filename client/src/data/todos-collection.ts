/**
 * The todos collection: TanStack DB's local, reactive copy of one signed-in user's
 * todos. A new user gets a new collection (see user-data.ts); nothing is shared
 * between users. It is a definition over the entity-agnostic view
 * (sync/synced-collection.ts); the sync behind it (todo-sync.ts) keeps it:
 *
 * - persisted: the first load is the copy stored in IndexedDB when there is one,
 *   so the list shows before any request; the whole list is downloaded only without
 *   one (a partial copy continues where it stopped), or when the change feed says the
 *   stored cursor expired;
 * - fresh: the change feed is polled while the tab is visible; the list is never
 *   read again (no refetch on focus, reconnect or after writes);
 * - writable offline: each handler turns its transaction into one outbox entry (one
 *   request when online), which is stored, applied to the synced state and sent in
 *   order. The handler settles when the server answered or as soon as the entry has
 *   to wait (offline, 503): the change then stays, marked pending, until it is sent.
 *   A refused write (4xx, 500) throws while the handler still waits, so TanStack DB
 *   rolls it back as before; refused later, it is undone by the sync. Both report it.
 *   Each handler records on its transaction whether the server confirmed the write or it
 *   waits (write-outcome.ts), so the UI announces success only once it is true.
 * - While a row has a write waiting its key is in `savingRows` (the UI marks the row).
 */
import { createCollection } from '@tanstack/react-db';
import { TODO_CONTENT_FIELDS, type Todo } from '../../../shared/todo';
import { pickFields } from '../../../shared/fields';
import type { TodosClient } from '../../api/create-todos-client';
import { isUnauthorized } from './auth-errors';
import { LIST_LOAD_RETRIES, listLoadRetryDelayMs } from './list-load-retry';
import { memoryStore, type LocalStore } from './local-store';
import type { OutboxEntry } from './outbox-entries';
import type { PageActivity } from './page-activity';
import { syncedCollectionOptions } from './sync/synced-collection';
import { createTodoSync, quoted, type TodoSync } from './todo-sync';
import { recordOutcome } from './write-outcome';
import type { LockRunner } from './web-lock';

export { quoted };

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export interface TodosCollectionOptions {
  /** Whose todos these are (the access token decides on the server; this scopes the caches). */
  userId: string;
  /** Where the local copy is kept (default: memory only; the web app passes IndexedDB). */
  store?: LocalStore;
  /** The client for the list and the change feed (default: `api`; the app gives it its own batching). */
  feedApi?: TodosClient;
  activity?: PageActivity;
  lock?: LockRunner;
}

export function createTodosCollection(api: TodosClient, { userId, store = memoryStore(), feedApi = api, activity, lock }: TodosCollectionOptions) {
  const sync: TodoSync = createTodoSync({
    userId,
    api,
    feedApi,
    store,
    activity,
    lock,
    writer: () => collection.utils.writer,
    whenReady: () => new Promise((resolve) => collection.onFirstReady(resolve)),
    retryOf: (entry) => retryOf(entry),
  });

  const collection = createCollection(
    syncedCollectionOptions<Todo>({
      // Per user: nothing read from one user's collection can be taken for another's.
      id: `todos:${userId}`,
      getKey: (todo) => todo.id,
      // Loaded once; after that the change feed and the outbox keep it current.
      load: (signal) => sync.load(signal),
      // A 401 will not pass on a second try: the user has to sign in again.
      retry: { retries: LIST_LOAD_RETRIES, delayMs: listLoadRetryDelayMs, retryable: (error) => !isUnauthorized(error) },

      onInsert: async ({ transaction }) => {
        const rows = transaction.mutations.map(({ modified }) => modified);
        const action = rows.length === 1 && rows[0] !== undefined ? `add ${quoted(rows[0].name)}` : `add ${plural(rows.length, 'todo')}`;
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'create', action, rows }));
      },

      onUpdate: async ({ transaction }) => {
        const items = transaction.mutations.map(({ key, changes, original }) => ({
          id: key,
          // What the person changed, of the fields a person writes (from their schema).
          changes: pickFields(changes, TODO_CONTENT_FIELDS),
          // The version the edit was made on (0: a todo whose create has not been answered yet).
          ...(original.version > 0 && { expectedVersion: original.version }),
        }));
        const [first] = transaction.mutations;
        let action = `save changes to ${plural(items.length, 'todo')}`;
        if (items.length === 1) {
          if (first.changes.name !== undefined) action = `rename ${quoted(first.original.name)} to ${quoted(first.changes.name)}`;
          else if (first.changes.status !== undefined)
            action = `mark ${quoted(first.original.name)} as ${first.changes.status === 'completed' ? 'completed' : 'active'}`;
        }
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'update', action, items }));
      },

      onDelete: async ({ transaction }) => {
        const ids = transaction.mutations.map(({ key }) => key);
        const [first] = transaction.mutations;
        const action = ids.length === 1 ? `delete ${quoted(first.original.name)}` : `delete ${plural(ids.length, 'todo')}`;
        recordOutcome(transaction, await sync.enqueue({ id: sync.newEntryId(), kind: 'delete', action, ids }));
      },
    }),
  );

  /** The error banner's Retry for a refused update or delete: the same change, made again. */
  function retryOf(entry: OutboxEntry): (() => void) | undefined {
    if (entry.kind === 'update') {
      return () => withRows(entry.items.map((item) => item.id), () => {
        const present = entry.items.filter((item) => collection.has(item.id));
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
      });
    }
    if (entry.kind === 'delete') {
      return () =>
        withRows(entry.ids, () => {
          const present = entry.ids.filter((id) => collection.has(id));
          if (present.length > 0) collection.delete(present);
        });
    }
    return undefined;
  }

  /**
   * Runs `write` once `ids` are in the collection. A long list is shown before the
   * collection has taken every row in (decision 081): rows not yet there are taken now,
   * which is at once unless another write is being saved (then when it settles).
   */
  function withRows(ids: readonly string[], write: () => void): void {
    const missing = ids.filter((id) => !collection.has(id) && sync.isUnfilled(id));
    if (missing.length === 0) write();
    else void sync.take(missing).then(write);
  }

  // The feed and the outbox start once the first load is shown: before that there is
  // no cursor to follow, and a write into the collection would be replaced by the load.
  collection.onFirstReady(() => sync.start());

  return Object.assign(collection, { todoSync: sync, withRows });
}

export type TodosCollection = ReturnType<typeof createTodosCollection>;
