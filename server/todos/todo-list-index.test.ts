/**
 * What a list costs after many deletes (decision 060): lists read the `liveTodos` index, which
 * tombstones leave, so a list reads exactly the live todos however many were deleted, and one
 * page never takes more than a fixed number of Query calls. Also: data written before that
 * index existed (in-place tombstones that keep their `id`) keeps working.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ITEMS_PER_WRITE, TOMBSTONE_RETENTION_DAYS } from '../../shared/limits';
import type { TodoChange, TodoChangesPage } from '../../shared/todo';
import { ensureTable } from '../dynamodb/create-table';
import { isListIndexUnreadable } from './list-index-unreadable';
import { createDocumentClient } from '../dynamodb/document-client';
import { startDynamoDbLocal, type DynamoDbLocal } from '../local/dynamodb-local';
import { localClient } from '../local/local-client';
import { countCommands, createTestClientFailingWith, createTestClientWithShortQueries } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository, MAX_QUERIES_PER_LIST_PAGE } from './dynamodb-todo-repository';
import { encodeChangeCursor } from './todo-change-cursor';
import { defaultTodoList } from '../lists/list-keys';
import { todoSortKey, type TodoListRef } from './todo-keys';

let table: TestTable;
let repo: DynamoDbTodoRepository;
/** A list of its own per test (a default list: the partition todos had before lists). */
const newOwner = () => defaultTodoList(`owner-${randomUUID()}`);

beforeAll(async () => {
  table = await createTestTable();
  repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName });
});

function changesOf(page: TodoChangesPage): TodoChange[] {
  if (page.expired) throw new Error('unexpected expired answer');
  return page.changes;
}

/** The Query calls of one list page, and how many items they read (billed, before any filter). */
async function measureList(owner: TodoListRef, options: { limit?: number } = {}) {
  const queries = countCommands(table, 'QueryCommand');
  try {
    const page = await repo.listPage(owner, options);
    return { page, calls: queries.count(), scanned: queries.scanned() };
  } finally {
    queries.stop();
  }
}

describe('a list after many deletes', () => {
  it('reads only the live todos: 1,000 deleted ones cost it nothing, even when they sort first', { timeout: 120_000 }, async () => {
    const deletes = 1000;
    const [fresh, deleter] = [newOwner(), newOwner()];
    const [kept] = await repo.create(fresh, [{ name: 'the one left' }]);
    const { changesCursor } = await repo.listPage(deleter);
    // Ids are client-chosen: the deleted todos get the lowest ids, so in key order every one of
    // their tombstones comes before the one live todo (the worst case for a read in key order).
    const ids = Array.from({ length: deletes + 1 }, () => uuidv7()).sort();
    for (let start = 0; start < ids.length; start += MAX_ITEMS_PER_WRITE) {
      await repo.create(deleter, ids.slice(start, start + MAX_ITEMS_PER_WRITE).map((id) => ({ id, name: `todo ${id}` })));
    }
    for (let start = 0; start < deletes; start += MAX_ITEMS_PER_WRITE) {
      await repo.delete(deleter, ids.slice(start, Math.min(start + MAX_ITEMS_PER_WRITE, deletes)));
    }
    const survivor = ids[deletes] ?? '';

    for (const options of [{ limit: 1 }, {}]) {
      const before = await measureList(fresh, options);
      const after = await measureList(deleter, options);
      expect(before.page.items.map((todo) => todo.id)).toEqual([kept?.id]);
      expect(after.page.items.map((todo) => todo.id)).toEqual([survivor]);
      // One Query, which read one item: exactly what the same list costs a user who never deleted.
      expect(after.calls).toBe(1);
      expect(after.scanned).toBe(1);
      expect({ calls: after.calls, scanned: after.scanned }).toEqual({ calls: before.calls, scanned: before.scanned });
    }
    // The deletes are all in the change feed, for the other devices.
    const feed: TodoChange[] = [];
    for (let cursor = changesCursor, more = true; more; ) {
      const page = await repo.changes(deleter, { cursor });
      feed.push(...changesOf(page));
      cursor = page.cursor;
      more = !page.expired && page.hasMore;
    }
    expect(new Set(feed.filter((change) => change.deleted).map((change) => change.id))).toEqual(new Set(ids.slice(0, deletes)));
  });

  it(`never makes more than ${MAX_QUERIES_PER_LIST_PAGE} Query calls for one page: a page cut short comes with a cursor`, async () => {
    const owner = newOwner();
    const created = await repo.create(owner, Array.from({ length: MAX_QUERIES_PER_LIST_PAGE * 2 + 1 }, (_, i) => ({ id: uuidv7(), name: `t${i}` })));
    // Every Query answered with one item only, as DynamoDB answers at 1 MB.
    const short = createTestClientWithShortQueries(table);
    const shortRepo = new DynamoDbTodoRepository({ client: short.documentClient, tableName: table.tableName });
    const first = await shortRepo.listPage(owner, { limit: 100 });
    expect(short.queries()).toBe(MAX_QUERIES_PER_LIST_PAGE);
    expect(first.items).toEqual(created.slice(0, MAX_QUERIES_PER_LIST_PAGE));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await shortRepo.listPage(owner, { limit: 100, cursor: first.nextCursor ?? '' });
    expect(short.queries()).toBe(2 * MAX_QUERIES_PER_LIST_PAGE);
    expect(second.items).toEqual(created.slice(MAX_QUERIES_PER_LIST_PAGE, 2 * MAX_QUERIES_PER_LIST_PAGE));
    const third = await shortRepo.listPage(owner, { limit: 100, cursor: second.nextCursor ?? '' });
    expect(third.items).toEqual(created.slice(2 * MAX_QUERIES_PER_LIST_PAGE));
  });
});

describe('data written before the list index (in-place tombstones that keep their id)', () => {
  // A DynamoDB Local of its own: on the run's shared instance, an index added to an existing
  // table now and then stayed CREATING for minutes while other test files kept it busy.
  let own: DynamoDbLocal | undefined;
  let client: DynamoDBClient;
  beforeAll(async () => {
    own = await startDynamoDbLocal();
    client = localClient(own.endpoint);
  }, 120_000);
  afterAll(async () => {
    client.destroy();
    await own?.stop();
  });

  it('gets the index on the existing table; lists skip the old tombstones, the feed still carries them, re-creating continues their versions', { timeout: 180_000 }, async () => {
    // A table as deployed before decision 060: the change feed's index only.
    const tableName = `todos-legacy-${randomUUID()}`;
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'changeKey', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byChange',
            KeySchema: [
              { AttributeName: 'pk', KeyType: 'HASH' },
              { AttributeName: 'changeKey', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['id', 'name', 'status', 'createdAt', 'updatedAt', 'version', 'deleted'] },
          },
        ],
      }),
    );
    const documentClient = createDocumentClient(client);
    const owner = newOwner();
    const [live, deleted] = [uuidv7(), uuidv7()].sort();
    const at = '2026-11-20T10:00:00.000Z';
    // Items exactly as the repository wrote them then: a live todo, and a tombstone that kept its id.
    await documentClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName]: [
            { pk: owner.partition, sk: todoSortKey(live ?? ''), entity: 'TODO', id: live, name: 'old but live', status: 'pending', createdAt: at, updatedAt: at, version: 1, changeKey: `${at}#${live}` },
            {
              pk: owner.partition,
              sk: todoSortKey(deleted ?? ''),
              entity: 'TODO',
              id: deleted,
              version: 4,
              updatedAt: at,
              deleted: true,
              changeKey: `${at}#${deleted}`,
              expiresAt: Date.parse(at) / 1000 + TOMBSTONE_RETENTION_DAYS * 86_400,
            },
          ].map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );

    const legacy = new DynamoDbTodoRepository({ client: documentClient, tableName, now: () => new Date('2026-11-20T10:01:00.000Z'), settleMs: 1000 });
    // New code before the index can be read (CloudFormation does not wait for it to be built):
    // DynamoDB refuses the index, and lists read the todo key range as before.
    expect((await legacy.listPage(owner)).items.map((todo) => [todo.id, todo.name])).toEqual([[live, 'old but live']]);

    // What the local stack does on start (CloudFormation does the same for a deployed table).
    await ensureTable(client, tableName);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]).sort()).toEqual([
      ['byChange', 'ACTIVE'],
      ['liveTodos', 'ACTIVE'],
    ]);

    // The old live todo is in the list (the index was built from the items already there), the old tombstone is not.
    expect((await legacy.listPage(owner)).items.map((todo) => [todo.id, todo.name])).toEqual([[live, 'old but live']]);
    const fromStart = encodeChangeCursor({ settled: '2026-11-20T00:00:00.000Z', position: '2026-11-20T00:00:00.000Z' });
    expect(changesOf(await legacy.changes(owner, { cursor: fromStart })).find((change) => change.id === deleted)).toEqual({
      id: deleted,
      listId: owner.listId,
      version: 4,
      updatedAt: at,
      deleted: true,
    });
    // Undo of a delete made before the index: the version counts on from the old tombstone.
    const [revived] = await legacy.create(owner, [{ id: deleted ?? '', name: 'back again' }]);
    expect(revived).toMatchObject({ id: deleted, version: 5 });
    // Deleting the old live todo now takes it out of the index like any other.
    await legacy.delete(owner, [live ?? '']);
    expect((await legacy.listPage(owner)).items.map((todo) => [todo.id, todo.name, todo.version])).toEqual([[deleted, 'back again', 5]]);
  });
});

describe('while a deploy is still building the list index', () => {
  const backfilling = () =>
    Object.assign(new Error('Cannot read from backfilling global secondary index: liveTodos'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } });

  it('lists read the todo key range (tombstones skipped), with cursors that carry on once the index is ready', async () => {
    const owner = newOwner();
    const created = await repo.create(owner, Array.from({ length: 5 }, (_, i) => ({ id: uuidv7(), name: `t${i}` })));
    await repo.delete(owner, [created[1]?.id ?? '']);
    const building = createTestClientFailingWith(table, 'ValidationException', {
      times: Infinity,
      commandName: 'QueryCommand',
      makeError: backfilling,
      when: (input) => (input as { IndexName?: string }).IndexName === 'liveTodos',
    });
    const during = new DynamoDbTodoRepository({ client: building.documentClient, tableName: table.tableName });
    const first = await during.listPage(owner, { limit: 2 });
    expect(building.attempts()).toBeGreaterThan(0);
    expect(first.items.map((todo) => todo.name)).toEqual(['t0', 't2']);
    // The next page from the index, as soon as it is ready: the same cursor.
    const second = await repo.listPage(owner, { cursor: first.nextCursor ?? '' });
    expect(second.items.map((todo) => todo.name)).toEqual(['t3', 't4']);
  });

  it('tells an index that is missing or being built from any other failure', () => {
    const validation = (message: string) => Object.assign(new Error(message), { name: 'ValidationException' });
    expect(isListIndexUnreadable(backfilling())).toBe(true);
    expect(isListIndexUnreadable(validation('The table does not have the specified index: liveTodos'))).toBe(true);
    expect(isListIndexUnreadable(validation('ExclusiveStartKey does not match the key schema'))).toBe(false);
    expect(isListIndexUnreadable(Object.assign(new Error('index'), { name: 'ThrottlingException' }))).toBe(false);
    expect(isListIndexUnreadable('index')).toBe(false);
  });
});
