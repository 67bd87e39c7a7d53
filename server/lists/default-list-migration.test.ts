/**
 * Existing data keeps working (issue 24, section 6; decision 093): todos stored under the
 * per-owner keys before lists existed appear in their owner's default list, without loss and
 * without moving. The migration is lazy: the default list's head and membership are made on the
 * owner's first request, pointing at the partition the todos already have. Items below are
 * written exactly as the code before lists wrote them.
 */
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { TOMBSTONE_RETENTION_DAYS } from '../../shared/limits';
import { failure, person, type ApiPerson } from '../testing/api-people';
import { startLocalApi, type LocalApi } from '../testing/local-api';
import { QUOTA_SORT_KEY } from '../todos/todo-quota';
import { encodeChangeCursor } from '../todos/todo-change-cursor';
import { ownerPartitionKey, todoSortKey } from '../todos/todo-keys';
import { defaultListId } from './list-keys';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

const at = '2026-11-20T10:00:00.000Z';

/** Two live todos, one tombstone and the counter, as stored before lists. */
async function storeLegacyTodos(owner: ApiPerson) {
  const [first, second, deleted] = [uuidv7(), uuidv7(), uuidv7()].sort() as [string, string, string];
  const pk = ownerPartitionKey(owner.id);
  const todo = (id: string, name: string) => ({ pk, sk: todoSortKey(id), entity: 'TODO', id, name, status: 'pending', createdAt: at, updatedAt: at, version: 1, changeKey: `${at}#${id}` });
  await api.table.documentClient.send(
    new BatchWriteCommand({
      RequestItems: {
        [api.table.tableName]: [
          todo(first, 'written before lists'),
          { ...todo(second, 'also before lists'), status: 'completed', version: 3 },
          {
            pk,
            sk: todoSortKey(deleted),
            entity: 'TODO',
            version: 2,
            updatedAt: at,
            deleted: true,
            changeKey: `${at}#${deleted}`,
            expiresAt: Date.parse(at) / 1000 + TOMBSTONE_RETENTION_DAYS * 86_400,
          },
          { pk, sk: QUOTA_SORT_KEY, count: 2 },
        ].map((Item) => ({ PutRequest: { Item } })),
      },
    }),
  );
  return { first, second, deleted, pk };
}

describe('todos stored before lists', () => {
  it('are the owner’s default list, for clients from before lists and for new ones alike, and nothing moved', async () => {
    const ann = await person(api, 'ann');
    const { first, second, pk } = await storeLegacyTodos(ann);
    const defaultList = defaultListId(ann.id);

    // A client from before lists: no listId anywhere.
    const old = await ann.api.todos.list.query();
    expect(old.items.map((t) => [t.id, t.name, t.status, t.version, t.listId])).toEqual([
      [first, 'written before lists', 'pending', 1, defaultList],
      [second, 'also before lists', 'completed', 3, defaultList],
    ]);
    // A client with lists.
    const { items: lists } = await ann.api.lists.list.query();
    expect(lists).toEqual([expect.objectContaining({ id: defaultList, isDefault: true, role: 'owner' })]);
    expect((await ann.api.todos.list.query({ listId: defaultList })).items).toEqual(old.items);
    // Updates and deletes reach them, with or without the listId.
    await ann.api.todos.update.mutate({ items: [{ id: first, changes: { status: 'completed' } }] });
    await ann.api.todos.update.mutate({ items: [{ id: second, listId: defaultList, changes: { name: 'renamed' } }] });
    // Nothing moved: the items are where they were, under the owner's partition.
    const stored = await api.table.documentClient.send(new GetCommand({ TableName: api.table.tableName, Key: { pk, sk: todoSortKey(first) } }));
    expect(stored.Item).toMatchObject({ id: first, status: 'completed', version: 2 });
  });

  it('keep their counter (the todo limit counts on) and their feed (deletes from before come through)', async () => {
    const ann = await person(api, 'ann');
    const { deleted, pk } = await storeLegacyTodos(ann);
    await ann.api.todos.create.mutate({ items: [{ name: 'after lists' }] });
    const counter = await api.table.documentClient.send(new GetCommand({ TableName: api.table.tableName, Key: { pk, sk: QUOTA_SORT_KEY } }));
    expect(counter.Item?.count).toBe(3);
    // A cursor a device took before the upgrade still works, through both feeds.
    const before = encodeChangeCursor({ settled: '2026-11-20T09:00:00.000Z', position: '2026-11-20T09:00:00.000Z' });
    const page = await ann.api.todos.changes.query({ cursor: before });
    expect(page.expired ? [] : page.changes).toContainEqual({ id: deleted, listId: defaultListId(ann.id), version: 2, updatedAt: at, deleted: true });
    const synced = await ann.api.sync.changes.query({ cursor: before });
    expect(synced.expired ? [] : synced.todos.map((t) => t.id)).toEqual(expect.arrayContaining([deleted]));
  });

  it('belong to their owner only: another person naming that default list gets a 404', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    await storeLegacyTodos(ann);
    expect(await failure(ben.api.todos.list.query({ listId: defaultListId(ann.id) }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
