/**
 * Isolation matrix over HTTP with two real signed-in users (typed client, real
 * tokens, Lambda handler, DynamoDB Local): for every procedure, a user never
 * sees, changes or deletes the other's rows, and a guessed id of the other user
 * behaves exactly like an id that does not exist. Checked in both directions.
 */
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Todo } from '../../shared/todo';
import { createTodosClient, type TodosClient } from '../../client/api/create-todos-client';
import { startLocalApi, type LocalApi } from '../testing/local-api';

let api: LocalApi;
const users: Record<'ann' | 'ben', { client: TodosClient; todo: Todo }> = {} as never;

beforeAll(async () => {
  api = await startLocalApi();
  for (const name of ['ann', 'ben'] as const) {
    const token = await api.identity.tokenFor(`${name}-${uuidv7()}`);
    const client = createTodosClient({ url: api.url, getToken: () => token });
    const [todo] = await client.todos.create.mutate({ items: [{ name: `${name}'s secret` }] });
    if (!todo) throw new Error('not created');
    users[name] = { client, todo };
  }
});
afterAll(() => api.stop());

/** The outcome of a call, comparable between two calls: data, or the error's code and message. */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await call };
  } catch (error) {
    if (!(error instanceof TRPCClientError)) throw error;
    const data = error.data as { code: string; httpStatus: number } | undefined;
    return { code: data?.code, status: data?.httpStatus, message: error.message };
  }
}

/** Replaces `id` by a placeholder, so outcomes for different ids compare equal. */
const withoutId = (value: unknown, id: string) => JSON.parse(JSON.stringify(value).replaceAll(id, '<id>')) as unknown;

describe.each([
  ['ann', 'ben'],
  ['ben', 'ann'],
] as const)('%s against %s', (ownerName, intruderName) => {
  it('me names the caller', async () => {
    const me = await users[intruderName].client.me.query();
    expect(me.kind).toBe('user');
    expect(me.name).toMatch(new RegExp(`^${intruderName}-`));
  });

  it("list never shows the other user's rows", async () => {
    const { items } = await users[intruderName].client.todos.list.query();
    expect(items.map((t) => t.id)).not.toContain(users[ownerName].todo.id);
    expect(items.map((t) => t.name)).not.toContain(`${ownerName}'s secret`);
  });

  it("update of the other user's id behaves like an unknown id, and changes nothing", async () => {
    const intruder = users[intruderName].client;
    const victimId = users[ownerName].todo.id;
    const unknownId = uuidv7();
    const update = (id: string) => intruder.todos.update.mutate({ items: [{ id, changes: { name: 'owned' } }] });
    const guessed = await outcome(update(victimId));
    expect(guessed).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(withoutId(guessed, victimId)).toEqual(withoutId(await outcome(update(unknownId)), unknownId));
  });

  it("delete of the other user's id behaves like an unknown id, and deletes nothing", async () => {
    const intruder = users[intruderName].client;
    const victimId = users[ownerName].todo.id;
    const unknownId = uuidv7();
    const guessed = await outcome(intruder.todos.delete.mutate({ ids: [victimId] }));
    expect(withoutId(guessed, victimId)).toEqual(withoutId(await outcome(intruder.todos.delete.mutate({ ids: [unknownId] })), unknownId));
  });

  it("create with the other user's id makes the caller's own row and leaves the other's alone", async () => {
    const intruder = users[intruderName].client;
    const victimId = users[ownerName].todo.id;
    const [mine] = await intruder.todos.create.mutate({ items: [{ id: victimId, name: 'same id, my row' }] });
    expect(mine).toMatchObject({ id: victimId, name: 'same id, my row', version: 1 });
    await intruder.todos.delete.mutate({ ids: [victimId] });
  });

  it("the other user's row is unchanged after all of the above", async () => {
    const { items } = await users[ownerName].client.todos.list.query();
    expect(items).toEqual([users[ownerName].todo]);
  });
});
