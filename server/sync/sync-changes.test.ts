/**
 * `sync.changes`, the one change feed: over HTTP for what it carries (lists, the todos of every
 * list, membership changes, a list taken away as a removal, every schema field), and through the
 * router with a clock the test moves for what it costs and for the skip window of the bumps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchema } from '../../shared/list';
import type { SyncChangesPage } from '../../shared/sync-page';
import { todoSchema } from '../../shared/todo';
import { createCaller } from '../app-router';
import { createDataStore } from '../dynamodb-data-store';
import { defaultListId } from '../lists/list-keys';
import { person, type ApiPerson } from '../testing/api-people';
import { startLocalApi, type LocalApi } from '../testing/local-api';
import { countCommands } from '../testing/dynamodb-fault-injection';
import { contextFor, userCaller } from '../testing/test-caller';
import { createTestTable, type TestTable } from '../testing/test-table';

type Page = Extract<SyncChangesPage, { expired: false }>;

function live(page: SyncChangesPage): Page {
  if (page.expired) throw new Error('expired');
  return page;
}

describe('over HTTP', () => {
  let api: LocalApi;
  beforeAll(async () => {
    api = await startLocalApi();
  });
  afterAll(() => api.stop());

  /** A person following the feed from their lists.list cursor. */
  async function follower(who: ApiPerson) {
    let cursor = (await who.api.lists.list.query()).changesCursor;
    return async () => {
      const page = live(await who.api.sync.changes.query({ cursor }));
      cursor = page.cursor;
      return page;
    };
  }

  it('carries lists, the todos of every list and membership changes; a list taken away arrives as a removal', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const [annPoll, benPoll] = await Promise.all([follower(ann), follower(ben)]);
    const [shared] = await ann.api.lists.create.mutate({ items: [{ name: 'Shared' }] });
    const listId = shared?.id ?? '';
    const [inDefault] = await ann.api.todos.create.mutate({ items: [{ name: 'in the default list' }] });
    const [inShared] = await ann.api.todos.create.mutate({ items: [{ name: 'in the shared list', listId }] });
    const { token } = await ann.api.lists.invite.mutate({ listId, role: 'editor' });
    await ben.api.lists.join.mutate({ token });
    const [fromBen] = await ben.api.todos.create.mutate({ items: [{ name: 'from ben', listId }] });
    await ann.api.lists.update.mutate({ items: [{ id: listId, changes: { name: 'Renamed' } }] });

    const annPage = await annPoll();
    expect(annPage.lists).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: defaultListId(ann.id), isDefault: true, deleted: false }),
        expect.objectContaining({ id: listId, name: 'Renamed', role: 'owner', memberCount: 2, version: 2, deleted: false }),
      ]),
    );
    expect(annPage.todos.map((t) => [t.id, t.listId])).toEqual(
      expect.arrayContaining([
        [inDefault?.id, defaultListId(ann.id)],
        [inShared?.id, listId],
        [fromBen?.id, listId],
      ]),
    );
    expect(annPage.reload).toEqual([]);

    const benPage = await benPoll();
    expect(benPage.lists).toContainEqual(expect.objectContaining({ id: listId, name: 'Renamed', role: 'editor', deleted: false }));
    expect(benPage.todos.map((t) => t.id)).toContain(fromBen?.id);
    // Nothing of ann's default list reaches ben.
    expect(benPage.todos.map((t) => t.id)).not.toContain(inDefault?.id);
    expect(benPage.lists.map((l) => l.id)).not.toContain(defaultListId(ann.id));

    await ann.api.lists.removeMember.mutate({ listId, userId: ben.id });
    const afterRemoval = await benPoll();
    expect(afterRemoval.lists).toContainEqual({ id: listId, deleted: true });
    expect(afterRemoval.lists).not.toContainEqual(expect.objectContaining({ id: listId, deleted: false }));
    expect(afterRemoval.todos.map((t) => t.listId)).not.toContain(listId);

    await ann.api.lists.delete.mutate({ ids: [listId] });
    const afterDelete = await annPoll();
    expect(afterDelete.lists).toContainEqual({ id: listId, deleted: true });
    expect(afterDelete.todos.map((t) => t.listId)).not.toContain(listId);
  });

  it('brings every field of the todo and list schemas from one person’s create to another person', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'fields' }] });
    const listId = list?.id ?? '';
    const { token } = await ann.api.lists.invite.mutate({ listId, role: 'viewer' });
    await ben.api.lists.join.mutate({ token });
    const benPoll = await follower(ben);
    const [created] = await ann.api.todos.create.mutate({ items: [{ name: 'every field', status: 'completed', listId }] });
    const page = await benPoll();
    const row = page.todos.find((t) => t.id === created?.id);
    expect(Object.keys(row ?? {}).sort()).toEqual([...Object.keys(todoSchema.shape), 'deleted'].sort());
    expect(row).toEqual({ ...created, deleted: false });
    const listRow = page.lists.find((l) => l.id === listId);
    expect(Object.keys(listRow ?? {}).sort()).toEqual([...Object.keys(listSchema.shape), 'deleted'].sort());
    // And through the old per-list feed.
    const { changesCursor } = await ben.api.todos.list.query({ listId });
    await ann.api.todos.update.mutate({ items: [{ id: created?.id ?? '', listId, changes: { name: 'changed' } }] });
    const perList = await ben.api.todos.changes.query({ listId, cursor: changesCursor });
    expect(perList.expired ? [] : perList.changes).toContainEqual({ ...created, name: 'changed', version: 2, updatedAt: expect.any(String) as string, deleted: false });
  });
});

describe('with a clock the test moves', () => {
  let table: TestTable;
  let clock = Date.parse('2026-12-01T10:00:00.000Z');
  const at = (seconds: number) => {
    clock = Date.parse('2026-12-01T10:00:00.000Z') + seconds * 1000;
  };
  beforeAll(async () => {
    table = await createTestTable();
  });
  const callerFor = (userId: string) =>
    createCaller(contextFor(userCaller(userId), createDataStore({ client: table.documentClient, tableName: table.tableName, now: () => new Date(clock) })));

  it.each([1, 10])('an idle poll with %i lists is one Query of the person’s own partition, nothing else', async (lists) => {
    at(0);
    const ann = callerFor(`idle-${lists}-${Date.now()}`);
    const { changesCursor } = await ann.lists.list();
    if (lists > 1) await ann.lists.create({ items: Array.from({ length: lists - 1 }, (_, i) => ({ name: `list ${i}` })) });
    for (const list of (await ann.lists.list()).items) await ann.todos.create({ items: [{ name: 'one', listId: list.id }] });
    at(60);
    const settled = live(await ann.sync.changes({ cursor: changesCursor })).cursor;
    const queries = countCommands(table, 'QueryCommand');
    const batchGets = countCommands(table, 'BatchGetItemCommand');
    try {
      const idle = live(await ann.sync.changes({ cursor: settled }));
      expect(idle).toMatchObject({ lists: [], todos: [], reload: [] });
      expect([queries.count(), queries.scanned(), batchGets.count()]).toEqual([1, 0, 0]);
    } finally {
      queries.stop();
      batchGets.stop();
    }
  });

  it('finds a write its writer made within the skip window of its last bump (no key moved), even when it lands late', async () => {
    at(-30);
    const writerId = `writer-${Date.now()}`;
    const writer = callerFor(writerId);
    await writer.lists.list();
    at(0);
    const { changesCursor } = await writer.lists.list();
    const [first] = await writer.todos.create({ items: [{ name: 'first: bumps' }] });
    at(16);
    const firstPage = live(await writer.sync.changes({ cursor: changesCursor }));
    expect(firstPage.todos.map((t) => t.id)).toEqual([first?.id]);
    // A request that started 3 s after the bump (so it bumps no one) and whose write lands only now.
    at(3);
    const [late] = await writer.todos.create({ items: [{ name: 'second: within the skip window' }] });
    at(40);
    const next = live(await writer.sync.changes({ cursor: firstPage.cursor }));
    expect(next.todos.map((t) => t.id)).toContain(late?.id);
  });

  it('names a list with more changes than the answer has room for in reload, instead of a part of them', async () => {
    at(0);
    const userId = `bulk-${Date.now()}`;
    const ann = callerFor(userId);
    const { changesCursor } = await ann.lists.list();
    await ann.todos.create({ items: Array.from({ length: 5 }, (_, i) => ({ name: `bulk ${i}` })) });
    const page = live(await ann.sync.changes({ cursor: changesCursor, limit: 3 }));
    expect(page.reload).toEqual([defaultListId(userId)]);
    expect(page.todos).toEqual([]);
    expect(live(await ann.sync.changes({ cursor: changesCursor, limit: 5 })).todos).toHaveLength(5);
  });
});
