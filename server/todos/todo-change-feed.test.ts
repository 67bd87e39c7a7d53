/**
 * `changes` against DynamoDB Local: order, paging, tombstones, the horizon and owner
 * isolation. The clock is injected, so the settle window and the tombstone horizon are
 * exact. (The proof with concurrent writers is todo-change-feed-concurrency.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOMBSTONE_RETENTION_DAYS } from '../../shared/limits';
import type { TodoChange, TodoChangesPage } from '../../shared/todo';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository } from './dynamodb-todo-repository';
import { decodeChangeCursor, encodeChangeCursor } from './todo-change-cursor';
import { InvalidCursorError, TodoNotFoundError } from './todo-errors';
import { defaultTodoList } from '../lists/list-keys';
import { todoSortKey } from './todo-keys';

let table: TestTable;
/** A list of its own per test (a default list: the partition todos had before lists). */
const newOwner = () => defaultTodoList(`owner-${randomUUID()}`);
const DAY = 86_400_000;
const EARLIER = '2026-11-26T09:00:00.000Z';

/** A repository on a clock the test moves; settle window 1 s. */
function repositoryAt(start: string) {
  let time = Date.parse(start);
  const repo = new DynamoDbTodoRepository({
    client: table.documentClient,
    tableName: table.tableName,
    now: () => new Date(time),
    settleMs: 1000,
  });
  return { repo, tick: (ms: number) => (time += ms) };
}

/** The one element of a list (fails the test otherwise). */
function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

function changesOf(page: TodoChangesPage): TodoChange[] {
  if (page.expired) throw new Error('unexpected expired answer');
  return page.changes;
}

beforeAll(async () => {
  table = await createTestTable();
});

describe('todos.changes', () => {
  it('returns creates, updates and deletes after the list’s cursor, oldest first, deletes as tombstones', async () => {
    const owner = newOwner();
    const { repo, tick } = repositoryAt('2026-11-26T10:00:00.000Z');
    const kept = only(await repo.create(owner, [{ id: uuidv7(), name: 'kept' }]));
    const gone = only(await repo.create(owner, [{ id: uuidv7(), name: 'gone' }]));
    tick(5000);
    const listed = await repo.listPage(owner);
    expect(listed.items.map((todo) => todo.name)).toEqual(['kept', 'gone']);

    tick(10);
    const added = only(await repo.create(owner, [{ id: uuidv7(), name: 'added' }]));
    tick(10);
    const renamed = only(await repo.update(owner, [{ id: kept.id, changes: { name: 'renamed' } }]));
    tick(10);
    await repo.delete(owner, [gone.id]);

    const page = await repo.changes(owner, { cursor: listed.changesCursor });
    expect(page).toMatchObject({ expired: false, hasMore: false });
    expect(changesOf(page)).toEqual([
      { ...added, deleted: false },
      { ...renamed, deleted: false },
      { id: gone.id, listId: owner.listId, version: 2, updatedAt: '2026-11-26T10:00:05.030Z', deleted: true },
    ]);
    // The tombstone keeps no content, and the list never shows it.
    expect((await repo.listPage(owner)).items.map((todo) => todo.name)).toEqual(['renamed', 'added']);
  });

  it('keeps a tombstone for the retention period (TTL) without its content, and without the id that puts a todo in lists', async () => {
    const owner = newOwner();
    const { repo } = repositoryAt('2026-11-26T10:00:00.000Z');
    const todo = only(await repo.create(owner, [{ id: uuidv7(), name: 'secret' }]));
    await repo.delete(owner, [todo.id]);
    const { Item } = await table.documentClient.send(
      new GetCommand({ TableName: table.tableName, Key: { pk: owner.partition, sk: todoSortKey(todo.id) } }),
    );
    expect(Item).toEqual({
      pk: owner.partition,
      sk: todoSortKey(todo.id),
      entity: 'TODO',
      version: 2,
      updatedAt: '2026-11-26T10:00:00.000Z',
      deleted: true,
      changeKey: `2026-11-26T10:00:00.000Z#${todo.id}`,
      expiresAt: Date.parse('2026-11-26T10:00:00.000Z') / 1000 + TOMBSTONE_RETENTION_DAYS * 86_400,
    });
  });

  it('treats a deleted todo as gone for updates and deletes', async () => {
    const owner = newOwner();
    const { repo } = repositoryAt('2026-11-26T10:00:00.000Z');
    const todo = only(await repo.create(owner, [{ id: uuidv7(), name: 'a' }]));
    const other = only(await repo.create(owner, [{ id: uuidv7(), name: 'b' }]));
    await repo.delete(owner, [todo.id]);
    await expect(repo.update(owner, [{ id: todo.id, changes: { status: 'completed' } }])).rejects.toThrow(TodoNotFoundError);
    await expect(
      repo.update(owner, [
        { id: other.id, changes: { status: 'completed' } },
        { id: todo.id, changes: { status: 'completed' }, expectedVersion: 2 },
      ]),
    ).rejects.toMatchObject({ ids: [todo.id] });
    // A retried delete changes nothing: the tombstone's version stays.
    expect(await repo.delete(owner, [todo.id])).toEqual([todo.id]);
    const feed = changesOf(await repo.changes(owner, { cursor: encodeChangeCursor({ settled: EARLIER, position: EARLIER }) }));
    expect(feed.filter((change) => change.id === todo.id)).toEqual([
      { id: todo.id, listId: owner.listId, version: 2, updatedAt: '2026-11-26T10:00:00.000Z', deleted: true },
    ]);
  });

  it('creates a deleted id again with the version counting on, so devices that saw the delete take it', async () => {
    const owner = newOwner();
    const { repo, tick } = repositoryAt('2026-11-26T10:00:00.000Z');
    const [first, second] = await repo.create(owner, [
      { id: uuidv7(), name: 'a' },
      { id: uuidv7(), name: 'b' },
    ]);
    if (!first || !second) throw new Error('two todos expected');
    await repo.delete(owner, [first.id, second.id]);
    tick(10);
    // One of a batch over a tombstone, one over a free key, in one transaction.
    const fresh = uuidv7();
    const again = await repo.create(owner, [
      { id: first.id, name: 'a again' },
      { id: fresh, name: 'new' },
    ]);
    expect(again.map(({ id, name, version }) => ({ id, name, version }))).toEqual([
      { id: first.id, name: 'a again', version: 3 },
      { id: fresh, name: 'new', version: 1 },
    ]);
    // Alone (a single Put), and idempotent when retried.
    const b = only(await repo.create(owner, [{ id: second.id, name: 'b again', status: 'completed' }]));
    expect(b).toMatchObject({ version: 3, status: 'completed', createdAt: '2026-11-26T10:00:00.010Z' });
    expect(only(await repo.create(owner, [{ id: second.id, name: 'b again', status: 'completed' }]))).toEqual(b);
    expect((await repo.listPage(owner)).items.map((todo) => todo.name)).toEqual(['a again', 'b again', 'new']);
    const feed = changesOf(await repo.changes(owner, { cursor: encodeChangeCursor({ settled: EARLIER, position: EARLIER }) }));
    expect(feed.filter((change) => change.id === first.id)).toEqual([{ ...again[0], deleted: false }]);
  });

  it('converges every device through delete, re-create (Undo) and delete again, however often each one polls', async () => {
    const owner = newOwner();
    const { repo, tick } = repositoryAt('2026-11-26T10:00:00.000Z');
    /** A device: its copy (highest version of each id, tombstones kept) and its feed cursor. */
    const device = async () => {
      const rows = new Map<string, TodoChange>();
      const { items, changesCursor } = await repo.listPage(owner);
      for (const todo of items) rows.set(todo.id, { ...todo, deleted: false });
      let cursor = changesCursor;
      return {
        async poll() {
          for (let more = true; more; ) {
            const page = await repo.changes(owner, { cursor });
            for (const change of changesOf(page)) {
              const known = rows.get(change.id);
              if (!known || change.version > known.version) rows.set(change.id, change);
            }
            cursor = page.cursor;
            more = !page.expired && page.hasMore;
          }
        },
        live: () => [...rows.values()].filter((row) => !row.deleted).map((row) => [row.id, row.version]),
      };
    };
    const done = await repo.create(owner, [
      { id: uuidv7(), name: 'done 1', status: 'completed' },
      { id: uuidv7(), name: 'done 2', status: 'completed' },
    ]);
    const ids = done.map((todo) => todo.id);
    tick(2000);
    const [eager, late] = [await device(), await device()];
    // "Clear completed", seen by the eager device, then "Undo" (the same ids again).
    tick(10);
    await repo.delete(owner, ids);
    tick(2000);
    await eager.poll();
    expect(eager.live()).toEqual([]);
    tick(10);
    await repo.create(owner, done.map(({ id, name, status }) => ({ id, name, status })));
    tick(2000);
    await eager.poll();
    await late.poll();
    const table = (await repo.listPage(owner)).items.map((todo) => [todo.id, todo.version]);
    expect(table).toEqual(ids.map((id) => [id, 3]));
    expect(eager.live()).toEqual(table);
    expect(late.live()).toEqual(table);
    // And deleted once more: both learn it, whatever they saw in between.
    tick(10);
    await repo.delete(owner, ids);
    tick(2000);
    await Promise.all([eager.poll(), late.poll()]);
    expect([eager.live(), late.live(), (await repo.listPage(owner)).items]).toEqual([[], [], []]);
  });

  it('pages through a backlog with hasMore and then returns only the last settle window again', async () => {
    const owner = newOwner();
    const { repo, tick } = repositoryAt('2026-11-26T10:00:00.000Z');
    const start = (await repo.listPage(owner)).changesCursor;
    const created = [];
    for (let index = 0; index < 5; index++) {
      tick(100);
      created.push(...(await repo.create(owner, [{ id: uuidv7(), name: `t${index}` }])));
    }
    // Now 10:00:00.500; the horizon is 09:59:59.500, so all five are still settling.
    const first = await repo.changes(owner, { cursor: start, limit: 2 });
    expect(first).toMatchObject({ expired: false, hasMore: true });
    expect(changesOf(first).map((change) => change.id)).toEqual(created.slice(0, 2).map((todo) => todo.id));
    if (first.expired) return;
    const second = await repo.changes(owner, { cursor: first.cursor, limit: 2 });
    const third = await repo.changes(owner, { cursor: second.cursor, limit: 2 });
    expect(changesOf(second).map((change) => change.id)).toEqual(created.slice(2, 4).map((todo) => todo.id));
    expect(changesOf(third).map((change) => change.id)).toEqual(created.slice(4).map((todo) => todo.id));
    expect(third).toMatchObject({ hasMore: false });

    // Not settled yet: the next poll reads them all again (clients keep the newer version).
    const again = await repo.changes(owner, { cursor: third.cursor });
    expect(changesOf(again)).toHaveLength(5);
    // Once the window has passed, a poll settles them and an idle poll returns nothing.
    tick(2000);
    const settled = await repo.changes(owner, { cursor: again.cursor });
    expect(changesOf(settled)).toHaveLength(5);
    const idle = await repo.changes(owner, { cursor: settled.cursor });
    expect(idle).toMatchObject({ expired: false, changes: [], hasMore: false });
    expect(decodeChangeCursor(idle.cursor).settled).toBe('2026-11-26T10:00:01.500Z');
  });

  it('answers expired for a cursor older than the tombstone horizon, with a cursor to continue after a reload', async () => {
    const owner = newOwner();
    const { repo, tick } = repositoryAt('2026-11-26T10:00:00.000Z');
    const old = (await repo.listPage(owner)).changesCursor;
    tick(TOMBSTONE_RETENTION_DAYS * DAY - 2 * 3_600_000);
    expect(await repo.changes(owner, { cursor: old })).toMatchObject({ expired: false });
    tick(3_600_000);
    const expired = await repo.changes(owner, { cursor: old });
    expect(expired.expired).toBe(true);
    // The fresh cursor lies one settle window behind now, so it sees what happens during the reload.
    expect(decodeChangeCursor(expired.cursor).settled).toBe(new Date(Date.parse('2026-11-26T09:59:59.000Z') + TOMBSTONE_RETENTION_DAYS * DAY - 3_600_000).toISOString());
  });

  it('returns only the caller’s changes', async () => {
    const alice = newOwner();
    const bob = newOwner();
    const { repo } = repositoryAt('2026-11-26T10:00:00.000Z');
    const cursor = (await repo.listPage(alice)).changesCursor;
    const mine = only(await repo.create(alice, [{ id: uuidv7(), name: 'mine' }]));
    const theirs = only(await repo.create(bob, [{ id: uuidv7(), name: 'theirs' }]));
    await repo.delete(bob, [theirs.id]);
    expect(changesOf(await repo.changes(alice, { cursor }))).toEqual([{ ...mine, deleted: false }]);
  });

  it('rejects a forged cursor as a client error', async () => {
    const { repo } = repositoryAt('2026-11-26T10:00:00.000Z');
    await expect(repo.changes(newOwner(), { cursor: 'bm9wZQ' })).rejects.toThrow(InvalidCursorError);
  });

  it('does not count tombstones against the per-user limit', async () => {
    const owner = newOwner();
    const repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName, todoLimit: 2 });
    const created = await repo.create(owner, [
      { id: uuidv7(), name: 'a' },
      { id: uuidv7(), name: 'b' },
    ]);
    await repo.delete(owner, created.map((todo) => todo.id));
    await expect(
      repo.create(owner, [
        { id: uuidv7(), name: 'c' },
        { id: uuidv7(), name: 'd' },
      ]),
    ).resolves.toHaveLength(2);
  });
});
