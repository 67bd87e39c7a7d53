/**
 * The isolation matrix extended to lists, over HTTP: for every procedure that names a list, a
 * person who is not a member gets exactly what a list that does not exist gets (same code,
 * status and message), and nothing changes. So nobody can read, write, invite, see members of,
 * or even learn of a list that is not theirs. Checked for a never-member and a removed member.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { List } from '../../shared/list';
import type { Todo } from '../../shared/todo';
import { outcome, person, type ApiPerson } from '../testing/api-people';
import { startLocalApi, type LocalApi } from '../testing/local-api';

let api: LocalApi;
let ann: ApiPerson;
let list: List;
let todo: Todo;
const intruders: Record<'stranger' | 'removed', ApiPerson> = {} as never;

beforeAll(async () => {
  api = await startLocalApi();
  [ann, intruders.stranger, intruders.removed] = await Promise.all([person(api, 'ann'), person(api, 'sam'), person(api, 'rex')]);
  [list] = (await ann.api.lists.create.mutate({ items: [{ name: "ann's secret list" }] })) as [List];
  [todo] = (await ann.api.todos.create.mutate({ items: [{ name: "ann's secret", listId: list.id }] })) as [Todo];
  const { token } = await ann.api.lists.invite.mutate({ listId: list.id, role: 'editor' });
  await intruders.removed.api.lists.join.mutate({ token });
  await ann.api.lists.removeMember.mutate({ listId: list.id, userId: intruders.removed.id });
});
afterAll(() => api.stop());

/** Replaces `id` by a placeholder, so outcomes for different ids compare equal. */
const withoutId = (value: unknown, id: string) => JSON.parse(JSON.stringify(value).replaceAll(id, '<id>')) as unknown;

/** Every call that names a list, for list id `listId` (and, where one is needed, todo id `todoId`). */
function callsOn(intruder: ApiPerson, listId: string, todoId: string): [string, () => Promise<unknown>][] {
  const { api: client } = intruder;
  return [
    ['todos.list', () => client.todos.list.query({ listId })],
    ['todos.changes', () => client.todos.changes.query({ listId, cursor: Buffer.from('2026-01-01T00:00:00.000Z').toString('base64url') })],
    ['todos.create', () => client.todos.create.mutate({ items: [{ name: 'planted', listId }] })],
    ['todos.update', () => client.todos.update.mutate({ items: [{ id: todoId, listId, changes: { name: 'owned' } }] })],
    ['todos.delete', () => client.todos.delete.mutate({ ids: [todoId], listId })],
    ['lists.update', () => client.lists.update.mutate({ items: [{ id: listId, changes: { name: 'owned' } }] })],
    ['lists.delete', () => client.lists.delete.mutate({ ids: [listId] })],
    ['lists.invite', () => client.lists.invite.mutate({ listId, role: 'editor' })],
    ['lists.members', () => client.lists.members.query({ listId })],
    ['lists.removeMember', () => client.lists.removeMember.mutate({ listId, userId: ann.id })],
    ['lists.revokeInvites', () => client.lists.revokeInvites.mutate({ listId })],
    ['lists.leave', () => client.lists.leave.mutate({ listId })],
  ];
}

describe.each(['stranger', 'removed'] as const)('a %s', (kind) => {
  it('gets for every call exactly what a list that does not exist gets', async () => {
    const intruder = intruders[kind];
    const missingList = uuidv7();
    const missingTodo = uuidv7();
    const onTheList = callsOn(intruder, list.id, todo.id);
    const onNothing = callsOn(intruder, missingList, missingTodo);
    for (const [index, [name, call]] of onTheList.entries()) {
      const guessed = withoutId(withoutId(await outcome(call()), list.id), todo.id);
      const missing = withoutId(withoutId(await outcome((onNothing[index]?.[1] ?? call)()), missingList), missingTodo);
      expect({ name, outcome: guessed }).toEqual({ name, outcome: missing });
      if (name !== 'lists.delete') expect({ name, outcome: guessed }).toMatchObject({ name, outcome: { code: 'NOT_FOUND', status: 404 } });
    }
  });

  it('never sees the list in lists.list or sync.changes', async () => {
    const intruder = intruders[kind];
    const { items, changesCursor } = await intruder.api.lists.list.query();
    expect(items.map((l) => l.id)).not.toContain(list.id);
    const page = await intruder.api.sync.changes.query({ cursor: changesCursor });
    expect(JSON.stringify(page)).not.toContain(todo.id);
    expect(JSON.stringify(page)).not.toContain("ann's secret");
  });

  it('left the list, its todo and its members as they were', async () => {
    expect((await ann.api.lists.list.query()).items.find((l) => l.id === list.id)).toMatchObject({ name: "ann's secret list", version: 1, memberCount: 1 });
    expect((await ann.api.todos.list.query({ listId: list.id })).items).toEqual([todo]);
    expect((await ann.api.lists.members.query({ listId: list.id })).items.map((m) => m.userId)).toEqual([ann.id]);
  });
});
