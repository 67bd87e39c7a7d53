/**
 * Todos on the sync engine (sync/entity-sync.ts): the entity's definition, whose fields come
 * from its schema, and its procedures. Everything else — the local copy, the change feed, the
 * outbox, retries, conflicts — is the engine's, for every entity alike.
 */
import { pickFields } from '../../../shared/fields';
import { LIST_PAGE_SIZE_MAX } from '../../../shared/limits';
import { TODO_CONTENT_FIELDS, TODO_FIELDS, type Todo, type TodoChanges } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { UNBATCHED } from '../../api/trpc-links';
import type { EntityApi, EntityDefinition } from './sync/entity';
import { createEntitySync, type EntitySync, type EntitySyncOptions } from './sync/entity-sync';
import type { OutboxEntry } from './sync/outbox-entries';
import type { SyncedWriter as RowWriter } from './sync/synced-collection';

export { INGEST_CHUNK } from './sync/row-view';
export { LIST_RANGES } from './sync/loader';
export { quoted } from './sync/quoted';
export type { WriteOutcome } from './sync/outbox-sender';

export const todoEntity: EntityDefinition<Todo, TodoChanges> = {
  name: 'todos',
  singular: 'todo',
  someRow: 'a todo',
  fields: TODO_FIELDS,
  contentFields: TODO_CONTENT_FIELDS,
  label: (todo) => todo.name,
};

/**
 * The todos procedures. The list and the feed go through `feedApi`, its own client, so a poll
 * never shares an HTTP batch with a write; list pages travel alone (UNBATCHED).
 */
export function todosApi(api: TodosClient, feedApi: TodosClient): EntityApi<Todo, TodoChanges> {
  return {
    readFirstPage: (split, signal) => feedApi.todos.list.query({ limit: LIST_PAGE_SIZE_MAX, split }, { ...(signal && { signal }), context: UNBATCHED }),
    readPage: (cursor, signal) => feedApi.todos.list.query({ cursor, limit: LIST_PAGE_SIZE_MAX }, { signal, context: UNBATCHED }),
    readChanges: (cursor) => feedApi.todos.changes.query({ cursor }),
    // A new todo is its id and the fields a person writes (the rest is the server's).
    create: (rows) => api.todos.create.mutate({ items: rows.map((row) => ({ id: row.id, ...pickFields(row, TODO_CONTENT_FIELDS) })) }),
    update: (items) => api.todos.update.mutate({ items }),
    delete: (ids) => api.todos.delete.mutate({ ids }),
  };
}

export type TodoOutboxEntry = OutboxEntry<Todo, TodoChanges>;

/** The collection's writer (sync/synced-collection.ts), which puts rows into its synced state. */
export type SyncedWriter = RowWriter<Todo>;

export interface TodoSyncOptions extends Omit<EntitySyncOptions<Todo, TodoChanges>, 'entity' | 'api'> {
  /** Sends the writes. */
  api: TodosClient;
  /** Reads the list and the feed: its own client, so a poll never shares an HTTP batch with a write. */
  feedApi: TodosClient;
}

export function createTodoSync({ api, feedApi, ...options }: TodoSyncOptions): TodoSync {
  return createEntitySync({ entity: todoEntity, api: todosApi(api, feedApi), ...options });
}

export type TodoSync = EntitySync<Todo, TodoChanges>;
