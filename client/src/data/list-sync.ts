/**
 * Lists on the sync engine (sync/entity-sync.ts), the second entity: its definition, whose
 * fields come from its schema, and its procedures. A person has at most LISTS_PER_PERSON_MAX
 * lists, so the whole entity is one page (`lists.list`); its changes come with the person's
 * one change feed (person-sync.ts), which also says when a list is taken away.
 */
import { pickFields } from '../../../shared/fields';
import { LIST_CONTENT_FIELDS, LIST_FIELDS, type List, type ListChanges } from '../../../shared/list';
import type { TodosClient } from '../../api/create-todos-client';
import { UNBATCHED } from '../../api/trpc-links';
import type { EntityApi, EntityDefinition } from './sync/entity';
import { createEntitySync, type EntitySync, type EntitySyncOptions } from './sync/entity-sync';
import type { OutboxEntry } from './sync/outbox-entries';

export const listEntity: EntityDefinition<List, ListChanges> = {
  name: 'lists',
  singular: 'list',
  someRow: 'a list',
  fields: LIST_FIELDS,
  contentFields: LIST_CONTENT_FIELDS,
  label: (list) => list.name,
};

/** The lists procedures; reads go through `feedApi`, alone in their request. */
export function listsApi(api: TodosClient, feedApi: TodosClient): EntityApi<List, ListChanges> {
  const readAll = async (signal?: AbortSignal) => {
    const page = await feedApi.lists.list.query(undefined, { ...(signal && { signal }), context: UNBATCHED });
    return { items: page.items, nextCursor: null, changesCursor: page.changesCursor };
  };
  return {
    readFirstPage: (_split, signal) => readAll(signal),
    // Every list is on the first page.
    readPage: () => Promise.resolve({ items: [], nextCursor: null }),
    // A list is its own partition: taken away (left, removed, deleted) as a whole.
    partitionOf: (list) => list.id,
    async readPartition(id, _split, signal) {
      const page = await readAll(signal);
      return { ...page, items: page.items.filter((list) => list.id === id) };
    },
    // A new list is its id and the fields a person writes (the rest is the server's).
    create: (rows) => api.lists.create.mutate({ items: rows.map((row) => ({ id: row.id, ...pickFields(row, LIST_CONTENT_FIELDS) })) }),
    update: (items) => api.lists.update.mutate({ items }),
    delete: (ids) => api.lists.delete.mutate({ ids }),
  };
}

export type ListOutboxEntry = OutboxEntry<List, ListChanges>;

export interface ListSyncOptions extends Omit<EntitySyncOptions<List, ListChanges>, 'entity' | 'api'> {
  api: TodosClient;
  feedApi: TodosClient;
}

export function createListSync({ api, feedApi, ...options }: ListSyncOptions): ListSync {
  return createEntitySync({ entity: listEntity, api: listsApi(api, feedApi), ...options });
}

export type ListSync = EntitySync<List, ListChanges>;
