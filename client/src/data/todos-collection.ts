/**
 * The todos collection: TanStack DB's local, reactive copy of one signed-in person's todos,
 * a definition over the sync engine (sync/entity-collection.ts, sync/entity-sync.ts) with
 * the todos entity (todo-sync.ts). A new person gets a new collection (see user-data.ts);
 * nothing is shared between people. While a row has a write waiting its key is in
 * `savingRows` (the UI marks the row).
 */
import type { Todo, TodoChanges } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { isUnauthorized } from './auth-errors';
import { LIST_LOAD_RETRIES, listLoadRetryDelayMs } from './list-load-retry';
import { memoryStore, type LocalStore } from './local-store';
import type { PageActivity } from './page-activity';
import type { OutboxOrder } from './sync/outbox-sender';
import { createEntityCollection } from './sync/entity-collection';
import { quoted } from './sync/quoted';
import { createTodoSync, todoEntity } from './todo-sync';
import type { LockRunner } from './web-lock';

export { quoted };

export interface TodosCollectionOptions {
  /** Whose todos these are (the access token decides on the server; this scopes the caches). */
  userId: string;
  /** Where the local copy is kept (default: memory only; the web app passes IndexedDB). */
  store?: LocalStore;
  /** The client for the list and the change feed (default: `api`; the app gives it its own batching). */
  feedApi?: TodosClient;
  activity?: PageActivity;
  lock?: LockRunner;
  /** The person's lists besides the default one, whose todos a whole download reads too. */
  otherLists?: () => Promise<string[]>;
  /** The lists' outbox: sent before this one (a todo may be in a list made offline). */
  after?: OutboxOrder;
}

export function createTodosCollection(api: TodosClient, { userId, store = memoryStore(), feedApi = api, activity, lock, otherLists, after }: TodosCollectionOptions) {
  return createEntityCollection<Todo, TodoChanges>({
    entity: todoEntity,
    id: `todos:${userId}`,
    createSync: (hooks) => createTodoSync({ userId, api, feedApi, store, activity, lock, ...(otherLists && { otherLists }), ...(after && { after }), ...hooks }),
    // A 401 will not pass on a second try: the person has to sign in again.
    retry: { retries: LIST_LOAD_RETRIES, delayMs: listLoadRetryDelayMs, retryable: (error) => !isUnauthorized(error) },
    describeUpdate: (original, changes) =>
      changes.status === undefined ? undefined : `mark ${quoted(original.name)} as ${changes.status === 'completed' ? 'completed' : 'active'}`,
  });
}

export type TodosCollection = ReturnType<typeof createTodosCollection>;
