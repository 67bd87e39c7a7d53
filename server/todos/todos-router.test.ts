/**
 * The router through `createCaller`, exactly as a service-side caller would use it,
 * over the real DynamoDB repository on DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { MAX_ITEMS_PER_WRITE, TODO_NAME_MAX_LENGTH } from '../../shared/limits';
import { createCaller } from '../app-router';
import { contextFor, userCaller } from '../testing/test-caller';
import { RequestBudget } from '../trpc/request-budget';
import { createTestTable } from '../testing/test-table';
import { validationIssues } from '../trpc/validation-issues';
import type { DataStore } from '../data-store';
import { createDataStore } from '../dynamodb-data-store';
import type { TodoRepository } from './todo-repository';

let store: DataStore;
let todos: TodoRepository;
beforeAll(async () => {
  const table = await createTestTable();
  store = createDataStore({ client: table.documentClient, tableName: table.tableName });
  todos = store.todos;
});

const callerFor = (ownerId = `owner-${randomUUID()}`) => createCaller(contextFor(userCaller(ownerId), store));

async function trpcError(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('todos.create', () => {
  it('creates a batch and returns the stored rows', async () => {
    const caller = callerFor();
    const id = uuidv7();
    const created = await caller.todos.create({ items: [{ id, name: '  Walk the dog ' }, { name: 'Cook' }] });
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({ id, name: 'Walk the dog', status: 'pending', version: 1 });
    expect(created[1]?.id).toEqual(expect.any(String));
    expect((await caller.todos.list()).items).toEqual(created);
  });

  it.each([
    ['an empty name', { items: [{ name: '   ' }] }, 'items.0.name'],
    ['a name over the limit', { items: [{ name: 'x'.repeat(TODO_NAME_MAX_LENGTH + 1) }] }, 'items.0.name'],
    ['a non-UUID id', { items: [{ id: 'abc', name: 'a' }] }, 'items.0.id'],
    ['an unknown status', { items: [{ name: 'a', status: 'done' }] }, 'items.0.status'],
    ['a control character in the name', { items: [{ name: 'line\nbreak' }] }, 'items.0.name'],
    ['half of a surrogate pair in the name', { items: [{ name: 'ok' }, { name: 'broken \ud83d' }] }, 'items.1.name'],
    ['an unknown field', { items: [{ name: 'a', owner: 'someone-else' }] }, 'items.0'],
    ['an empty batch', { items: [] }, 'items'],
    ['too many items', { items: Array.from({ length: MAX_ITEMS_PER_WRITE + 1 }, () => ({ name: 'a' })) }, 'items'],
  ])('rejects %s with BAD_REQUEST naming the field, and writes nothing', async (_label, input, field) => {
    const caller = callerFor();
    const error = await trpcError(caller.todos.create(input as never));
    expect(error.code).toBe('BAD_REQUEST');
    expect(validationIssues(error.cause)?.map((issue) => issue.path)).toContain(field);
    expect((await caller.todos.list()).items).toEqual([]);
  });

  it('rejects a batch that names one id twice', async () => {
    const id = uuidv7();
    const error = await trpcError(callerFor().todos.create({ items: [{ id, name: 'a' }, { id, name: 'b' }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(validationIssues(error.cause)?.[0]?.path).toBe('items');
  });

  it('is idempotent on retry and reports CONFLICT for a reused id with other content', async () => {
    const caller = callerFor();
    const id = uuidv7();
    const [first] = await caller.todos.create({ items: [{ id, name: 'same' }] });
    expect(await caller.todos.create({ items: [{ id, name: 'same' }] })).toEqual([first]);
    const error = await trpcError(caller.todos.create({ items: [{ id, name: 'other' }] }));
    expect(error.code).toBe('CONFLICT');
  });

  it('treats a retry as a conflict once the stored status differs (same name is not enough)', async () => {
    const caller = callerFor();
    const id = uuidv7();
    await caller.todos.create({ items: [{ id, name: 'same' }] });
    await caller.todos.update({ items: [{ id, changes: { status: 'completed' } }] });
    expect((await trpcError(caller.todos.create({ items: [{ id, name: 'same' }] }))).code).toBe('CONFLICT');
    expect(await caller.todos.create({ items: [{ id, name: 'same', status: 'completed' }] })).toEqual([
      expect.objectContaining({ id, status: 'completed', version: 2 }),
    ]);
  });
});

describe('todos.update', () => {
  it('updates a batch and returns the stored rows', async () => {
    const caller = callerFor();
    const [a, b] = await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }] });
    const updated = await caller.todos.update({
      items: [
        { id: a?.id ?? '', changes: { status: 'completed' } },
        { id: b?.id ?? '', changes: { name: 'B' } },
      ],
    });
    expect(updated.map((t) => [t.name, t.status, t.version])).toEqual([
      ['a', 'completed', 2],
      ['B', 'pending', 2],
    ]);
  });

  it('answers NOT_FOUND for a missing id and CONFLICT for a stale version', async () => {
    const caller = callerFor();
    const missing = await trpcError(caller.todos.update({ items: [{ id: uuidv7(), changes: { name: 'x' } }] }));
    expect(missing.code).toBe('NOT_FOUND');

    const [todo] = await caller.todos.create({ items: [{ name: 'a' }] });
    const stale = await trpcError(
      caller.todos.update({ items: [{ id: todo?.id ?? '', changes: { name: 'b' }, expectedVersion: 7 }] }),
    );
    expect(stale.code).toBe('CONFLICT');
  });

  it('answers CONFLICT for a stale version inside a multi-item update (the transaction path), and changes nothing', async () => {
    const caller = callerFor();
    const [first, second] = await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }] });
    const error = await trpcError(
      caller.todos.update({
        items: [
          { id: first?.id ?? '', changes: { name: 'a2' }, expectedVersion: 1 },
          { id: second?.id ?? '', changes: { name: 'b2' }, expectedVersion: 5 },
        ],
      }),
    );
    expect(error.code).toBe('CONFLICT');
    expect((await caller.todos.list()).items).toEqual([first, second]);
  });

  it.each([
    ['an empty name', '', 'Must not be empty'],
    ['a blank name', '   ', 'Must not be empty'],
    ['a name over the limit', 'x'.repeat(TODO_NAME_MAX_LENGTH + 1), `at most ${TODO_NAME_MAX_LENGTH}`],
    ['a control character', 'tab\there', 'control characters'],
    ['half of a surrogate pair', '\ude00 broken', 'broken characters'],
  ])('applies the name rules on update too: rejects %s and writes nothing', async (_label, name, message) => {
    const caller = callerFor();
    const [todo] = await caller.todos.create({ items: [{ name: 'original' }] });
    const error = await trpcError(caller.todos.update({ items: [{ id: todo?.id ?? '', changes: { name } }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(validationIssues(error.cause)).toEqual([{ path: 'items.0.changes.name', message: expect.stringContaining(message) as unknown }]);
    expect((await caller.todos.list()).items).toEqual([todo]);
  });

  it('trims an updated name like a created one', async () => {
    const caller = callerFor();
    const [todo] = await caller.todos.create({ items: [{ name: 'original' }] });
    const [updated] = await caller.todos.update({ items: [{ id: todo?.id ?? '', changes: { name: '  renamed  ' } }] });
    expect(updated?.name).toBe('renamed');
  });

  it('rejects an update without changes', async () => {
    const error = await trpcError(callerFor().todos.update({ items: [{ id: uuidv7(), changes: {} }] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(validationIssues(error.cause)?.[0]?.path).toBe('items.0.changes');
  });

  it('cannot touch another owner’s todo', async () => {
    const [todo] = await callerFor('alice').todos.create({ items: [{ name: 'private' }] });
    const error = await trpcError(callerFor('mallory').todos.update({ items: [{ id: todo?.id ?? '', changes: { name: 'x' } }] }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('todos.delete', () => {
  it('deletes a batch and returns the ids', async () => {
    const caller = callerFor();
    const [a, b] = await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }] });
    expect(await caller.todos.delete({ ids: [a?.id ?? ''] })).toEqual([a?.id]);
    expect((await caller.todos.list()).items).toEqual([b]);
  });

  it('rejects a malformed id', async () => {
    const error = await trpcError(callerFor().todos.delete({ ids: ['../etc'] }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(validationIssues(error.cause)?.[0]?.path).toBe('ids.0');
  });
});

describe('todos.changes', () => {
  it('returns the caller’s own changes since the list’s cursor, with a tombstone for a delete', async () => {
    const caller = callerFor();
    const { changesCursor } = await caller.todos.list();
    const [kept, gone] = await caller.todos.create({ items: [{ name: 'kept' }, { name: 'gone' }] });
    await caller.todos.delete({ ids: [gone?.id ?? ''] });
    await callerFor().todos.create({ items: [{ name: 'someone else’s' }] });
    const page = await caller.todos.changes({ cursor: changesCursor });
    expect(page).toMatchObject({ expired: false, hasMore: false });
    expect(page.expired ? [] : page.changes).toEqual([
      { ...kept, deleted: false },
      { id: gone?.id, listId: kept?.listId, version: 2, updatedAt: expect.any(String) as string, deleted: true },
    ]);
  });

  it('rejects a missing, forged or oversized cursor and a bad limit, naming the field', async () => {
    const caller = callerFor();
    const { changesCursor } = await caller.todos.list();
    const forged = await trpcError(caller.todos.changes({ cursor: 'bm90LWEtY3Vyc29y' }));
    expect(forged).toMatchObject({ code: 'BAD_REQUEST', message: 'Invalid change cursor' });
    const long = await trpcError(caller.todos.changes({ cursor: 'x'.repeat(301) }));
    expect(validationIssues(long.cause)?.[0]).toMatchObject({ path: 'cursor', message: 'Not a valid cursor' });
    const limit = await trpcError(caller.todos.changes({ cursor: changesCursor, limit: 1001 }));
    expect(validationIssues(limit.cause)?.[0]).toMatchObject({ path: 'limit', message: 'Must be at most 1000' });
    // @ts-expect-error -- the cursor is required
    const missing = await trpcError(caller.todos.changes({}));
    expect(validationIssues(missing.cause)?.[0]?.path).toBe('cursor');
  });
});

describe('todos.list', () => {
  it('pages with a cursor and rejects a bad cursor or limit', async () => {
    const caller = callerFor();
    const created = await caller.todos.create({ items: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const first = await caller.todos.list({ limit: 2 });
    expect(first.items).toEqual(created.slice(0, 2));
    const second = await caller.todos.list({ limit: 2, cursor: first.nextCursor ?? '' });
    expect(second).toEqual({ items: created.slice(2), nextCursor: null, changesCursor: expect.any(String) as string });

    expect((await trpcError(caller.todos.list({ cursor: 'bm90LWEtY3Vyc29y' }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.todos.list({ limit: 0 }))).code).toBe('BAD_REQUEST');
  });

  it('hands out key ranges of the rest with `split`, read side by side to the same list; refuses split with a cursor, naming the field', async () => {
    const caller = callerFor();
    // Ids made a second apart, as a person makes todos: the ranges have something to share out.
    const ids = Array.from({ length: 12 }, (_, index) => uuidv7({ msecs: 1_700_000_000_000 + index * 1000 }));
    await caller.todos.create({ items: ids.map((id, index) => ({ id, name: `todo ${index}` })) });
    const first = await caller.todos.list({ limit: 3, split: 3 });
    expect(first.splitCursors).toHaveLength(2);
    const ranges = await Promise.all(
      [first.nextCursor, ...(first.splitCursors ?? [])].map(async (start) => {
        const read: string[] = [];
        for (let cursor = start; cursor !== null; ) {
          const page = await caller.todos.list({ cursor, limit: 2 });
          read.push(...page.items.map((todo) => todo.id));
          cursor = page.nextCursor;
        }
        return read;
      }),
    );
    expect([first.items.map((todo) => todo.id), ...ranges].flat()).toEqual(ids);
    // A range cursor is a position in the caller's own list only: another person reads their own (empty) list there.
    expect((await callerFor().todos.list({ cursor: first.splitCursors?.[0] ?? '' })).items).toEqual([]);

    const refused = await trpcError(caller.todos.list({ cursor: first.nextCursor ?? '', split: 2 }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(validationIssues(refused.cause)).toEqual([{ path: 'split', message: 'Only a first page (no cursor) can split the list' }]);
  });

  it('maps an unexpected repository failure to INTERNAL_SERVER_ERROR', async () => {
    const broken: TodoRepository = {
      ...todos,
      listPage: () => Promise.reject(new Error('socket hang up')),
    };
    const error = await trpcError(createCaller(contextFor(userCaller('x'), { ...store, todos: broken })).todos.list());
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    // The original error stays attached for the log (the HTTP answer hides it: handler tests).
    expect(error.cause).toMatchObject({ message: 'socket hang up' });
  });
});

describe('authentication (protectedProcedure)', () => {
  const unauthenticated = {
    requestId: 'test',
    authenticate: () => Promise.reject(new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in required' })),
    ...store,
    budget: new RequestBudget(),
    origin: '',
  };

  it('runs no procedure for a caller that is not signed in, and writes nothing', async () => {
    const anonymous = createCaller(() => ({ ...unauthenticated }));
    for (const call of [
      () => anonymous.me(),
      () => anonymous.todos.list(),
      () => anonymous.todos.create({ items: [{ name: 'x' }] }),
      () => anonymous.todos.update({ items: [{ id: uuidv7(), changes: { name: 'x' } }] }),
      () => anonymous.todos.delete({ ids: [uuidv7()] }),
    ]) {
      expect((await trpcError(call())).code).toBe('UNAUTHORIZED');
    }
  });

  it('me returns the verified caller', async () => {
    const caller = createCaller(contextFor(userCaller('local:ann', 'ann'), store));
    expect(await caller.me()).toEqual({ id: 'local:ann', name: 'ann', kind: 'user' });
  });

  it.each(['service', 'user'] as const)('checks the scopes of a %s per kind of call: todos/read for queries, todos/write for mutations', async (kind) => {
    const withScopes = (scopes: string[]) =>
      createCaller(contextFor({ id: `${kind}-${randomUUID()}`, name: 'same name', kind, scopes: new Set(scopes) }, store));
    for (const scopes of [['todos/write'], ['openid'], []]) {
      expect(await trpcError(withScopes(scopes).todos.list())).toMatchObject({ code: 'FORBIDDEN', message: 'This token lacks the todos/read scope' });
      const changesCursor = (await withScopes(['todos/read']).todos.list()).changesCursor;
      expect(await trpcError(withScopes(scopes).todos.changes({ cursor: changesCursor }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    for (const scopes of [['todos/read'], ['openid'], []]) {
      const caller = withScopes(scopes);
      for (const call of [
        () => caller.todos.create({ items: [{ name: 'x' }] }),
        () => caller.todos.update({ items: [{ id: uuidv7(), changes: { name: 'x' } }] }),
        () => caller.todos.delete({ ids: [uuidv7()] }),
      ]) {
        expect(await trpcError(call())).toMatchObject({ code: 'FORBIDDEN', message: 'This token lacks the todos/write scope' });
      }
    }
    expect((await withScopes(['todos/read']).todos.list()).items).toEqual([]);
    expect(await withScopes(['todos/write']).todos.create({ items: [{ name: 'x' }] })).toHaveLength(1);
  });

  it('me needs a verified caller but no API scope', async () => {
    const signInOnly = createCaller(contextFor({ ...userCaller('local:o', 'o'), scopes: new Set(['openid']) }, store));
    expect(await signInOnly.me()).toEqual({ id: 'local:o', name: 'o', kind: 'user' });
  });
});
