/**
 * The per-user todo limit on DynamoDB Local: the counter is exact in normal use, never
 * lets an owner pass the limit (also with parallel creates), and heals when it has been
 * left too high (a crash between reserving and writing).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARTITION_KEY, SORT_KEY } from '../dynamodb/todos-table-keys';
import { createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from './dynamodb-todo-repository';
import { TodoConflictError, TodoLimitError } from './todo-errors';
import { defaultTodoList } from '../lists/list-keys';
import type { TodoListRef } from './todo-keys';
import { QUIET_MS, QUOTA_SORT_KEY, RECOUNT_INTERVAL_MS } from './todo-quota';

let table: TestTable;
beforeAll(async () => {
  table = await createTestTable();
});

/** A list of its own per test (a default list: the partition todos had before lists). */
const newOwner = () => defaultTodoList(`quota-${randomUUID()}`);
const todo = (name = 'x') => ({ id: uuidv7(), name });

function repository(todoLimit: number, now = () => new Date()) {
  return new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName, todoLimit, now });
}

const quotaKey = (owner: TodoListRef) => ({ [PARTITION_KEY]: owner.partition, [SORT_KEY]: QUOTA_SORT_KEY });

async function storedCount(owner: TodoListRef): Promise<unknown> {
  const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: quotaKey(owner) }));
  return Item?.count;
}

/** What a crash between reserving and writing leaves behind: a counter above the real number. */
async function setCounter(owner: TodoListRef, count: number, times: { countedAt?: number; reservedAt?: number } = {}) {
  await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: { ...quotaKey(owner), count, ...times } }));
}

async function countTodos(repo: DynamoDbTodoRepository, owner: TodoListRef) {
  return (await repo.listPage(owner)).items.length;
}

describe('per-user todo limit', () => {
  it('refuses a create that would pass the limit, all or nothing, naming the limit', async () => {
    const repo = repository(3);
    const owner = newOwner();
    await repo.create(owner, [todo(), todo()]);
    const refused = repo.create(owner, [todo(), todo()]);
    await expect(refused).rejects.toBeInstanceOf(TodoLimitError);
    await expect(refused).rejects.toMatchObject({ limit: 3 });
    expect(await countTodos(repo, owner)).toBe(2);
    await repo.create(owner, [todo()]);
    expect(await countTodos(repo, owner)).toBe(3);
    expect(await storedCount(owner)).toBe(3);
  });

  it('never keeps the counter item in the list', async () => {
    const repo = repository(5);
    const owner = newOwner();
    const created = await repo.create(owner, [todo('only')]);
    expect((await repo.listPage(owner)).items).toEqual(created);
  });

  it('gives room back on delete, exactly once per removed todo', async () => {
    const repo = repository(2);
    const owner = newOwner();
    const [a, b] = await repo.create(owner, [todo('a'), todo('b')]);
    await repo.delete(owner, [a?.id ?? '']);
    // A retried delete, and a batch with a missing id, free nothing more.
    await repo.delete(owner, [a?.id ?? '']);
    await repo.delete(owner, [uuidv7(), a?.id ?? '']);
    expect(await storedCount(owner)).toBe(1);
    await repo.create(owner, [todo('c')]);
    await expect(repo.create(owner, [todo('d')])).rejects.toBeInstanceOf(TodoLimitError);
    // A batch mixing existing and missing ids deletes the existing ones and frees their room.
    const c = (await repo.listPage(owner)).items.find((item) => item.name === 'c');
    expect(await repo.delete(owner, [b?.id ?? '', uuidv7(), c?.id ?? ''])).toHaveLength(3);
    expect(await countTodos(repo, owner)).toBe(0);
    expect(await storedCount(owner)).toBe(0);
  });

  it('takes no room for a retried create, and returns its rows even at the limit', async () => {
    const repo = repository(2);
    const owner = newOwner();
    const first = todo('first');
    const [stored] = await repo.create(owner, [first]);
    await repo.create(owner, [first]);
    await repo.create(owner, [first]);
    expect(await storedCount(owner)).toBe(1);
    await repo.create(owner, [todo('second')]);
    // Full now: the retry of a create that landed still gets its stored row...
    expect(await repo.create(owner, [first])).toEqual([stored]);
    // ...but a retry that also carries a new todo, or another name for the same id, does not.
    await expect(repo.create(owner, [first, todo('third')])).rejects.toBeInstanceOf(TodoLimitError);
    await expect(repo.create(owner, [{ ...first, name: 'renamed' }])).rejects.toBeInstanceOf(TodoLimitError);
  });

  it('gives room back when the create is refused for an id already taken', async () => {
    const repo = repository(3);
    const owner = newOwner();
    const taken = todo('mine');
    await repo.create(owner, [taken]);
    await expect(repo.create(owner, [{ ...taken, name: 'other' }, todo()])).rejects.toBeInstanceOf(TodoConflictError);
    expect(await storedCount(owner)).toBe(1);
    await repo.create(owner, [todo(), todo()]);
  });

  it('lets parallel creates of one owner reach the limit but never pass it', async () => {
    const repo = repository(5);
    const owner = newOwner();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => repo.create(owner, [todo()])));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(refused.every((r) => r.reason instanceof TodoLimitError)).toBe(true);
    expect(await countTodos(repo, owner)).toBe(5);
    expect(await storedCount(owner)).toBe(5);
  });

  it('does not count while creates may be between reserving and writing', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const repo = repository(3, () => now);
    const owner = newOwner();
    await repo.create(owner, [todo()]);
    // Reserved just now by a create that has not written yet: counting now would undercount.
    await setCounter(owner, 3, { reservedAt: now.getTime() });
    now = new Date(now.getTime() + QUIET_MS - 1);
    await expect(repo.create(owner, [todo()])).rejects.toBeInstanceOf(TodoLimitError);
    now = new Date(now.getTime() + 1);
    await repo.create(owner, [todo()]);
    expect(await storedCount(owner)).toBe(2);
  });

  it('corrects a counter left too high by counting, at most once per interval', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const repo = repository(3, () => now);
    const owner = newOwner();
    await repo.create(owner, [todo()]);
    await setCounter(owner, 3);
    // Refused by the counter, so the real number (1) is counted and the create goes through.
    await repo.create(owner, [todo()]);
    expect(await storedCount(owner)).toBe(2);

    // Too high again, but just counted: refused without counting again...
    await setCounter(owner, 3, { countedAt: now.getTime() });
    now = new Date(now.getTime() + RECOUNT_INTERVAL_MS - 1);
    await expect(repo.create(owner, [todo()])).rejects.toBeInstanceOf(TodoLimitError);
    expect(await storedCount(owner)).toBe(3);
    // ...until the interval has passed.
    now = new Date(now.getTime() + 1);
    await repo.create(owner, [todo()]);
    expect(await countTodos(repo, owner)).toBe(3);
    expect(await storedCount(owner)).toBe(3);
  });

  it('counts live todos only, on the list index or, while a deploy still builds it, on the todo key range', async () => {
    for (const indexReady of [true, false]) {
      const now = new Date('2026-11-26T12:00:00Z');
      const client = indexReady
        ? table.documentClient
        : createTestClientFailingWith(table, 'ValidationException', {
            times: Infinity,
            commandName: 'QueryCommand',
            makeError: () => Object.assign(new Error('Cannot read from backfilling global secondary index: liveTodos'), { name: 'ValidationException' }),
            when: (input) => (input as { IndexName?: string }).IndexName !== undefined,
          }).documentClient;
      const repo = new DynamoDbTodoRepository({ client, tableName: table.tableName, todoLimit: 3, now: () => now });
      const owner = newOwner();
      const created = await repo.create(owner, [todo(), todo(), todo()]);
      await repo.delete(owner, [created[0]?.id ?? '', created[1]?.id ?? '']);
      await setCounter(owner, 3);
      // Refused by the counter: the count finds 1 live todo (not the 2 tombstones), so 2 more fit.
      await repo.create(owner, [todo(), todo()]);
      expect(await storedCount(owner)).toBe(3);
    }
  });

  it('refuses, after counting, an owner who really is at the limit', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const repo = repository(2, () => now);
    const owner = newOwner();
    await repo.create(owner, [todo(), todo()]);
    now = new Date(now.getTime() + QUIET_MS);
    await expect(repo.create(owner, [todo()])).rejects.toBeInstanceOf(TodoLimitError);
    const { Item } = await table.documentClient.send(new GetCommand({ TableName: table.tableName, Key: quotaKey(owner) }));
    expect(Item).toMatchObject({ count: 2, countedAt: now.getTime() });
  });

  it('refuses one create bigger than the whole limit', async () => {
    const repo = repository(2);
    const owner = newOwner();
    await expect(repo.create(owner, [todo(), todo(), todo()])).rejects.toBeInstanceOf(TodoLimitError);
    expect(await countTodos(repo, owner)).toBe(0);
  });
});
