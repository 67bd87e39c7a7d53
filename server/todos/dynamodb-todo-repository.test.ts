import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_ITEMS_PER_WRITE } from '../../shared/limits';
import type { Todo } from '../../shared/todo';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from './dynamodb-todo-repository';
import { TodoConflictError, TodoNotFoundError } from './todo-errors';
import { defaultTodoList } from '../lists/list-keys';
import { todoSortKey, type TodoListRef } from './todo-keys';
import { TooManyActionsError } from '../dynamodb/write-atomically';
import { UnprocessedItemsError } from '../dynamodb/unprocessed-items-error';
import { randomUUID } from 'node:crypto';
import { countCommands, createTestClientFailingWith, createTestClientWithUnprocessedKeys } from '../testing/dynamodb-fault-injection';

let table: TestTable;
let repo: DynamoDbTodoRepository;
/** Each test gets its own owner, i.e. its own partition, so tests never see each other's items. */
/** A list of its own per test (a default list: the partition todos had before lists). */
const newOwner = () => defaultTodoList(`owner-${randomUUID()}`);

/** Every todo of an owner, page after page, the way the web client reads them. */
async function listAll(owner: TodoListRef): Promise<Todo[]> {
  const todos: Todo[] = [];
  let cursor: string | undefined;
  do {
    const page = await repo.listPage(owner, cursor === undefined ? {} : { cursor });
    todos.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return todos;
}

beforeAll(async () => {
  table = await createTestTable();
  repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName });
});

describe('create', () => {
  it('stores a todo with server-set fields and keeps a client-supplied id', async () => {
    const owner = newOwner();
    const id = uuidv7();
    const [created] = await repo.create(owner, [{ id, name: 'Buy milk' }]);
    expect(created).toMatchObject({ id, name: 'Buy milk', status: 'pending', version: 1 });
    expect(created?.createdAt).toBe(created?.updatedAt);
    expect(new Date(created?.createdAt ?? '').getTime()).not.toBeNaN();
    expect(await listAll(owner)).toEqual([created]);
    // Stored under the owner's partition, marked as a todo (other entities will share the table).
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: owner.partition, sk: todoSortKey(id) } }),
    );
    expect(Item).toMatchObject({ entity: 'TODO', id, name: 'Buy milk' });
  });

  it('assigns a UUIDv7 when the caller omits the id', async () => {
    const [created] = await repo.create(newOwner(), [{ name: 'x' }]);
    expect(created?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is idempotent for a retried create with the same id and content', async () => {
    const owner = newOwner();
    const id = uuidv7();
    const [first] = await repo.create(owner, [{ id, name: 'same' }]);
    const [second] = await repo.create(owner, [{ id, name: 'same' }]);
    expect(second).toEqual(first);
    expect(await listAll(owner)).toHaveLength(1);
  });

  it('writes the new items of a batch whose other items were already stored (partial retry)', async () => {
    const owner = newOwner();
    const [a, b] = [uuidv7(), uuidv7()];
    const [storedA] = await repo.create(owner, [{ id: a, name: 'a' }]);
    const result = await repo.create(owner, [
      { id: a, name: 'a' },
      { id: b, name: 'b' },
    ]);
    expect(result[0]).toEqual(storedA);
    expect(result[1]).toMatchObject({ id: b, name: 'b', version: 1 });
    expect((await listAll(owner)).map((t) => t.id)).toEqual([a, b]);
  });

  it('reports a conflict when the id exists with other content, and writes nothing of the batch', async () => {
    const owner = newOwner();
    const [taken, fresh] = [uuidv7(), uuidv7()];
    await repo.create(owner, [{ id: taken, name: 'original' }]);
    const attempt = repo.create(owner, [
      { id: fresh, name: 'new' },
      { id: taken, name: 'different' },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(TodoConflictError);
    await expect(attempt).rejects.toMatchObject({ ids: [taken], reason: 'id-taken' });
    const stored = await listAll(owner);
    expect(stored.map((t) => t.name)).toEqual(['original']);
  });

  it('keeps owners apart: the same id under two owners are two items', async () => {
    const id = uuidv7();
    const [ownerA, ownerB] = [newOwner(), newOwner()];
    await repo.create(ownerA, [{ id, name: 'A' }]);
    await repo.create(ownerB, [{ id, name: 'B' }]);
    expect((await listAll(ownerA)).map((t) => t.name)).toEqual(['A']);
    expect((await listAll(ownerB)).map((t) => t.name)).toEqual(['B']);
  });

  it(`writes a batch of ${MAX_ITEMS_PER_WRITE} atomically and rejects more`, async () => {
    const owner = newOwner();
    const batch = Array.from({ length: MAX_ITEMS_PER_WRITE }, (_, i) => ({ id: uuidv7(), name: `item ${i}` }));
    await repo.create(owner, batch);
    expect(await listAll(owner)).toHaveLength(MAX_ITEMS_PER_WRITE);
    const tooMany = Array.from({ length: MAX_ITEMS_PER_WRITE + 1 }, (_, i) => ({ name: `x ${i}` }));
    await expect(repo.create(newOwner(), tooMany)).rejects.toBeInstanceOf(TooManyActionsError);
  });
});

describe('update', () => {
  it('applies partial changes, bumps version and updatedAt, returns the stored item', async () => {
    let clock = new Date('2026-01-01T00:00:00.000Z');
    const timedRepo = new DynamoDbTodoRepository({
      client: table.documentClient,
      tableName: table.tableName,
      now: () => clock,
    });
    const owner = newOwner();
    const [created] = await timedRepo.create(owner, [{ name: 'draft' }]);
    clock = new Date('2026-01-02T00:00:00.000Z');
    const [updated] = await timedRepo.update(owner, [{ id: created?.id ?? '', changes: { status: 'completed' } }]);
    expect(updated).toEqual({
      ...created,
      status: 'completed',
      version: 2,
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    expect(await listAll(owner)).toEqual([updated]);
  });

  it('fails with not-found for a missing item, and does not create it', async () => {
    const owner = newOwner();
    const missing = uuidv7();
    await expect(repo.update(owner, [{ id: missing, changes: { name: 'x' } }])).rejects.toMatchObject({
      name: 'TodoNotFoundError',
      ids: [missing],
    });
    expect(await listAll(owner)).toEqual([]);
  });

  it('fails with conflict when the expected version is stale, and leaves the item as it was', async () => {
    const owner = newOwner();
    const [created] = await repo.create(owner, [{ name: 'v1' }]);
    const id = created?.id ?? '';
    await repo.update(owner, [{ id, changes: { name: 'v2' }, expectedVersion: 1 }]);
    await expect(repo.update(owner, [{ id, changes: { name: 'v3' }, expectedVersion: 1 }])).rejects.toMatchObject({
      name: 'TodoConflictError',
      reason: 'version-mismatch',
    });
    expect((await listAll(owner))[0]).toMatchObject({ name: 'v2', version: 2 });
  });

  it('names the stale items of a multi-item update (transaction path) and changes none', async () => {
    const owner = newOwner();
    const [a, b, c] = await repo.create(owner, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    await repo.update(owner, [{ id: b?.id ?? '', changes: { name: 'b2' } }]);
    const attempt = repo.update(owner, [
      { id: a?.id ?? '', changes: { name: 'a3' }, expectedVersion: 1 },
      { id: b?.id ?? '', changes: { name: 'b3' }, expectedVersion: 1 },
      { id: c?.id ?? '', changes: { name: 'c3' } },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(TodoConflictError);
    await expect(attempt).rejects.toMatchObject({ ids: [b?.id], reason: 'version-mismatch' });
    expect((await listAll(owner)).map((t) => t.name)).toEqual(['a', 'b2', 'c']);
  });

  it('passes a database failure of an update through unchanged, for the API to answer 503', async () => {
    const failing = createTestClientFailingWith(table, 'InternalServerError', { times: 100, commandName: 'TransactWriteItemsCommand' });
    const broken = new DynamoDbTodoRepository({ client: failing.documentClient, tableName: table.tableName });
    const owner = newOwner();
    const created = await repo.create(owner, [{ name: 'a' }, { name: 'b' }]);
    await expect(
      broken.update(owner, created.map((t) => ({ id: t.id, changes: { name: 'x' } }))),
    ).rejects.toMatchObject({ name: 'InternalServerError' });
  });

  it('updates several items atomically: one missing item means none changes', async () => {
    const owner = newOwner();
    const created = await repo.create(owner, [{ name: 'a' }, { name: 'b' }]);
    const missing = uuidv7();
    const attempt = repo.update(owner, [
      ...created.map((t) => ({ id: t.id, changes: { status: 'completed' as const } })),
      { id: missing, changes: { status: 'completed' as const } },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(TodoNotFoundError);
    await expect(attempt).rejects.toMatchObject({ ids: [missing] });
    expect((await listAll(owner)).map((t) => t.status)).toEqual(['pending', 'pending']);

    const updated = await repo.update(
      owner,
      created.map((t) => ({ id: t.id, changes: { status: 'completed' as const } })),
    );
    expect(updated.map((t) => [t.name, t.status, t.version])).toEqual([
      ['a', 'completed', 2],
      ['b', 'completed', 2],
    ]);
  });

  it('retries unprocessed keys of the read-back and fails loudly when they never clear', async () => {
    const owner = newOwner();
    const created = await repo.create(owner, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const updates = created.map((t) => ({ id: t.id, changes: { status: 'completed' as const } }));

    // DynamoDB Local never throttles, so inject what DynamoDB does under load: answer
    // part of a BatchGetItem and hand the rest back as UnprocessedKeys.
    const flaky = createTestClientWithUnprocessedKeys(table, { times: 2 });
    const sleeps: number[] = [];
    const retrying = new DynamoDbTodoRepository({
      client: flaky.documentClient,
      tableName: table.tableName,
      backoff: { baseMs: 10, capMs: 100, maxAttempts: 5, sleep: (ms) => Promise.resolve(void sleeps.push(ms)) },
    });
    const updated = await retrying.update(owner, updates);
    expect(updated.map((t) => t.id)).toEqual(created.map((t) => t.id));
    expect(flaky.injected()).toBe(2);
    expect(sleeps).toHaveLength(2);

    const hopeless = createTestClientWithUnprocessedKeys(table, { times: Infinity });
    const giveUp = new DynamoDbTodoRepository({
      client: hopeless.documentClient,
      tableName: table.tableName,
      backoff: { baseMs: 1, capMs: 1, maxAttempts: 3, sleep: () => Promise.resolve() },
    });
    await expect(giveUp.update(owner, updates)).rejects.toBeInstanceOf(UnprocessedItemsError);
  });
});

describe('delete', () => {
  it('deletes several items at once and ignores ids that do not exist', async () => {
    const owner = newOwner();
    const [a, b, c] = await repo.create(owner, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const gone = uuidv7();
    expect(await repo.delete(owner, [a?.id ?? '', c?.id ?? '', gone])).toEqual([a?.id, c?.id, gone]);
    expect(await listAll(owner)).toEqual([b]);
  });

  it('cannot delete another owner’s item', async () => {
    const [ownerA, ownerB] = [newOwner(), newOwner()];
    const [todo] = await repo.create(ownerA, [{ name: 'mine' }]);
    await repo.delete(ownerB, [todo?.id ?? '']);
    expect(await listAll(ownerA)).toEqual([todo]);
  });
});

describe('list', () => {
  it('returns items in creation (UUIDv7) order and pages with an opaque cursor', async () => {
    const owner = newOwner();
    const created = await repo.create(
      owner,
      Array.from({ length: 5 }, (_, i) => ({ id: uuidv7(), name: `t${i}` })),
    );
    const first = await repo.listPage(owner, { limit: 2 });
    expect(first.items).toEqual(created.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await repo.listPage(owner, { limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items).toEqual(created.slice(2, 4));
    const third = await repo.listPage(owner, { limit: 2, cursor: second.nextCursor ?? '' });
    expect(third).toEqual({ items: created.slice(4), nextCursor: null, changesCursor: expect.any(String) as string });
  });

  it('reads only the todo’s fields of each item, not its keys or index attributes', async () => {
    const owner = newOwner();
    await repo.create(owner, [{ name: 'a' }, { name: 'b', status: 'completed' }]);
    const read: string[][] = [];
    const name = `record-list-reads-${randomUUID()}`;
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'QueryCommand') for (const item of (result.output as { Items?: object[] }).Items ?? []) read.push(Object.keys(item).sort());
        return result;
      },
      { step: 'initialize', name },
    );
    try {
      expect(await listAll(owner)).toHaveLength(2);
    } finally {
      table.client.middlewareStack.remove(name);
    }
    expect(read).toEqual([
      ['createdAt', 'id', 'name', 'status', 'updatedAt', 'version'],
      ['createdAt', 'id', 'name', 'status', 'updatedAt', 'version'],
    ]);
  });

  it('rejects a forged cursor', async () => {
    const forged = Buffer.from('OWNER#someone-else').toString('base64url');
    await expect(repo.listPage(newOwner(), { cursor: forged })).rejects.toMatchObject({ name: 'InvalidCursorError' });
  });

  it('follows LastEvaluatedKey past the 1 MB Query limit', async () => {
    const owner = newOwner();
    // 2,400 items of ~1 KB each ≈ 2.4 MB: DynamoDB answers one Query with at most 1 MB,
    // so listing all of them needs at least three Query pages.
    const count = 2400;
    const padding = 'x'.repeat(1000);
    const ids = Array.from({ length: count }, () => uuidv7());
    for (let start = 0; start < count; start += 25) {
      await table.documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [table.tableName]: ids.slice(start, start + 25).map((id) => ({
              PutRequest: {
                Item: {
                  pk: owner.partition,
                  sk: todoSortKey(id),
                  entity: 'TODO',
                  id,
                  name: padding,
                  status: 'pending',
                  createdAt: '2026-01-01T00:00:00.000Z',
                  updatedAt: '2026-01-01T00:00:00.000Z',
                  version: 1,
                },
              },
            })),
          },
        }),
      );
    }
    const queries = countCommands(table, 'QueryCommand');
    const all = await listAll(owner);
    expect(all).toHaveLength(count);
    expect(all.map((t) => t.id)).toEqual(ids);
    expect(queries.count()).toBeGreaterThanOrEqual(3);

    // A page asked for 1,000 items is also cut at 1 MB by DynamoDB; listPage still fills it.
    const page = await repo.listPage(owner, { limit: 1000 });
    expect(page.items).toHaveLength(1000);
    expect(page.items.map((t) => t.id)).toEqual(ids.slice(0, 1000));
    queries.stop();
  });
});
