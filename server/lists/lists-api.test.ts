/**
 * Lists and sharing over HTTP (issue 24): the typed client, real tokens, the Lambda handler
 * behind the local bridge, DynamoDB Local. Every procedure of `lists.*`, every role, removal
 * taking effect on the very next request, invites that expire or are revoked, and the limits.
 */
import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { INVITE_TOKEN_LENGTH, LISTS_PER_PERSON_MAX, MAX_LISTS_PER_WRITE, MEMBERS_PER_LIST_MAX } from '../../shared/limits';
import { CONTENT_SHA256_HEADER, contentSha256 } from '../local/http-lambda-bridge';
import { failure, outcome, person, type ApiPerson } from '../testing/api-people';
import { startLocalApi, type LocalApi } from '../testing/local-api';
import { defaultListId, inviteKey } from './list-keys';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(() => api.stop());

/** A list of `owner`'s with `members` joined by invite with `role`. */
async function sharedList(owner: ApiPerson, members: readonly ApiPerson[], role: 'editor' | 'viewer' = 'editor') {
  const [list] = await owner.api.lists.create.mutate({ items: [{ name: `${owner.name}'s shared list` }] });
  if (!list) throw new Error('not created');
  const { token } = await owner.api.lists.invite.mutate({ listId: list.id, role });
  for (const member of members) await member.api.lists.join.mutate({ token });
  return list;
}

describe('the default list', () => {
  it('is made on first use, holds the todos written without a list, and each todo says its list', async () => {
    const ann = await person(api, 'ann');
    const { items, changesCursor } = await ann.api.lists.list.query();
    expect(changesCursor).toEqual(expect.any(String));
    expect(items).toEqual([
      expect.objectContaining({ id: defaultListId(ann.id), name: 'Todos', role: 'owner', isDefault: true, ownerId: ann.id, memberCount: 1, version: 1 }),
    ]);
    const [todo] = await ann.api.todos.create.mutate({ items: [{ name: 'no list named' }] });
    expect(todo?.listId).toBe(defaultListId(ann.id));
    expect((await ann.api.todos.list.query({ listId: defaultListId(ann.id) })).items).toEqual([todo]);
    expect((await ann.api.todos.list.query()).items).toEqual([todo]);
  });

  it('is made by a first todos call too (clients from before lists), and only once', async () => {
    const ann = await person(api, 'ann');
    await Promise.all([ann.api.todos.list.query(), ann.api.todos.create.mutate({ items: [{ name: 'first' }] })]);
    const { items } = await ann.api.lists.list.query();
    expect(items.map((list) => list.id)).toEqual([defaultListId(ann.id)]);
  });

  it('cannot be deleted (403), and stays', async () => {
    const ann = await person(api, 'ann');
    const refused = await failure(ann.api.lists.delete.mutate({ ids: [defaultListId(ann.id)] }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403, message: 'Your default list cannot be deleted' });
    expect((await ann.api.lists.list.query()).items).toHaveLength(1);
  });
});

describe('lists.create, update, delete', () => {
  it('creates with the caller as owner, renames with versions, and deletes with the todos', async () => {
    const ann = await person(api, 'ann');
    const id = uuidv7();
    const [list] = await ann.api.lists.create.mutate({ items: [{ id, name: '  Groceries ' }] });
    expect(list).toMatchObject({ id, name: 'Groceries', role: 'owner', isDefault: false, ownerId: ann.id, memberCount: 1, version: 1 });
    // A retry of the same create returns the stored list; the same id with another name is a conflict.
    expect(await ann.api.lists.create.mutate({ items: [{ id, name: 'Groceries' }] })).toEqual([list]);
    expect(await failure(ann.api.lists.create.mutate({ items: [{ id, name: 'Other' }] }))).toMatchObject({ code: 'CONFLICT', data: { ids: [id] } });

    const [renamed] = await ann.api.lists.update.mutate({ items: [{ id, changes: { name: 'Food' }, expectedVersion: 1 }] });
    expect(renamed).toMatchObject({ id, name: 'Food', version: 2 });
    expect(await failure(ann.api.lists.update.mutate({ items: [{ id, changes: { name: 'Stale' }, expectedVersion: 1 }] }))).toMatchObject({
      code: 'CONFLICT',
      status: 409,
    });

    await ann.api.todos.create.mutate({ items: [{ name: 'milk', listId: id }] });
    expect(await ann.api.lists.delete.mutate({ ids: [id] })).toEqual([id]);
    expect((await ann.api.lists.list.query()).items.map((l) => l.id)).toEqual([defaultListId(ann.id)]);
    expect(await failure(ann.api.todos.list.query({ listId: id }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    // A retried delete is no error.
    expect(await ann.api.lists.delete.mutate({ ids: [id] })).toEqual([id]);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const ann = await person(api, 'ann');
    const cases: [unknown, string][] = [
      [{ items: [{ name: '  ' }] }, 'items.0.name'],
      [{ items: [{ id: defaultListId('someone'), name: 'a' }] }, 'items.0.id'],
      [{ items: Array.from({ length: MAX_LISTS_PER_WRITE + 1 }, () => ({ name: 'a' })) }, 'items'],
    ];
    for (const [input, path] of cases) {
      const refused = await failure(ann.api.lists.create.mutate(input as never));
      expect(refused.status).toBe(400);
      expect(refused.data.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    }
    expect((await ann.api.lists.list.query()).items).toHaveLength(1);
    const mixed = await failure(
      ann.api.todos.create.mutate({ items: [{ name: 'a', listId: uuidv7() }, { name: 'b' }] }),
    );
    expect(mixed).toMatchObject({ status: 400, data: { issues: [expect.objectContaining({ path: 'items' })] } });
  });
});

describe('roles', () => {
  it('an editor reads and writes todos and renames, but does not invite, remove, revoke or delete', async () => {
    const [ann, ben, cat] = await Promise.all([person(api, 'ann'), person(api, 'ben'), person(api, 'cat')]);
    const list = await sharedList(ann, [ben, cat], 'editor');
    const [todo] = await ben.api.todos.create.mutate({ items: [{ name: 'from ben', listId: list.id }] });
    expect(todo).toMatchObject({ listId: list.id, version: 1 });
    await ben.api.todos.update.mutate({ items: [{ id: todo?.id ?? '', listId: list.id, changes: { status: 'completed' } }] });
    expect((await ann.api.todos.list.query({ listId: list.id })).items).toEqual([expect.objectContaining({ name: 'from ben', status: 'completed', version: 2 })]);
    await ben.api.todos.delete.mutate({ ids: [todo?.id ?? ''], listId: list.id });
    expect((await ann.api.todos.list.query({ listId: list.id })).items).toEqual([]);
    expect(await ben.api.lists.update.mutate({ items: [{ id: list.id, changes: { name: 'renamed by ben' } }] })).toEqual([
      expect.objectContaining({ name: 'renamed by ben', role: 'editor', isDefault: false }),
    ]);
    for (const call of [
      ben.api.lists.invite.mutate({ listId: list.id, role: 'viewer' }),
      ben.api.lists.removeMember.mutate({ listId: list.id, userId: cat.id }),
      ben.api.lists.revokeInvites.mutate({ listId: list.id }),
      ben.api.lists.delete.mutate({ ids: [list.id] }),
    ]) {
      expect(await failure(call)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
    expect((await ann.api.lists.members.query({ listId: list.id })).items.map((m) => m.userId).sort()).toEqual([ann.id, ben.id, cat.id].sort());
  });

  it('a viewer reads todos and members, and changes nothing (403)', async () => {
    const [ann, vic] = await Promise.all([person(api, 'ann'), person(api, 'vic')]);
    const list = await sharedList(ann, [vic], 'viewer');
    const [todo] = await ann.api.todos.create.mutate({ items: [{ name: 'read me', listId: list.id }] });
    expect((await vic.api.todos.list.query({ listId: list.id })).items).toEqual([todo]);
    expect((await vic.api.lists.list.query()).items).toContainEqual(expect.objectContaining({ id: list.id, role: 'viewer' }));
    for (const call of [
      vic.api.todos.create.mutate({ items: [{ name: 'no', listId: list.id }] }),
      vic.api.todos.update.mutate({ items: [{ id: todo?.id ?? '', listId: list.id, changes: { name: 'no' } }] }),
      vic.api.todos.delete.mutate({ ids: [todo?.id ?? ''], listId: list.id }),
      vic.api.lists.update.mutate({ items: [{ id: list.id, changes: { name: 'no' } }] }),
    ]) {
      expect(await failure(call)).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
    expect((await ann.api.todos.list.query({ listId: list.id })).items).toEqual([todo]);
  });

  it('members shows everyone with the name they signed in with and their role, the owner first; userId is what me returns', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const list = await sharedList(ann, [ben], 'viewer');
    expect(await ben.api.me.query()).toMatchObject({ id: ben.id, name: ben.name });
    expect((await ben.api.lists.members.query({ listId: list.id })).items).toEqual([
      { userId: ann.id, name: ann.name, role: 'owner' },
      { userId: ben.id, name: ben.name, role: 'viewer' },
    ]);
  });
});

describe('removal and leaving', () => {
  it('a removal takes effect on the removed person’s very next request: the same 404 as a list that does not exist', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const list = await sharedList(ann, [ben]);
    expect((await ben.api.todos.list.query({ listId: list.id })).items).toEqual([]);
    await ann.api.lists.removeMember.mutate({ listId: list.id, userId: ben.id });
    const removed = await outcome(ben.api.todos.list.query({ listId: list.id }));
    expect(removed).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(removed).toEqual(await outcome(ben.api.todos.list.query({ listId: uuidv7() })));
    expect(await failure(ben.api.todos.create.mutate({ items: [{ name: 'too late', listId: list.id }] }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await ben.api.lists.list.query()).items.map((l) => l.id)).not.toContain(list.id);
    expect((await ann.api.lists.members.query({ listId: list.id })).items.map((m) => m.userId)).toEqual([ann.id]);
    expect((await ann.api.lists.list.query()).items.find((l) => l.id === list.id)?.memberCount).toBe(1);
    // Removing someone who is not (or no longer) a member: 404.
    expect(await failure(ann.api.lists.removeMember.mutate({ listId: list.id, userId: ben.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a member can leave (then 404) and join again with a new link; the owner cannot leave', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const list = await sharedList(ann, [ben]);
    await ben.api.lists.leave.mutate({ listId: list.id });
    expect(await failure(ben.api.lists.members.query({ listId: list.id }))).toMatchObject({ code: 'NOT_FOUND' });
    const { token } = await ann.api.lists.invite.mutate({ listId: list.id, role: 'viewer' });
    expect(await ben.api.lists.join.mutate({ token })).toMatchObject({ id: list.id, role: 'viewer', memberCount: 2 });
    // Removing oneself is leaving.
    await ben.api.lists.removeMember.mutate({ listId: list.id, userId: ben.id });
    expect(await failure(ben.api.todos.list.query({ listId: list.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(ann.api.lists.leave.mutate({ listId: list.id }))).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });
});

describe('invites', () => {
  const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  it('are unguessable tokens that say nothing about the list, stored only as a hash, in a link', async () => {
    const ann = await person(api, 'ann');
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'secret list' }] });
    const invite = await ann.api.lists.invite.mutate({ listId: list?.id ?? '', role: 'editor' });
    expect(invite.token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${INVITE_TOKEN_LENGTH}}$`));
    // This Node client sends no Origin: the link is relative to the web app. A browser sends its Origin.
    expect(invite.url).toBe(`/#/join/${invite.token}`);
    const body = JSON.stringify({ listId: list?.id, role: 'viewer' });
    const fromBrowser = await fetch(`${api.url}/lists.invite`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ann.token}`,
        origin: 'https://todos.example',
        'content-type': 'application/json',
        [CONTENT_SHA256_HEADER]: contentSha256(body),
      },
      body,
    });
    const { result } = (await fromBrowser.json()) as { result: { data: { url: string; token: string } } };
    expect(result.data.url).toBe(`https://todos.example/#/join/${result.data.token}`);
    expect(Date.parse(invite.expiresAt)).toBeGreaterThan(Date.now());
    const second = await ann.api.lists.invite.mutate({ listId: list?.id ?? '', role: 'editor' });
    expect(second.token).not.toBe(invite.token);
    const get = (Key: Record<string, string>) => api.table.documentClient.send(new GetCommand({ TableName: api.table.tableName, Key }));
    expect((await get(inviteKey(hashOf(invite.token)))).Item).toMatchObject({ listId: list?.id, role: 'editor' });
    expect((await get(inviteKey(invite.token))).Item).toBeUndefined();
    expect(JSON.stringify((await get(inviteKey(hashOf(invite.token)))).Item)).not.toContain(invite.token);
  });

  it('join gives the invite’s role, and joining twice changes nothing', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'trip' }] });
    const { token } = await ann.api.lists.invite.mutate({ listId: list?.id ?? '', role: 'viewer' });
    const joined = await ben.api.lists.join.mutate({ token });
    expect(joined).toMatchObject({ id: list?.id, name: 'trip', role: 'viewer', isDefault: false, ownerId: ann.id, memberCount: 2 });
    expect(await ben.api.lists.join.mutate({ token })).toEqual(joined);
    expect(await ann.api.lists.join.mutate({ token })).toMatchObject({ role: 'owner', memberCount: 2 });
  });

  it('an expired, a revoked and an unknown invite all get the same 404, and join nothing', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'closed' }] });
    const listId = list?.id ?? '';
    const expired = (await ann.api.lists.invite.mutate({ listId, role: 'editor' })).token;
    // Time passing: the invite's expiry is in the past (DynamoDB's TTL may not have removed it yet).
    await api.table.documentClient.send(
      new UpdateCommand({
        TableName: api.table.tableName,
        Key: inviteKey(hashOf(expired)),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const revoked = (await ann.api.lists.invite.mutate({ listId, role: 'editor' })).token;
    await ann.api.lists.revokeInvites.mutate({ listId });
    const unknown = Buffer.alloc(32, 7).toString('base64url');
    const outcomes = await Promise.all([expired, revoked, unknown].map((token) => outcome(ben.api.lists.join.mutate({ token }))));
    expect(outcomes[0]).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[2]).toEqual(outcomes[0]);
    expect(await failure(ben.api.todos.list.query({ listId }))).toMatchObject({ code: 'NOT_FOUND' });
    // Links made after the revocation work.
    const fresh = (await ann.api.lists.invite.mutate({ listId, role: 'viewer' })).token;
    expect(await ben.api.lists.join.mutate({ token: fresh })).toMatchObject({ id: listId, role: 'viewer' });
  });

  it('an invite to a deleted list is not valid', async () => {
    const [ann, ben] = await Promise.all([person(api, 'ann'), person(api, 'ben')]);
    const [list] = await ann.api.lists.create.mutate({ items: [{ name: 'gone soon' }] });
    const { token } = await ann.api.lists.invite.mutate({ listId: list?.id ?? '', role: 'editor' });
    await ann.api.lists.delete.mutate({ ids: [list?.id ?? ''] });
    expect(await failure(ben.api.lists.join.mutate({ token }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(ben.api.lists.join.mutate({ token: 'short' }))).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
  });
});

describe('limits', () => {
  it(`a list takes at most ${MEMBERS_PER_LIST_MAX} members (the owner included): the next join is a 403 naming the limit, and joins nothing`, { timeout: 120_000 }, async () => {
    const ann = await person(api, 'ann');
    const others = await Promise.all(Array.from({ length: MEMBERS_PER_LIST_MAX }, (_, i) => person(api, `member${i}`)));
    const list = await sharedList(ann, others.slice(0, MEMBERS_PER_LIST_MAX - 1));
    const { token } = await ann.api.lists.invite.mutate({ listId: list.id, role: 'viewer' });
    const last = others[MEMBERS_PER_LIST_MAX - 1] as ApiPerson;
    const refused = await failure(last.api.lists.join.mutate({ token }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403, data: { limit: MEMBERS_PER_LIST_MAX } });
    expect(refused.message).toContain(String(MEMBERS_PER_LIST_MAX));
    expect((await ann.api.lists.members.query({ listId: list.id })).items).toHaveLength(MEMBERS_PER_LIST_MAX);
    expect(await failure(last.api.todos.list.query({ listId: list.id }))).toMatchObject({ code: 'NOT_FOUND' });
    // Room again after a removal.
    await ann.api.lists.removeMember.mutate({ listId: list.id, userId: others[0]?.id ?? '' });
    expect(await last.api.lists.join.mutate({ token })).toMatchObject({ memberCount: MEMBERS_PER_LIST_MAX });
  });

  it(`a person is in at most ${LISTS_PER_PERSON_MAX} lists (the default one included): creating or joining one more is a 403`, { timeout: 120_000 }, async () => {
    const [ann, bob] = await Promise.all([person(api, 'ann'), person(api, 'bob')]);
    await ann.api.lists.list.query();
    for (let made = 1; made < LISTS_PER_PERSON_MAX; made += MAX_LISTS_PER_WRITE) {
      const count = Math.min(MAX_LISTS_PER_WRITE, LISTS_PER_PERSON_MAX - made);
      await ann.api.lists.create.mutate({ items: Array.from({ length: count }, (_, i) => ({ name: `list ${made + i}` })) });
    }
    expect((await ann.api.lists.list.query()).items).toHaveLength(LISTS_PER_PERSON_MAX);
    const refused = await failure(ann.api.lists.create.mutate({ items: [{ name: 'one too many' }] }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403, data: { limit: LISTS_PER_PERSON_MAX } });
    const [bobs] = await bob.api.lists.create.mutate({ items: [{ name: "bob's" }] });
    const { token } = await bob.api.lists.invite.mutate({ listId: bobs?.id ?? '', role: 'editor' });
    expect(await failure(ann.api.lists.join.mutate({ token }))).toMatchObject({ code: 'FORBIDDEN', data: { limit: LISTS_PER_PERSON_MAX } });
    expect((await ann.api.lists.list.query()).items).toHaveLength(LISTS_PER_PERSON_MAX);
    expect((await bob.api.lists.members.query({ listId: bobs?.id ?? '' })).items).toHaveLength(1);
    // Room again after a delete.
    const someList = (await ann.api.lists.list.query()).items.find((l) => !l.isDefault);
    await ann.api.lists.delete.mutate({ ids: [someList?.id ?? ''] });
    expect(await ann.api.lists.join.mutate({ token })).toMatchObject({ id: bobs?.id });
  });
});
