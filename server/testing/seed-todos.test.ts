/**
 * Seeded todos are todos like any others (DynamoDB Local): the repository lists them in order,
 * stores exactly the attributes a create stores, feeds them to other devices, and counts them
 * towards the list's limit.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultTodoList } from '../lists/list-keys';
import { PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { DynamoDbTodoRepository } from '../todos/dynamodb-todo-repository';
import { todoKey } from '../todos/todo-keys';
import { QUOTA_SORT_KEY } from '../todos/todo-quota';
import { encodeChangeCursor } from '../todos/todo-change-cursor';
import { seedTodos } from './seed-todos';
import { createTestTable, type TestTable } from './test-table';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

const NOW = new Date('2026-12-05T12:00:00.000Z');
const names = (count: number) => Array.from({ length: count }, (_, i) => `seeded ${String(i).padStart(4, '0')}`);

describe('seedTodos', () => {
  it('stores every todo (more than one round of batches), in order, as the API lists them', async () => {
    const list = defaultTodoList(`seed-${randomUUID()}`);
    const repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName });
    const ids = await seedTodos({ client: table.documentClient, tableName: table.tableName, partition: list.partition, names: names(1_060) });
    const listed = [];
    let cursor: string | undefined;
    do {
      const page = await repo.listPage(list, { limit: 500, ...(cursor !== undefined && { cursor }) });
      listed.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(listed.map(({ name }) => name)).toEqual(names(1_060));
    expect(listed.map(({ id }) => id)).toEqual(ids);
    expect(listed.every(({ status, version }) => status === 'pending' && version === 1)).toBe(true);
  });

  it('stores the same attributes a create does, and the change feed carries them', async () => {
    const list = defaultTodoList(`seed-${randomUUID()}`);
    const repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName, now: () => NOW, settleMs: 0 });
    const [created] = await repo.create(list, [{ name: 'made by create' }]);
    const [seededId] = await seedTodos({ client: table.documentClient, tableName: table.tableName, partition: list.partition, names: ['made by seed'], now: () => NOW });
    const stored = async (id: string) => (await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: todoKey(list.partition, id) }))).Item ?? {};
    const attributesOf = (item: Record<string, unknown>) => Object.keys(item).sort();
    expect(attributesOf(await stored(seededId ?? ''))).toEqual(attributesOf(await stored(created?.id ?? '')));

    const before = new Date(NOW.getTime() - 60_000).toISOString();
    const feed = await repo.changes(list, { cursor: encodeChangeCursor({ settled: before, position: before }) });
    expect(feed.expired ? [] : feed.changes.map((change) => change.id)).toContain(seededId);
  });

  it('counts towards the list’s todo limit, as created todos do', async () => {
    const list = defaultTodoList(`seed-${randomUUID()}`);
    await seedTodos({ client: table.documentClient, tableName: table.tableName, partition: list.partition, names: names(30) });
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: { [PARTITION_KEY]: list.partition, [SORT_KEY]: QUOTA_SORT_KEY } }),
    );
    expect(Item?.count).toBe(30);
  });
});
