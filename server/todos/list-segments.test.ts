/**
 * A list read in key ranges side by side (`split`, decision 101): the ranges together are the
 * whole list, each todo once and in list order, whatever the ids look like, and whatever is
 * written or deleted while they are read.
 */
import { randomUUID } from 'node:crypto';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Todo, TodoPage } from '../../shared/todo';
import { defaultTodoList } from '../lists/list-keys';
import { countCommands, createTestClientFailingWith } from '../testing/dynamodb-fault-injection';
import { createTestTable, type TestTable } from '../testing/test-table';
import { DynamoDbTodoRepository, newTodoItem } from './dynamodb-todo-repository';
import { rangesWorthReading, splitPoints } from './list-segments';
import { decodeCursor, encodeCursor, todoSortKey, type TodoListRef } from './todo-keys';
import { InvalidCursorError } from './todo-errors';
import { batchWriteAll } from '../dynamodb/batch-write';

let table: TestTable;
let repo: DynamoDbTodoRepository;
const newList = () => defaultTodoList(`owner-${randomUUID()}`);

beforeAll(async () => {
  table = await createTestTable();
  repo = new DynamoDbTodoRepository({ client: table.documentClient, tableName: table.tableName });
});

/** A UUIDv7 made at `ms` (the random part random): ids spread over time as a person makes them. */
const idAt = (ms: number) => uuidv7({ msecs: ms });

/** Stores todos with these ids (in any order), as `create` would. */
async function store(list: TodoListRef, ids: readonly string[]) {
  const at = new Date().toISOString();
  await batchWriteAll(
    table.documentClient,
    table.tableName,
    ids.map((id, index) => ({ PutRequest: { Item: newTodoItem(list.partition, id, { name: `todo ${index}` }, at) } })),
  );
}

/** Reads one range page after page until its end. */
async function readRange(read: (cursor: string) => Promise<TodoPage>, cursor: string | null): Promise<Todo[]> {
  const todos: Todo[] = [];
  for (let next = cursor; next !== null; ) {
    const page = await read(next);
    todos.push(...page.items);
    next = page.nextCursor;
  }
  return todos;
}

/** A split read the way the web client does it: the first page, then every range side by side. */
async function readSplit(list: TodoListRef, { split, limit, repository = repo }: { split: number; limit: number; repository?: DynamoDbTodoRepository }) {
  const first = await repository.listPage(list, { limit, split });
  const ranges = [first.nextCursor, ...(first.splitCursors ?? [])];
  const rest = await Promise.all(ranges.map((cursor) => readRange((next) => repository.listPage(list, { cursor: next, limit }), cursor)));
  return { first, ranges: rest, ids: [first.items, ...rest].flat().map((todo) => todo.id) };
}

describe('split points', () => {
  it('fall evenly between the first page and the last id, on the creation millisecond of UUIDv7 ids', () => {
    const points = splitPoints(idAt(1_000_000), idAt(1_000_400), 4);
    expect(points).toHaveLength(3);
    expect(points.map((point) => Number.parseInt(point.replaceAll('-', '').slice(0, 12), 16))).toEqual([1_000_100, 1_000_200, 1_000_300]);
    // The end of a millisecond: every id made in it is at or below the point.
    for (const point of points) expect(point).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-ffff-ffff-ffffffffffff$/);
    expect(idAt(1_000_100) < (points[0] ?? '')).toBe(true);
    expect(idAt(1_000_101) > (points[0] ?? '')).toBe(true);
  });

  it('are never handed out for ranges that could only be empty', () => {
    expect(splitPoints(idAt(5), idAt(5), 4)).toEqual([]);
    expect(splitPoints(idAt(6), idAt(5), 4)).toEqual([]);
    // Two milliseconds apart: one point (the end of the first), not three.
    expect(splitPoints(idAt(5), idAt(6), 4)).toEqual(['00000000-0005-ffff-ffff-ffffffffffff']);
  });
});

describe('ranges worth reading', () => {
  // A first page of 2,500 todos made one a millisecond, and the list's last id further on.
  const first = { firstId: idAt(1_000_000), afterId: idAt(1_002_499), pageItems: 2500 };

  it('are about one per page of the rest, guessed from the first page, and never fewer than 4', () => {
    // 20,000 todos: 17,500 after the first page, seven pages' worth; 25,000: nine, so all 8.
    expect(rangesWorthReading(first, idAt(1_019_999), 2500, 8)).toBe(7);
    expect(rangesWorthReading(first, idAt(1_024_999), 2500, 8)).toBe(8);
    // 10,000 todos, or a rest the guess puts at nothing (it may be a dense import after old todos): 4, as before the guess.
    expect(rangesWorthReading(first, idAt(1_009_999), 2500, 8)).toBe(4);
    expect(rangesWorthReading(first, idAt(1_002_500), 2500, 8)).toBe(4);
  });

  it('are never more than asked for', () => {
    expect(rangesWorthReading(first, idAt(1_099_999), 2500, 8)).toBe(8);
    expect(rangesWorthReading(first, idAt(1_099_999), 2500, 3)).toBe(3);
    expect(rangesWorthReading(first, idAt(1_002_500), 2500, 2)).toBe(2);
    // Every id of the first page made in one millisecond: the rest is guessed dense, not divided by zero.
    expect(rangesWorthReading({ firstId: idAt(7), afterId: idAt(7), pageItems: 100 }, idAt(9), 10, 8)).toBe(8);
  });
});

describe('a split list read', () => {
  it('gives every todo once, in list order, over ranges read side by side (UUIDv7 ids spread over time)', async () => {
    const list = newList();
    const ids = Array.from({ length: 90 }, (_, index) => idAt(1_700_000_000_000 + index * 1000 + (index % 7) * 37)).sort();
    await store(list, ids);
    const { first, ranges, ids: read } = await readSplit(list, { split: 4, limit: 10 });
    expect(first.splitCursors).toHaveLength(3);
    expect(read).toEqual(ids);
    // The ranges share the work (evenly spread ids: no range is empty, none has nearly all).
    for (const range of ranges) expect(range.length).toBeGreaterThan(10);
  });

  it('gives every todo once with random (v4) ids and with ids of one millisecond', async () => {
    const random = newList();
    const randomIds = Array.from({ length: 60 }, () => uuidv4()).sort();
    await store(random, randomIds);
    expect((await readSplit(random, { split: 8, limit: 7 })).ids).toEqual(randomIds);

    const burst = newList();
    const burstIds = Array.from({ length: 40 }, () => idAt(1_700_000_000_000)).sort();
    await store(burst, burstIds);
    const read = await readSplit(burst, { split: 4, limit: 7 });
    expect(read.first.splitCursors).toBeUndefined();
    expect(read.ids).toEqual(burstIds);
  });

  it('cuts a rest worth a few pages into 4 ranges, not as many as asked for', async () => {
    const list = newList();
    const ids = Array.from({ length: 50 }, (_, index) => idAt(1_700_000_000_000 + index * 1000));
    await store(list, ids);
    const { first, ranges, ids: read } = await readSplit(list, { split: 8, limit: 10 });
    expect(first.splitCursors).toHaveLength(3);
    expect(ranges.map((range) => range.length)).toEqual([10, 10, 10, 10]);
    expect(read).toEqual(ids);
  });

  it('asks for the list’s last id side by side with the first page: two Query calls, and none without split', async () => {
    const list = newList();
    await store(list, Array.from({ length: 30 }, (_, index) => idAt(1_700_000_000_000 + index * 1000)));
    const queries = countCommands(table, 'QueryCommand');
    try {
      await repo.listPage(list, { limit: 10, split: 4 });
      expect(queries.count()).toBe(2);
      await repo.listPage(list, { limit: 10 });
      expect(queries.count()).toBe(3);
      // A list that fits its first page names no ranges.
      const whole = await repo.listPage(list, { limit: 100, split: 4 });
      expect(whole).toMatchObject({ nextCursor: null });
      expect(whole.splitCursors).toBeUndefined();
    } finally {
      queries.stop();
    }
  });

  it('misses nothing written or deleted while the ranges are read: new todos are in the last range, deleted ones in none', async () => {
    const list = newList();
    const ids = Array.from({ length: 40 }, (_, index) => idAt(1_700_000_000_000 + index * 1000)).sort();
    await store(list, ids);
    const first = await repo.listPage(list, { limit: 10, split: 3 });
    const ranges = [first.nextCursor, ...(first.splitCursors ?? [])];
    expect(ranges).toHaveLength(3);
    const later = idAt(1_800_000_000_000);
    await repo.create(list, [{ id: later, name: 'made while loading' }]);
    const gone = ids[25] ?? '';
    await repo.delete(list, [gone]);
    const rest = await Promise.all(ranges.map((cursor) => readRange((next) => repo.listPage(list, { cursor: next, limit: 10 }), cursor)));
    expect(rest.at(-1)?.at(-1)?.id).toBe(later);
    expect([first.items, ...rest].flat().map((todo) => todo.id)).toEqual([...ids.filter((id) => id !== gone), later]);
  });

  it('reads the same ranges from the table while the list index is being built (decision 060)', async () => {
    const list = newList();
    const ids = Array.from({ length: 30 }, (_, index) => idAt(1_700_000_000_000 + index * 1000)).sort();
    await store(list, ids);
    const first = await repo.listPage(list, { limit: 10, split: 3 });
    // DynamoDB refuses a Query on an index it is still building.
    const building = createTestClientFailingWith(table, 'ValidationException', {
      times: Number.POSITIVE_INFINITY,
      commandName: 'QueryCommand',
      when: (input) => (input as { IndexName?: string }).IndexName !== undefined,
      makeError: () => Object.assign(new Error('The table does not have the specified index: liveTodos'), { name: 'ValidationException' }),
    });
    const fallback = new DynamoDbTodoRepository({ client: building.documentClient, tableName: table.tableName });
    const rest = await Promise.all(
      [first.nextCursor, ...(first.splitCursors ?? [])].map((cursor) => readRange((next) => fallback.listPage(list, { cursor: next, limit: 4 }), cursor)),
    );
    expect(building.attempts()).toBeGreaterThan(0);
    expect([first.items, ...rest].flat().map((todo) => todo.id)).toEqual(ids);
    // And a first page while the index is being built reads the rest as one range.
    const unsplit = await fallback.listPage(list, { limit: 10, split: 3 });
    expect(unsplit.splitCursors).toBeUndefined();
    expect(unsplit.nextCursor).not.toBeNull();
  });
});

describe('range cursors', () => {
  const after = todoSortKey(idAt(1_000));
  const until = idAt(2_000);

  it('round-trip where a range stands and where it ends', () => {
    expect(decodeCursor(encodeCursor({ after, until }))).toEqual({ after, until });
    expect(decodeCursor(encodeCursor(after))).toEqual({ after });
  });

  it.each([
    ['an end that is no id', `${after} not-an-id`],
    ['an end before its start', `${after} ${idAt(500)}`],
    ['an end equal to its start', `${after} ${after.slice('TODO#'.length)}`],
    ['a third part', `${after} ${until} ${until}`],
  ])('refuse %s', (_what, text) => {
    expect(() => decodeCursor(Buffer.from(text, 'utf8').toString('base64url'))).toThrow(InvalidCursorError);
  });
});
