/**
 * Todos on the sync engine (sync/entity-sync.ts): the entity's definition, whose fields come
 * from its schema, and its procedures. Everything else — the local copy, the change feed, the
 * outbox, retries, conflicts — is the engine's, for every entity alike.
 */
import { pickFields } from '../../../shared/fields';
import { LIST_PAGE_SIZE_MAX } from '../../../shared/limits';
import { defaultListId } from '../../../shared/list-id';
import { TODO_CONTENT_FIELDS, TODO_FIELDS, type Todo, type TodoChanges } from '../../../shared/todo';
import type { TodosClient } from '../../api/create-todos-client';
import { UNBATCHED } from '../../api/trpc-links';
import type { EntityApi, EntityDefinition, FirstPage } from './sync/entity';
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
 * Where a todos list page continues: the server's cursor for the default list (what copies
 * stored before lists hold, too), `list <id> <cursor>` for another list, and `list <id> ` for
 * another list's start. The engine stores these in the copy's download state as they are.
 */
const LIST_PREFIX = 'list ';
const inList = (listId: string, cursor = '') => `${LIST_PREFIX}${listId} ${cursor}`;

function parseCursor(cursor: string): { listId: string | undefined; cursor: string | undefined } {
  if (!cursor.startsWith(LIST_PREFIX)) return { listId: undefined, cursor };
  const rest = cursor.slice(LIST_PREFIX.length);
  const space = rest.indexOf(' ');
  return { listId: rest.slice(0, space), cursor: rest.slice(space + 1) || undefined };
}

/** Rows grouped by where they are: one call per list (the server takes one list per call). */
function byList<T>(items: readonly T[], listOf: (item: T) => string | undefined): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const listId = listOf(item);
    groups.set(listId, [...(groups.get(listId) ?? []), item]);
  }
  return groups;
}

export interface TodosApiOptions {
  /** The person's default list: its todos are read and written without naming it (as before lists). */
  defaultList: string;
  /** The person's other lists, whose todos a whole download reads after the default list's. */
  otherLists?: () => Promise<string[]>;
}

/**
 * The todos procedures. The list and the feed go through `feedApi`, its own client, so a poll
 * never shares an HTTP batch with a write; list pages travel alone (UNBATCHED). A whole
 * download reads the default list first, then every other list as a further key range.
 */
export function todosApi(api: TodosClient, feedApi: TodosClient, { defaultList, otherLists = () => Promise.resolve([]) }: TodosApiOptions): EntityApi<Todo, TodoChanges> {
  const named = (listId: string | undefined) => (listId === undefined || listId === defaultList ? {} : { listId });
  const read = (listId: string | undefined, cursor: string | undefined, split: number | undefined, signal: AbortSignal | undefined) =>
    feedApi.todos.list.query(
      { ...named(listId), ...(cursor === undefined ? { ...(split !== undefined && { split }) } : { cursor }), limit: LIST_PAGE_SIZE_MAX },
      { ...(signal && { signal }), context: UNBATCHED },
    );
  /** A page's cursors, made to say which list they continue. */
  const cursorIn = (listId: string | undefined) => (cursor: string) => (listId === undefined || listId === defaultList ? cursor : inList(listId, cursor));
  const readPartition = async (listId: string | undefined, split: number | undefined, signal?: AbortSignal): Promise<FirstPage<Todo>> => {
    const page = await read(listId, undefined, split, signal);
    const wrap = cursorIn(listId);
    return {
      items: page.items,
      nextCursor: page.nextCursor === null ? null : wrap(page.nextCursor),
      ...(page.splitCursors && { splitCursors: page.splitCursors.map(wrap) }),
      changesCursor: page.changesCursor,
    };
  };
  const listOf = (id: string, where: (id: string) => string | undefined) => {
    const listId = where(id);
    return listId === defaultList ? undefined : listId;
  };
  return {
    async readFirstPage(split, signal) {
      // Side by side: the lists load while the default list's first page is read.
      const [first, lists] = await Promise.all([readPartition(undefined, split, signal), otherLists()]);
      const others = lists.filter((listId) => listId !== defaultList).map((listId) => inList(listId));
      if (others.length === 0) return first;
      // The other lists follow the default list's ranges, each read from its start.
      const rest = [...(first.nextCursor === null ? [] : [first.nextCursor]), ...(first.splitCursors ?? []), ...others];
      return { items: first.items, nextCursor: rest[0] ?? null, splitCursors: rest.slice(1), changesCursor: first.changesCursor };
    },
    async readPage(cursor, signal) {
      const where = parseCursor(cursor);
      const page = await read(where.listId, where.cursor, undefined, signal);
      return { items: page.items, nextCursor: page.nextCursor === null ? null : cursorIn(where.listId)(page.nextCursor) };
    },
    partitionOf: (todo) => todo.listId,
    readPartition: (listId, split, signal) => readPartition(listId, split, signal),
    // A new todo is its id and the fields a person writes (the rest is the server's).
    async create(rows) {
      const calls = [...byList(rows, (row) => (row.listId === defaultList ? undefined : row.listId))].map(([listId, group]) =>
        api.todos.create.mutate({ items: group.map((row) => ({ id: row.id, ...(listId && { listId }), ...pickFields(row, TODO_CONTENT_FIELDS) })) }),
      );
      return (await Promise.all(calls)).flat();
    },
    async update(items, where) {
      const calls = [...byList(items, (item) => listOf(item.id, where))].map(([listId, group]) =>
        api.todos.update.mutate({ items: listId === undefined ? group : group.map((item) => ({ ...item, listId })) }),
      );
      return (await Promise.all(calls)).flat();
    },
    async delete(ids, where) {
      const calls = [...byList(ids, (id) => listOf(id, where))].map(([listId, group]) => api.todos.delete.mutate({ ids: group, ...(listId && { listId }) }));
      return (await Promise.all(calls)).flat();
    },
  };
}

export type TodoOutboxEntry = OutboxEntry<Todo, TodoChanges>;

/** The collection's writer (sync/synced-collection.ts), which puts rows into its synced state. */
export type SyncedWriter = RowWriter<Todo>;

export interface TodoSyncOptions extends Omit<EntitySyncOptions<Todo, TodoChanges>, 'entity' | 'api'>, Partial<TodosApiOptions> {
  /** Sends the writes. */
  api: TodosClient;
  /** Reads the list and the feed: its own client, so a poll never shares an HTTP batch with a write. */
  feedApi: TodosClient;
}

/** A refused rename of one todo: the error banner's Retry reopens its editor with the name typed. */
export function renameOf(entry: TodoOutboxEntry): { id: string; name: string } | undefined {
  if (entry.kind !== 'update' || entry.items.length !== 1) return undefined;
  const [item] = entry.items;
  return item?.changes.name === undefined ? undefined : { id: item.id, name: item.changes.name };
}

export function createTodoSync({ api, feedApi, defaultList, otherLists, ...options }: TodoSyncOptions): TodoSync {
  const lists = { defaultList: defaultList ?? defaultListId(options.userId), ...(otherLists && { otherLists }) };
  return createEntitySync({ entity: todoEntity, api: todosApi(api, feedApi, lists), renameOf, ...options });
}

export type TodoSync = EntitySync<Todo, TodoChanges>;
